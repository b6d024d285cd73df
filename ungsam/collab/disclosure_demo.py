"""Disclosures in the demo, recorded as a worker records what she told someone outside Ungsam:
on the case whose consent page shows every state, one to the school under its valid consent,
and one to the police without consent because a life was in danger (with the note an exception
needs). One step of `manage.py seed_demo`, after the consents (ungsam/collab/demo.py)."""

from datetime import timedelta

from django.utils import timezone

from ungsam.access.models import Purpose
from ungsam.collab import disclosure_services
from ungsam.collab.demo import SCHOOL
from ungsam.collab.models import Consent, ConsentStatus
from ungsam.lib.demo import DemoContext

POLICE = "Fiktivik politistasjon"


def seed(demo: DemoContext) -> None:
    now = timezone.now()
    school = demo.partners[SCHOOL]
    # The consent to the school that is in force (the demo's first followed case has one).
    consent = (
        Consent.objects.valid_at(now)
        .filter(status=ConsentStatus.GIVEN, partners=school, categories__category="plan")
        .filter(categories__category="contact_details")
        .order_by("id")
        .first()
    )
    if consent is None:
        return
    case = consent.case
    worker = demo.contact_persons[case.pk][0]
    disclosure_services.disclosure_record(
        actor=worker,
        purpose=Purpose.DEMO_DATA,
        case_id=case.pk,
        partner_id=school.pk,
        categories=["contact_details", "plan"],
        consent_id=consent.pk,
        note="Telefonmøte med rådgiveren om oppmøteplanen.",
        at=now - timedelta(days=12, hours=3),
    )
    disclosure_services.disclosure_record(
        actor=worker,
        purpose=Purpose.DEMO_DATA,
        case_id=case.pk,
        partner_id=demo.partners[POLICE].pk,
        categories=["contact_details"],
        exception="danger_to_life",
        note=(
            "Ungdommen var meldt savnet om natten og hadde skrevet meldinger som gjorde oss "
            "redde. Politiet fikk telefonnummer og adresse for å lete. Ungdommen ble funnet "
            "samme natt."
        ),
        at=now - timedelta(days=5, hours=20),
    )
    demo.counts["disclosures"] = 2
