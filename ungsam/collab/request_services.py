"""Writes of collaboration requests (videreformidling): sending one from a case to a partner
organisation, recording one that came from a partner, and moving it on: received, accepted or
declined (with the reason), done (with what came of it). Only forward, in that order; declined
ends it.

Who: on the case's side her contact persons and the unit's leader (`access_case` with write,
as for a disclosure); a request sent to a partner is answered by a user with a partner role in
that organisation (`access_partner_request`); one that came from a partner, by the unit.
Sending gives the partner something about the youth, so it stands on the same basis as a
disclosure and writes one (`disclosure_record`): the disclosure log and the youth's
subject-access export show it."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction
from ungsam.cases.models import CaseStatus
from ungsam.collab.disclosure_services import disclosure_record
from ungsam.collab.models import (
    Category,
    CollaborationRequest,
    RequestDirection,
    RequestStatus,
)
from ungsam.lib.forms import EARLIEST_DATE, has_control_characters
from ungsam.org.models import PartnerOrganization

TEXT_MAX = 2000
CREATE_FIELDS = ("direction", "partner", "service", "asked", "categories", "consent", "exception")


def _text(value, field: str, *, required: str = "") -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else None
    if text is None or has_control_characters(text):
        raise ValidationError({field: _("The text contains characters that are not allowed.")})
    if required and not text:
        raise ValidationError({field: required})
    if len(text) > TEXT_MAX:
        raise ValidationError({field: _("At most %(n)s characters.") % {"n": TEXT_MAX}})
    return text


def _partner(case, partner_id) -> PartnerOrganization:
    """An active partner organisation of the case's municipality; else refused."""
    try:
        pk = int(partner_id)
    except (TypeError, ValueError, OverflowError):
        pk = None
    found = (
        PartnerOrganization.objects.filter(
            pk=pk, municipality_id=case.unit.municipality_id, active=True
        ).first()
        if pk is not None and 0 < pk < 2**63
        else None
    )
    if found is None:
        raise ValidationError({"partner": _("Choose a partner organization of the municipality.")})
    return found


def _open_case(actor, case_id):
    case, grant = policy.access_case(actor, case_id, write=True)
    if case.status != CaseStatus.OPEN:
        raise ValidationError(_("The case is closed."))
    return case, grant


def _record(actor, grant, action, purpose, request, fields):
    audit.record(
        actor,
        grant.entry(action, purpose, obj=request, youth_id=request.case.youth_id, fields=fields),
    )


def request_send(
    *,
    actor,
    purpose: str,
    case_id,
    partner_id,
    asked: str,
    categories,
    consent_id=None,
    exception: str = "",
    note: str = "",
    at: datetime | None = None,
) -> CollaborationRequest:
    """Sends a request from the case to a partner organisation: what is asked, what is shared
    with it (information categories) and on what basis (a consent of the case in force naming
    the partner and every category, or an exception with a note). Writes the disclosure of
    what was shared. Her contact persons and the unit's leader, on an open case. `at`: when it
    was sent (now unless told; the demo tells)."""
    asked = _text(asked, "asked", required=_("Say what you ask the service to do."))
    with transaction.atomic():
        case, grant = _open_case(actor, case_id)
        partner = _partner(case, partner_id)
        disclosure = disclosure_record(
            actor=actor,
            purpose=purpose,
            case_id=case.pk,
            categories=categories,
            partner_id=partner.pk,
            consent_id=consent_id,
            exception=exception,
            note=_text(note, "note"),
            at=at,
        )
        request = CollaborationRequest.objects.create(
            case=case,
            direction=RequestDirection.OUTGOING,
            partner=partner,
            service=partner.kind,
            asked=asked,
            categories=disclosure.categories,
            consent=disclosure.consent,
            exception=disclosure.exception,
            basis_note=disclosure.note,
            disclosure=disclosure,
            sent_at=disclosure.at,
            sent_by=actor,
        )
        _record(actor, grant, AuditAction.CREATE, purpose, request, CREATE_FIELDS)
    return request


def request_record_incoming(
    *,
    actor,
    purpose: str,
    case_id,
    partner_id,
    asked: str,
    categories=(),
    note: str = "",
    sent_at: datetime | None = None,
) -> CollaborationRequest:
    """Records a request that came to the unit from a partner organisation by phone, letter or
    in a meeting: who asks, what, what they told about the youth (categories), when it came.
    It is received when recorded; the unit answers it. Her contact persons and the leader."""
    asked = _text(asked, "asked", required=_("Say what the service asks you to do."))
    note = _text(note, "note")
    codes = _codes(categories)
    now = timezone.now()
    sent_at = sent_at or now
    if sent_at > now:
        raise ValidationError(
            {"sent_at": _("A request is recorded once it came: not in the future.")}
        )
    if timezone.localtime(sent_at).date() < EARLIEST_DATE:
        raise ValidationError({"sent_at": _("Choose a time from 2000 up to now.")})
    with transaction.atomic():
        case, grant = _open_case(actor, case_id)
        partner = _partner(case, partner_id)
        request = CollaborationRequest.objects.create(
            case=case,
            direction=RequestDirection.INCOMING,
            partner=partner,
            service=partner.kind,
            asked=asked,
            categories=codes,
            basis_note=note,
            sent_at=sent_at,
            status=RequestStatus.RECEIVED,
            received_at=now,
            received_by=actor,
        )
        _record(actor, grant, AuditAction.CREATE, purpose, request, (*CREATE_FIELDS, "received_at"))
    return request


def request_from_partner(
    *, actor, purpose: str, case_id, asked: str, categories=(), note: str = ""
) -> CollaborationRequest:
    """A partner asks the case's unit, through Ungsam, to act for a youth whose team she sits on
    for her organisation: what she asks and what she tells about the youth (categories). It
    waits for the unit to open it (sent), as the partner's inbox does for the other way."""
    asked = _text(asked, "asked", required=_("Say what you ask the unit to do."))
    note = _text(note, "note")
    codes = _codes(categories)
    with transaction.atomic():
        seat, grant = policy.partner_seat_for_request(actor, case_id, purpose=purpose)
        case = seat.team.case
        if case.status != CaseStatus.OPEN:
            raise ValidationError(_("The case is closed."))
        request = CollaborationRequest.objects.create(
            case=case,
            direction=RequestDirection.INCOMING,
            partner=seat.partner,
            service=seat.partner.kind,
            asked=asked,
            categories=codes,
            basis_note=note,
            sent_by=actor,
        )
        _record(actor, grant, AuditAction.CREATE, purpose, request, CREATE_FIELDS)
    return request


def _codes(categories) -> list[str]:
    try:
        codes = sorted({str(code) for code in categories or ()})
    except TypeError as error:
        raise ValidationError({"categories": _("Unknown kind of information.")}) from error
    if not set(codes) <= set(Category.values):
        raise ValidationError({"categories": _("Unknown kind of information.")})
    return codes


def _answerable(actor, purpose: str, request_id):
    """The request locked, and the grant its answerer acts on: for one sent to a partner, a
    user with a partner role there; for one that came from a partner, the unit (her contact
    persons and the leader). Else 404."""
    try:
        pk = int(request_id)
        direction = (
            CollaborationRequest.objects.filter(pk=pk).values_list("direction", flat=True).first()
        )
    except (TypeError, ValueError, OverflowError):
        direction = None
    if direction == RequestDirection.OUTGOING:
        return policy.access_partner_request(actor, request_id, purpose=purpose, lock=True)
    if direction == RequestDirection.INCOMING:
        case_id = CollaborationRequest.objects.filter(pk=pk).values_list("case_id", flat=True)[0]
        case, grant = policy.access_case(actor, case_id, write=True)
        found = CollaborationRequest.objects.select_for_update().filter(pk=pk, case=case)
        return found.select_related("case__youth").get(), grant
    policy.deny_request(actor, request_id, purpose=purpose)


def _move(actor, purpose, request_id, *, allowed_from: str, to: str, fields, **changes):
    with transaction.atomic():
        request, grant = _answerable(actor, purpose, request_id)
        if request.status != allowed_from:
            raise ValidationError(_order_message(request.status, to))
        request.status = to
        for name, value in changes.items():
            setattr(request, name, value)
        request.save(update_fields=["status", *changes])
        _record(actor, grant, AuditAction.UPDATE, purpose, request, ("status", *fields))
    return request


def _order_message(current: str, wanted: str) -> str:
    if current == RequestStatus.DECLINED:
        return _("The request was declined: it cannot be moved on.")
    if current == RequestStatus.DONE:
        return _("The request is done already.")
    if current == RequestStatus.SENT:
        return _("The request has not been received yet.")
    if (
        wanted in (RequestStatus.ACCEPTED, RequestStatus.DECLINED)
        and current != RequestStatus.RECEIVED
    ):
        return _("The request has been answered already.")
    if wanted == RequestStatus.DONE:
        return _("Only an accepted request can be marked done.")
    return _("The request has been received already.")


def request_receive(*, actor, purpose: str, request_id) -> CollaborationRequest:
    """Marks a request received when the one who answers it opens it (the partner, or the unit
    for one a partner sent through Ungsam); opening it again changes nothing."""
    with transaction.atomic():
        request, grant = _answerable(actor, purpose, request_id)
        if request.status != RequestStatus.SENT:
            return request
        request.status = RequestStatus.RECEIVED
        request.received_at = timezone.now()
        request.received_by = actor
        request.save(update_fields=["status", "received_at", "received_by"])
        _record(actor, grant, AuditAction.UPDATE, purpose, request, ("status", "received_at"))
    return request


def request_accept(*, actor, purpose: str, request_id) -> CollaborationRequest:
    return _move(
        actor,
        purpose,
        request_id,
        allowed_from=RequestStatus.RECEIVED,
        to=RequestStatus.ACCEPTED,
        fields=("answered_at",),
        answered_at=timezone.now(),
        answered_by=actor,
    )


def request_decline(*, actor, purpose: str, request_id, reason: str) -> CollaborationRequest:
    reason = _text(reason, "text", required=_("Say why the request is declined."))
    return _move(
        actor,
        purpose,
        request_id,
        allowed_from=RequestStatus.RECEIVED,
        to=RequestStatus.DECLINED,
        fields=("answered_at", "decline_reason"),
        answered_at=timezone.now(),
        answered_by=actor,
        decline_reason=reason,
    )


def request_done(*, actor, purpose: str, request_id, outcome: str) -> CollaborationRequest:
    outcome = _text(outcome, "text", required=_("Say what came of it."))
    return _move(
        actor,
        purpose,
        request_id,
        allowed_from=RequestStatus.ACCEPTED,
        to=RequestStatus.DONE,
        fields=("done_at", "outcome"),
        done_at=timezone.now(),
        done_by=actor,
        outcome=outcome,
    )


ANSWERS = {
    "accept": (request_accept, None),
    "decline": (request_decline, "reason"),
    "done": (request_done, "outcome"),
}


def request_answer(*, actor, purpose: str, request_id, action: str, text: str = ""):
    """One of the answers above by name (the answer form's button)."""
    if action not in ANSWERS:
        raise ValidationError(_("Choose an answer."))
    service, text_arg = ANSWERS[action]
    extra = {text_arg: text} if text_arg else {}
    return service(actor=actor, purpose=purpose, request_id=request_id, **extra)
