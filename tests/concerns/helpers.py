"""Reports of concern for the tests, written through the services as Lise (Anna's contact
person), to Testvik's child welfare service."""

from datetime import timedelta

from django.utils import timezone

from ungsam.concerns import services
from ungsam.org.models import PartnerOrganization


def child_welfare(p) -> PartnerOrganization:
    found, _ = PartnerOrganization.objects.get_or_create(
        municipality=p.municipality,
        name="Barneverntjenesten i Testvik",
        defaults={
            "kind": "barnevern",
            "address": "Postboks 1, 9998 Testvik",
            "organization_number": "991010963",
        },
    )
    return found


def values(p, **extra) -> dict:
    data = {
        "grounds": ["neglect"],
        "assessment": "Jeg mener hun ikke får den omsorgen hun trenger.",
        "acute": False,
        "recipient_id": child_welfare(p).pk,
        "reporter_role": "Los",
        "reporter_phone": "912 34 567",
        "reporter_email": "lise@testvik.kommune.no",
        "child_told": True,
        "child_not_told_reason": "",
        "guardians_told": [],
        "report": "Hun kommer sulten på skolen hver dag.",
        "history": "Fulgt opp av Los siden i høst.",
        "other_views": "",
        "interpreter": "",
        "other_services": "",
    }
    data.update(extra)
    return data


def draft(p, *, actor=None, youth=None, **extra):
    youth = youth or p.youth_a
    return services.concern_report_create(
        actor=actor or p.los_a,
        case_id=youth.cases.get().pk,
        written_at=timezone.now() - timedelta(days=200),
        **values(p, **extra),
    )


def sent(p, *, days_ago=1, channel="letter", **extra):
    report = draft(p, **extra)
    return services.concern_report_send(
        actor=p.los_a,
        report_id=report.pk,
        sent_at=timezone.now() - timedelta(days=days_ago),
        channel=channel,
    )
