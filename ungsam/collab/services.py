"""Writes of consents: recording one (given or refused) and withdrawing one. The case's
gatekeeper is asked here (its contact persons and the unit's leader), and every write lands in
the audit log. Nothing here deletes a consent: it is withdrawn or lapses, and stays."""

import logging
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction
from ungsam.cases import attachments
from ungsam.cases.models import CaseStatus
from ungsam.collab.models import (
    Category,
    Consent,
    ConsentCategory,
    ConsentForm,
    ConsentGiver,
    ConsentScan,
    ConsentStatus,
    GiverKind,
)
from ungsam.lib.forms import EARLIEST_DATE, LATEST_DATE
from ungsam.org.models import PartnerOrganization, Unit
from ungsam.people.models import Guardian

log = logging.getLogger(__name__)

RECORD_FIELDS = (
    "status",
    "partners",
    "units",
    "categories",
    "purpose",
    "given_by_youth",
    "givers",
    "given_as",
    "valid_from",
    "valid_until",
    "note",
)
WITHDRAW_FIELDS = (
    "withdrawn_at",
    "withdrawn_by",
    "withdrawn_by_name",
    "withdrawal_reason",
    "withdrawal_recorded_by",
)


def add_months(moment: datetime, months: int) -> datetime:
    """The same day and time `months` later (the month's last day where it is shorter)."""
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    for day in (moment.day, 30, 29, 28):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise ValueError(moment)


def default_until(valid_from: datetime) -> datetime:
    return add_months(valid_from, settings.CONSENT_DEFAULT_MONTHS)


def _within(moment: datetime) -> bool:
    return EARLIEST_DATE <= timezone.localtime(moment).date() <= LATEST_DATE


def _check(values: dict, errors: dict) -> None:
    if values["status"] not in ConsentStatus.values:
        errors["status"] = _("Choose whether the consent was given or refused.")
    if values["given_as"] not in ConsentForm.values:
        errors["given_as"] = _("Choose written or oral.")
    if not values["categories"]:
        errors["categories"] = _("Choose at least one kind of information.")
    elif not set(values["categories"]) <= set(Category.values):
        errors["categories"] = _("Unknown kind of information.")
    if not values["partner_ids"] and not values["unit_ids"]:
        errors["partners"] = _("Choose at least one partner organization or unit.")
    if not values["purpose"]:
        errors["sharing_purpose"] = _("Say what the information is shared for.")
    if not values["given_by_youth"] and not values["guardian_ids"]:
        errors["given_by_youth"] = _("Say who gave the consent: the youth, a guardian, or both.")
    start, end = values["valid_from"], values["valid_until"]
    if not _within(start):
        errors["valid_from"] = _("Choose a date between %(first)s and %(last)s.") % {
            "first": EARLIEST_DATE.strftime("%d.%m.%Y"),
            "last": LATEST_DATE.strftime("%d.%m.%Y"),
        }
    if start > timezone.now():
        errors["valid_from"] = _("A consent is recorded once it is given: not in the future.")
    if values["status"] == ConsentStatus.GIVEN and "valid_from" not in errors:
        if end is None or end <= start:
            errors["valid_until"] = _("The consent must end after it starts.")
        elif not _within(end):
            errors["valid_until"] = _("Choose a date between %(first)s and %(last)s.") % {
                "first": EARLIEST_DATE.strftime("%d.%m.%Y"),
                "last": LATEST_DATE.strftime("%d.%m.%Y"),
            }


def consent_record(
    *,
    actor,
    purpose: str,
    case_id,
    status: str,
    partner_ids,
    unit_ids,
    categories,
    sharing_purpose: str,
    given_by_youth: bool,
    guardian_ids=(),
    given_as: str,
    valid_from: datetime | None = None,
    valid_until: datetime | None = None,
    note: str = "",
    scan=None,
) -> Consent:
    """Records a consent of the case's youth, given or refused: to which partner organisations
    and units of the municipality (at least one; never the case's own unit, which needs none),
    which information categories, for what (`sharing_purpose`), given by the youth and/or her
    guardians (`guardian_ids`, from her register), written or oral (`given_as`; the actor is
    the worker who documents it), from `valid_from` (now unless told; never in the future)
    until `valid_until` (CONSENT_DEFAULT_MONTHS later unless told). A refusal has no end. Her
    contact person or the unit's leader, on an open case. `scan`, an uploaded file: the signed
    form of a written consent (PDF, PNG or JPEG, stored encrypted as the journal's
    attachments)."""
    now = timezone.now()
    valid_from = valid_from or now
    if status == ConsentStatus.GIVEN and valid_until is None:
        valid_until = default_until(valid_from)
    if status == ConsentStatus.REFUSED:
        valid_until = None
    try:
        ids = {
            name: sorted({int(pk) for pk in given})
            for name, given in (
                ("partner_ids", partner_ids),
                ("unit_ids", unit_ids),
                ("guardian_ids", guardian_ids),
            )
        }
    except (TypeError, ValueError) as error:  # a caller other than the form: refused, not a 500
        raise ValidationError(_("Choose the recipients and givers from the lists.")) from error
    values = {
        "status": status,
        "given_as": given_as,
        "categories": sorted(set(categories)),
        **ids,
        "purpose": (sharing_purpose or "").strip(),
        "given_by_youth": bool(given_by_youth),
        "valid_from": valid_from,
        "valid_until": valid_until,
    }
    errors: dict = {}
    _check(values, errors)
    if scan is not None and given_as != ConsentForm.WRITTEN:
        errors["scan"] = _("Only a written consent has a form to attach.")
    if errors:
        raise ValidationError(errors)
    stored = None
    if scan is not None:
        policy.access_case(actor, case_id, write=True)  # refused (404) before the file is read
        stored = _store_scan(scan)
    try:
        with transaction.atomic():
            consent = _record_consent(actor, purpose, case_id, values, now, stored, note)
    except BaseException:
        if stored is not None:
            attachments.remove(stored["storage_name"])  # no file without its row
        raise
    return consent


def _store_scan(scan) -> dict:
    try:
        data, content_type = attachments.read_upload(scan)
    except ValidationError as error:
        raise ValidationError({"scan": error.messages}) from None
    try:
        storage_name = attachments.store(data)
    except OSError as error:  # a full or read-only disk: the user is told, IT finds the log
        log.error("consent form could not be stored: %s", type(error).__name__)
        raise ValidationError(
            {"scan": _("The attachment could not be stored. Try again, or tell IT support.")}
        ) from error
    return {
        "file_name": attachments.clean_file_name(getattr(scan, "name", ""), content_type),
        "content_type": content_type,
        "size": len(data),
        "sha256": attachments.digest(data),
        "storage_name": storage_name,
    }


def _record_consent(actor, purpose, case_id, values, now, stored, note) -> Consent:
    """The writes of `consent_record`, in its transaction."""
    status, given_as = values["status"], values["given_as"]
    valid_from, valid_until = values["valid_from"], values["valid_until"]
    case, grant = policy.access_case(actor, case_id, write=True)
    if case.status != CaseStatus.OPEN:
        raise ValidationError(_("The case is closed."))
    municipality_id = case.unit.municipality_id
    partners = list(
        PartnerOrganization.objects.filter(
            pk__in=values["partner_ids"], municipality_id=municipality_id, active=True
        )
    )
    units = list(
        Unit.objects.filter(
            pk__in=values["unit_ids"], municipality_id=municipality_id, active=True
        ).exclude(pk=case.unit_id)
    )
    if len(partners) != len(values["partner_ids"]) or len(units) != len(values["unit_ids"]):
        raise ValidationError(
            {"partners": _("Choose partner organizations and units of the municipality.")}
        )
    guardians = list(Guardian.objects.filter(pk__in=values["guardian_ids"], youth=case.youth))
    if len(guardians) != len(values["guardian_ids"]):
        raise ValidationError({"guardians": _("Choose among her guardians.")})
    consent = Consent(
        youth_id=case.youth_id,
        case=case,
        status=status,
        purpose=values["purpose"],
        given_by_youth=values["given_by_youth"],
        given_as=given_as,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        recorded_at=now,
        valid_from=valid_from,
        valid_until=valid_until,
        note=(note or "").strip(),
    )
    consent.save()
    consent.partners.set(partners)
    consent.units.set(units)
    ConsentCategory.objects.bulk_create(
        ConsentCategory(consent=consent, category=code) for code in values["categories"]
    )
    ConsentGiver.objects.bulk_create(
        ConsentGiver(consent=consent, guardian=g, name=g.name, relation=g.relation)
        for g in guardians
    )
    audit.record(
        actor,
        grant.entry(
            AuditAction.CREATE,
            purpose,
            obj=consent,
            youth_id=case.youth_id,
            fields=RECORD_FIELDS,
        ),
    )
    if stored is not None:
        scan = ConsentScan.objects.create(
            consent=consent,
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
            **stored,
        )
        audit.record(
            actor,
            grant.entry(
                AuditAction.CREATE,
                purpose,
                obj=scan,
                youth_id=case.youth_id,
                fields=("file_name", "content_type", "size", "file"),
            ),
        )
    return consent


def consent_withdraw(
    *,
    actor,
    purpose: str,
    case_id,
    consent_id,
    withdrawn_by: str,
    withdrawn_by_name: str = "",
    reason: str = "",
) -> Consent:
    """Withdraws a consent at once (the youth or a guardian says so; the actor records it). It
    is final: a withdrawn consent is never given back (a new consent is recorded instead), and a
    refusal or a consent that has lapsed has nothing to withdraw. Her contact person or the
    unit's leader, on an open or a closed case."""
    if withdrawn_by not in GiverKind.values:
        raise ValidationError({"withdrawn_by": _("Say who withdrew the consent.")})
    name = (withdrawn_by_name or "").strip()
    if withdrawn_by == GiverKind.GUARDIAN and not name:
        raise ValidationError({"withdrawn_by_name": _("Name the guardian who withdrew it.")})
    with transaction.atomic():
        case, grant = policy.access_case(actor, case_id, write=True)
        consent = Consent.objects.select_for_update().filter(pk=consent_id, case=case).first()
        if consent is None:
            policy.deny(actor, Consent, consent_id)
        now = timezone.now()
        if consent.withdrawn_at is not None:
            raise ValidationError(_("The consent is withdrawn already; a withdrawal is final."))
        if consent.status == ConsentStatus.REFUSED:
            raise ValidationError(_("A refusal has nothing to withdraw."))
        if consent.valid_until <= now:
            raise ValidationError(_("The consent has lapsed already: nothing to withdraw."))
        consent.withdrawn_at = now
        consent.withdrawn_by = withdrawn_by
        consent.withdrawn_by_name = name
        consent.withdrawal_reason = (reason or "").strip()
        consent.withdrawal_recorded_by = (
            actor if getattr(actor, "is_authenticated", False) else None
        )
        consent.save(update_fields=list(WITHDRAW_FIELDS))
        audit.record(
            actor,
            grant.entry(
                AuditAction.UPDATE,
                purpose,
                obj=consent,
                youth_id=case.youth_id,
                fields=WITHDRAW_FIELDS,
            ),
        )
    return consent
