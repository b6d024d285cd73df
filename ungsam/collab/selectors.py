"""Reads of consents, through the case's gatekeeper (its contact persons and the unit's
leader; the "viewed" row names the consents), and the one query partner access will stand on
(issue 14 item 4): `valid_consents`."""

from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction, Purpose
from ungsam.cases import attachments
from ungsam.collab.guidance import Recipient, state_of
from ungsam.collab.models import Consent, ConsentCategory, ConsentGiver, ConsentScan
from ungsam.org.models import PartnerOrganization, Unit
from ungsam.people.models import Guardian

CONSENT_FIELDS = ("consents",)


def valid_consents(
    *, youth_id, category: str, partner_id=None, unit_id=None, at: datetime | None = None
) -> QuerySet[Consent]:
    """The youth's consents in force at `at` (now unless told; to the minute: valid_from <= at
    < valid_until, given, not withdrawn) that name `category` and the recipient (a partner
    organisation or a unit): one query. A building block for the policy, which asks who may
    see the youth; it does not itself check the reader, and records nothing."""
    return (
        Consent.objects.valid_at(at)
        .covering(category=category, partner_id=partner_id, unit_id=unit_id)
        .filter(youth_id=youth_id)
        .distinct()
    )


def _with_everything(queryset):
    related = ("recorded_by", "withdrawal_recorded_by", "scan")
    return queryset.select_related(*related).prefetch_related(
        Prefetch("categories", queryset=ConsentCategory.objects.order_by("id")),
        Prefetch("givers", queryset=ConsentGiver.objects.order_by("id")),
        Prefetch("partners", queryset=PartnerOrganization.objects.order_by("name")),
        Prefetch("units", queryset=Unit.objects.order_by("name")),
    )


def _annotate(consents, now):
    for consent in consents:
        consent.state = state_of(consent, now)
        consent.category_codes = [row.category for row in consent.categories.all()]
    return consents


def case_consents(*, actor, case_id, now: datetime | None = None):
    """The case, its grant, and every consent recorded on the case (newest first, in every
    state, each with `state`), with recipients, categories and givers: six queries however
    many. The "viewed" row names the consents. (Consents another unit recorded on its own case
    of the same youth are that case's: its readers are not necessarily this case's.)"""
    case, grant = policy.access_case(actor, case_id, also_shown=CONSENT_FIELDS)
    now = now or timezone.now()
    consents = list(
        _with_everything(Consent.objects.filter(case=case)).order_by("-recorded_at", "-id")
    )
    return case, grant, _annotate(consents, now)


def consent_of_case(*, actor, case_id, consent_id, printing: bool = False):
    """The case and one of its consents, read (the print page: a "viewed" row naming the
    consent and "printed"); else 404."""
    shown = (*CONSENT_FIELDS, *(("print",) if printing else ()))
    case, grant = policy.access_case(actor, case_id, also_shown=shown)
    consent = _with_everything(Consent.objects.filter(pk=consent_id, case=case)).first()
    if consent is None:
        policy.deny(actor, Consent, consent_id)
    _annotate([consent], timezone.now())
    return case, consent


def consent_for_withdrawal(*, actor, case_id, consent_id):
    """The case and one of its consents, for her contact person or the leader to withdraw (the
    confirmation page shows it: a "viewed" row); else 404."""
    case, grant = policy.access_case(actor, case_id, write=True)
    consent = _with_everything(Consent.objects.filter(pk=consent_id, case=case)).first()
    if consent is None:
        policy.deny(actor, Consent, consent_id)
    audit.record(
        actor,
        grant.entry(
            AuditAction.VIEW,
            Purpose.CASEWORK,
            obj=consent,
            youth_id=case.youth_id,
            fields=("partners", "units", "categories", "purpose", "valid_until"),
        ),
    )
    _annotate([consent], timezone.now())
    return case, consent


def consent_form_choices(*, actor, case_id):
    """The case (for her contact person or the leader, else 404), her guardians (the form
    names them: a "viewed" row), and the recipients a consent may name: the municipality's
    active partner organisations and its active units other than the case's own."""
    case, grant = policy.access_case(actor, case_id, write=True)
    guardians = list(Guardian.objects.filter(youth_id=case.youth_id).order_by("id"))
    if guardians:
        audit.record(
            actor,
            grant.entry(
                AuditAction.VIEW,
                Purpose.CASEWORK,
                obj=case.youth,
                youth_id=case.youth_id,
                fields=("guardians",),
            ),
        )
    partners, units = recipients_for(case)
    return case, guardians, partners, units


def recipients_for(case):
    """The municipality's active partner organisations and its active units other than the
    case's own (configuration, not personal data)."""
    municipality_id = case.unit.municipality_id
    partners = list(
        PartnerOrganization.objects.filter(municipality_id=municipality_id, active=True).order_by(
            "name"
        )
    )
    units = list(
        Unit.objects.filter(municipality_id=municipality_id, active=True)
        .exclude(pk=case.unit_id)
        .order_by("name")
    )
    return partners, units


def recipient_list(partners, units) -> list[Recipient]:
    return [Recipient("org", p.pk, p.name) for p in partners] + [
        Recipient("unit", u.pk, u.name) for u in units
    ]


def consent_scan_download(*, actor, case_id, consent_id) -> tuple[ConsentScan, bytes]:
    """The signed form of one of the case's consents and its checked bytes, for her contact
    person or the leader (the read recorded); else 404. `attachments.AttachmentUnreadable` when
    the stored file is gone or does not match."""
    case, grant = policy.access_case(actor, case_id, write=True)
    scan = ConsentScan.objects.filter(consent_id=consent_id, consent__case=case).first()
    if scan is None:
        policy.deny(actor, Consent, consent_id)
    audit.record(
        actor,
        grant.entry(
            AuditAction.VIEW,
            Purpose.CASEWORK,
            obj=scan,
            youth_id=case.youth_id,
            fields=("file_name", "file"),
        ),
    )
    return scan, attachments.load(scan.storage_name, scan.sha256)
