"""Writes of the requests to find a youth (issue 18, point 5; seed 002: outreach is rarely
asked to find the youth OT cannot reach, though it could): OT sends one from a registration,
the asked team answers found, not found or new contact, and OT marks the answer seen.

Each service asks the policy itself: sending is the registration case's (its contact persons
and the OT unit's leader); answering is the asked team's (`policy.access_find_request_for_finder`);
marking seen is the OT unit leader's or the case's contact person's. Each runs in a
transaction and records what it changed in the audit log."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction, Purpose
from ungsam.cases.models import CaseStatus
from ungsam.ot.models import FindAnswer, FindRequest, OTRegistration

TEXT_MAX = 2000


def _text(value, name: str, *, required: str = "") -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({name: required})
    if len(value) > TEXT_MAX:
        raise ValidationError({name: _("At most %(n)s characters.") % {"n": TEXT_MAX}})
    return value


def _as_id(value):
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return None


def registration_for_writer(actor, registration_id, *, purpose: str):
    """The registration (404 unless the user sees it), its open case and the writing grant
    (its contact person or the OT unit's leader, else 404)."""
    registration = policy.get_or_404(
        actor,
        policy.registrations_visible_to(actor).select_related("case"),
        registration_id,
        purpose=purpose,
    )
    case, grant = policy.access_case(actor, registration.case_id, write=True)
    return registration, case, grant


def find_request_send(
    *,
    actor,
    purpose: str = Purpose.FOLLOW_UP_SERVICE,
    registration_id,
    outreach_unit_id,
    asked: str,
) -> FindRequest:
    """Asks an outreach or presence team of the OT unit's or the youth's home municipality to
    find the youth: what is known (where she has been seen) and what OT has tried. One open
    request per registration and team."""
    asked = _text(
        asked,
        "asked",
        required=_("Say what is known and what you ask: where she has been seen, what you tried."),
    )
    with transaction.atomic():
        registration, case, grant = registration_for_writer(actor, registration_id, purpose=purpose)
        if case.status != CaseStatus.OPEN:
            raise ValidationError(_("The case is closed."))
        OTRegistration.objects.select_for_update().filter(pk=registration.pk).first()
        unit_id = _as_id(outreach_unit_id)
        unit = (
            policy.finding_units_for(case, registration.home_municipality_id)
            .filter(pk=unit_id)
            .first()
        )
        if unit is None:
            raise ValidationError({"outreach_unit": _("Choose a team from the list.")})
        if FindRequest.objects.filter(
            registration=registration, outreach_unit=unit, answered_at__isnull=True
        ).exists():
            raise ValidationError(
                {"outreach_unit": _("This team already has an open request about her.")}
            )
        found = FindRequest(
            registration=registration, outreach_unit=unit, asked=asked, sent_by=actor
        )
        found.full_clean(validate_constraints=False)  # the open one is asked above
        try:
            with transaction.atomic():
                found.save()
        except IntegrityError as error:  # sent at the same moment by someone else
            raise ValidationError(
                {"outreach_unit": _("This team already has an open request about her.")}
            ) from error
        audit.record(
            actor,
            grant.entry(
                AuditAction.CREATE,
                purpose,
                obj=found,
                youth_id=case.youth_id,
                fields=("outreach_unit", "asked"),
            ),
        )
    return found


def find_request_answer(
    *,
    actor,
    purpose: str = Purpose.FOLLOW_UP_SERVICE,
    request_id,
    answer: str,
    note: str = "",
) -> FindRequest:
    """The asked team's answer: found, not found or new contact established, with a note. The
    answer goes back to OT; the team no longer sees her data."""
    if answer not in FindAnswer.values:
        raise ValidationError({"answer": _("Choose an answer from the list.")})
    note = _text(note, "note")
    with transaction.atomic():
        found, grant = policy.access_find_request_for_finder(
            actor, request_id, lock=True, purpose=purpose
        )
        if found.answered_at is not None:
            raise ValidationError(_("The request has been answered already."))
        found.answer, found.answer_note = answer, note
        found.answered_at, found.answered_by = timezone.now(), actor
        found.full_clean()
        found.save(update_fields=["answer", "answer_note", "answered_at", "answered_by"])
        audit.record(
            actor,
            grant.entry(
                AuditAction.UPDATE,
                purpose,
                obj=found,
                youth_id=found.registration.case.youth_id,
                fields=("answer", "answer_note"),
            ),
        )
    return found


def find_answer_seen(*, actor, purpose: str = Purpose.FOLLOW_UP_SERVICE, request_id) -> FindRequest:
    """OT has read the answer: it leaves the unseen list of the unit's leader and the case's
    contact persons."""
    with transaction.atomic():
        found = policy.get_or_404(
            actor,
            policy.unseen_find_answers_for(actor)
            .select_related("registration__case")
            .select_for_update(of=("self",)),
            request_id,
            purpose=purpose,
        )
        case, grant = policy.access_case(actor, found.registration.case_id, write=True)
        found.seen_at = timezone.now()
        found.save(update_fields=["seen_at"])
        audit.record(
            actor,
            grant.entry(
                AuditAction.UPDATE, purpose, obj=found, youth_id=case.youth_id, fields=("seen_at",)
            ),
        )
    return found
