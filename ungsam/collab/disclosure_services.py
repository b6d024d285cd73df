"""Recording a disclosure made outside Ungsam (a phone call, a meeting, a letter): to whom,
what, and on what legal basis — a consent of the youth in force that covers the recipient and
every category, or an exception the municipality allows (ungsam/collab/exceptions.py) with a
note saying why. Her contact person or the unit's leader records it; the write is audited.
A disclosure is never changed or deleted (the model refuses it too): a mistake is put right by
a note on a new one."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction
from ungsam.collab import exceptions, guidance
from ungsam.collab.models import (
    Category,
    Consent,
    ConsentStatus,
    Disclosure,
    DisclosureChannel,
)
from ungsam.collab.selectors import recipient_list, recipients_for
from ungsam.lib.forms import EARLIEST_DATE

RECORD_FIELDS = ("at", "channel", "partner", "unit", "categories", "consent", "exception", "note")


def _optional_id(value) -> int | None:
    if value is None or value == "":
        return None
    number = int(value)
    if not 0 < number < 2**63:
        raise ValueError(value)
    return number


def _check(values: dict) -> None:
    errors = {}
    codes = values["categories"]
    if not codes:
        errors["categories"] = _("Choose at least one kind of information.")
    elif not set(codes) <= set(Category.values):
        errors["categories"] = _("Unknown kind of information.")
    if (values["partner_id"] is None) == (values["unit_id"] is None):
        errors["recipient"] = _("Choose who the information was given to.")
    exception = values["exception"]
    if (values["consent_id"] is None) == (not exception):
        errors["basis"] = _("Choose the basis: a consent in force, or an exception the law allows.")
    elif exception and not exceptions.is_configured(exception):
        errors["basis"] = _("Choose an exception from the list.")
    elif exception and not values["note"]:
        errors["note"] = _("An exception needs a note: what happened, and why it was necessary.")
    at = values["at"]
    if at > timezone.now():
        errors["at"] = _("A disclosure is recorded once it is made: not in the future.")
    elif timezone.localtime(at).date() < EARLIEST_DATE:
        errors["at"] = _("Choose a time from 2000 up to now.")
    if errors:
        raise ValidationError(errors)


def _recipient(case, partner_id, unit_id) -> guidance.Recipient:
    """The recipient among those a consent may name (the municipality's active partner
    organisations and units other than the case's own); else refused."""
    kind, pk = ("org", partner_id) if partner_id is not None else ("unit", unit_id)
    for recipient in recipient_list(*recipients_for(case)):
        if recipient.kind == kind and recipient.pk == pk:
            return recipient
    raise ValidationError(
        {"recipient": _("Choose a partner organization or a unit of the municipality.")}
    )


def _covering_consent(case, consent_id, recipient, codes, at) -> Consent:
    """The chosen consent of the case, if it covers the recipient and every category at `at`
    (and no later refusal of the youth's took a pair back); else refused in plain words, the
    first category it does not cover explained ("The consent does not cover journal summaries
    to NAV")."""
    related = ("partners", "units", "categories")
    consent = Consent.objects.filter(pk=consent_id, case=case).prefetch_related(*related).first()
    if consent is None:
        raise ValidationError({"basis": _("Choose a consent recorded on this case.")})
    refusals = list(
        Consent.objects.filter(youth_id=case.youth_id, status=ConsentStatus.REFUSED)
        .exclude(pk=consent.pk)
        .prefetch_related(*related)
    )
    for code in codes:
        coverage = guidance.explain([consent, *refusals], recipient, code, at)
        if not coverage.covered:
            raise ValidationError({"basis": coverage.text})
    return consent


def disclosure_record(
    *,
    actor,
    purpose: str,
    case_id,
    categories,
    partner_id=None,
    unit_id=None,
    consent_id=None,
    exception: str = "",
    note: str = "",
    at: datetime | None = None,
) -> Disclosure:
    """Records that something about the case's youth was given outside Ungsam: to a partner
    organisation (`partner_id`) or another unit of the municipality (`unit_id`), which
    information categories, when (`at`, now unless told; never in the future), and on what
    basis: a consent recorded on the case (`consent_id`) that was in force at `at` and covers
    the recipient and every category, or an exception from DISCLOSURE_EXCEPTIONS
    (`exception`) with a `note` saying why. Her contact person or the unit's leader."""
    try:
        ids = {
            name: _optional_id(value)
            for name, value in (
                ("partner_id", partner_id),
                ("unit_id", unit_id),
                ("consent_id", consent_id),
            )
        }
        codes = sorted({str(code) for code in categories or ()})
    except (TypeError, ValueError, OverflowError) as error:  # a caller other than the form
        raise ValidationError(_("Choose the recipient and the basis from the lists.")) from error
    values = {
        **ids,
        "categories": codes,
        "exception": (exception or "").strip(),
        "note": (note or "").strip(),
        "at": at or timezone.now(),
    }
    _check(values)
    with transaction.atomic():
        case, grant = policy.access_case(actor, case_id, write=True)
        recipient = _recipient(case, values["partner_id"], values["unit_id"])
        consent = None
        if values["consent_id"] is not None:
            consent = _covering_consent(case, values["consent_id"], recipient, codes, values["at"])
        disclosure = Disclosure(
            youth_id=case.youth_id,
            case=case,
            at=values["at"],
            channel=DisclosureChannel.RECORDED,
            partner_id=values["partner_id"],
            unit_id=values["unit_id"],
            user=actor if getattr(actor, "is_authenticated", False) else None,
            categories=codes,
            consent=consent,
            exception=values["exception"] if consent is None else "",
            note=values["note"],
        )
        disclosure.save()
        audit.record(
            actor,
            grant.entry(
                AuditAction.CREATE,
                purpose,
                obj=disclosure,
                youth_id=case.youth_id,
                fields=RECORD_FIELDS,
            ),
        )
    return disclosure
