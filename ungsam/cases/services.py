"""Writes of cases: opening one directly, a referral that brings a youth onto a unit's waiting
list, triage, contact persons, the stages and the closure. The actor is a user, or a
SystemActor for the system's own work; the policy is asked here, not trusted to the caller,
and every change lands in the audit log and the case's stage history."""

from datetime import datetime, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction
from ungsam.cases.models import (
    Appointment,
    AppointmentOutcome,
    Case,
    CaseContact,
    CaseStage,
    CaseStatus,
    ClosureOutcome,
    ContactPersonPeriod,
    Discussion,
    Referral,
    StageChange,
    Transition,
)
from ungsam.org.models import Unit, UnitKind
from ungsam.people.models import Youth


def _morning(day):
    # A past day's change is dated at nine that morning: the day is what the history needs.
    return timezone.make_aware(datetime.combine(day, time(9)))


def _at(day):
    return None if day == timezone.localdate() else _morning(day)


def _record_change(actor, grant, purpose, case: Case, fields) -> None:
    audit.record(
        actor,
        grant.entry(AuditAction.UPDATE, purpose, obj=case, youth_id=case.youth_id, fields=fields),
    )


def _actor_user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _set_contacts(case: Case, people, at=None) -> None:
    """Makes `people` the case's contact persons (the first primary) and keeps their history:
    the spell of anyone who leaves, or whose primary role changes, ends now; a new one starts."""
    at = at or timezone.now()
    wanted = {person.pk: i == 0 for i, person in enumerate(people)}
    kept = set()
    for period in ContactPersonPeriod.objects.filter(case=case, ended_at__isnull=True):
        if wanted.get(period.user_id) == period.primary and period.user_id not in kept:
            kept.add(period.user_id)
        else:
            period.ended_at = max(at, period.started_at)
            period.save(update_fields=["ended_at"])
    ContactPersonPeriod.objects.bulk_create(
        ContactPersonPeriod(case=case, user_id=user_id, primary=primary, started_at=at)
        for user_id, primary in wanted.items()
        if user_id not in kept
    )
    case.contacts.all().delete()
    CaseContact.objects.bulk_create(
        CaseContact(case=case, user=person, primary=(i == 0)) for i, person in enumerate(people)
    )


def _enter_stage(case: Case, stage: str, actor, note: str = "", at=None) -> None:
    case.stage = stage
    StageChange.objects.create(
        case=case, stage=stage, by=_actor_user(actor), note=note, at=at or timezone.now()
    )


def case_open(
    *,
    actor,
    purpose: str,
    youth: Youth,
    unit: Unit,
    contact_persons,
    opened_on=None,
    stage: str = CaseStage.ACTIVE,
):
    """Opens a case in the unit with its contact persons, the first one primary."""
    contact_persons = list(contact_persons)
    grant = policy.case_opening_grant(actor, unit, youth, contact_persons)
    if grant is None:
        raise PermissionDenied
    with transaction.atomic():
        case = Case(youth=youth, unit=unit, stage=stage)
        if opened_on:
            case.opened_on = opened_on
        case.full_clean()
        case.save()
        _set_contacts(case, contact_persons, at=_at(opened_on) if opened_on else None)
        _enter_stage(case, stage, actor, at=_at(opened_on) if opened_on else None)
        audit.record(
            actor,
            grant.entry(
                AuditAction.CREATE,
                purpose,
                obj=case,
                youth_id=youth.pk,
                fields=("unit", "stage", "contact_persons"),
                municipality_id=unit.municipality_id,
            ),
        )
    return case


def _referrer_fields(actor, grant) -> dict:
    """Who referred, from the role the referral is sent in: a partner's organisation or the
    worker's unit (the system's referrals name the referrer as text)."""
    membership = grant.membership
    if membership is None:
        return {}
    if membership.partner_id:
        return {"from_partner": membership.partner}
    return {"from_unit": membership.unit}


def referral_receive(*, actor, purpose: str, unit: Unit, youth: dict, referral: dict) -> Case:
    """A referral to the unit: the youth is found in the register by her national id (or
    registered), and joins the unit's waiting list as a case in the stage "referral" — or, when
    the unit already has an open case for her, the referral joins that case. Either way the
    sender is told the same, so a referral tells a partner nothing about whom the unit knows."""
    from ungsam.people.services import checked_national_id, national_id_hash, youth_create

    grant = policy.referral_grant(actor, unit)
    if grant is None:
        raise PermissionDenied
    referral = dict(referral)
    if grant.membership is not None:
        for name in ("from_partner", "from_unit"):
            referral.pop(name, None)  # the sender's own organisation, never what a form says
    elif not (referral.get("from_other") or referral.get("from_partner")):
        # The system (demo data, imports) names the referrer itself.
        raise ValidationError({"from_other": _("Say who referred the youth.")})
    with transaction.atomic():
        found = None
        number = youth.get("national_id", "")
        if number:
            parsed = checked_national_id(number, youth.get("birth_date"))
            found = Youth.objects.filter(
                municipality_id=unit.municipality_id,
                national_id_hash=national_id_hash(parsed.value),
            ).first()
        if found is None:
            found = youth_create(
                actor=actor,
                purpose=purpose,
                municipality=unit.municipality,
                via_referral=True,
                **youth,
            )
        case = (
            Case.objects.select_for_update()
            .filter(youth=found, unit=unit, status=CaseStatus.OPEN)
            .first()
        )
        received_on = referral.pop("received_on", None) or timezone.localdate()
        if case is None:
            case = Case(youth=found, unit=unit, stage=CaseStage.REFERRAL, opened_on=received_on)
            case.full_clean()
            case.save()
            _enter_stage(case, CaseStage.REFERRAL, actor, at=_at(received_on))
        entry = Referral(
            case=case,
            received_on=received_on,
            entered_by=_actor_user(actor),
            **_referrer_fields(actor, grant),
            **referral,
        )
        entry.full_clean()
        entry.save()
        audit.record(
            actor,
            grant.entry(
                AuditAction.CREATE,
                purpose,
                obj=entry,
                youth_id=found.pk,
                fields=Referral.FIELDS,
                municipality_id=unit.municipality_id,
            ),
        )
    return case


def _case_for_leader(actor, case_id) -> tuple[Case, policy.Grant]:
    case, grant = policy.access_case(actor, case_id, write=True)
    leader = policy.triage_grant(actor, case)
    if leader is None:
        raise PermissionDenied(_("Only the leader of the unit may do this."))
    return Case.objects.select_for_update().get(pk=case.pk), leader


def case_triage(*, actor, purpose: str, case_id, complexity: int, severity: int, note=""):
    """The leader's triage: complexity and severity (1–3 each) put a referral on the waiting
    list; a case on the list may be triaged again."""
    with transaction.atomic():
        case, grant = _case_for_leader(actor, case_id)
        if case.stage not in (CaseStage.REFERRAL, CaseStage.WAITING):
            raise ValidationError(_("Only a case on the waiting list is triaged."))
        case.complexity, case.severity = complexity, severity
        case.full_clean()
        _enter_stage(case, CaseStage.WAITING, actor, note=note)
        case.save()
        _record_change(actor, grant, purpose, case, ("complexity", "severity", "stage"))
    return case


def case_assign(*, actor, purpose: str, case_id, contact_persons, note=""):
    """The leader gives the case its contact persons (the first primary): one or two, two in
    outreach (seed 004). A case from the waiting list moves on to assessment."""
    people = list(contact_persons)
    with transaction.atomic():
        case, grant = _case_for_leader(actor, case_id)
        if case.status != CaseStatus.OPEN:
            raise ValidationError(_("The case is closed."))
        if len({p.pk for p in people}) != len(people) or not 1 <= len(people) <= 2:
            raise ValidationError(_("Choose one or two different contact persons."))
        if case.unit.kind == UnitKind.OUTREACH and len(people) != 2:
            raise ValidationError(_("An outreach case has two contact persons."))
        if not policy.may_assign(actor, case, people):
            raise ValidationError(_("Contact persons must work in the case's unit."))
        _set_contacts(case, people)
        fields = ["contact_persons"]
        if case.stage in (CaseStage.REFERRAL, CaseStage.WAITING):
            _enter_stage(case, CaseStage.ASSESSMENT, actor, note=note)
            case.save()
            fields.append("stage")
        _record_change(actor, grant, purpose, case, fields)
    return case


def case_activate(*, actor, purpose: str, case_id, note=""):
    """Assessment done: the case is followed up actively (its contact person or the leader)."""
    with transaction.atomic():
        case, grant = policy.access_case(actor, case_id, write=True)
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.stage != CaseStage.ASSESSMENT:
            raise ValidationError(_("Only a case in assessment becomes active."))
        _enter_stage(case, CaseStage.ACTIVE, actor, note=note)
        case.save()
        _record_change(actor, grant, purpose, case, ("stage",))
    return case


def case_close(*, actor, purpose: str, case_id, outcome: str, reason: str, moved_to: str = ""):
    """Closes the case with its outcome and reason (a declined referral too: outcome "other");
    "moved" says where to. Its contact person or the leader closes it."""
    reason, moved_to = reason.strip(), moved_to.strip()
    with transaction.atomic():
        case, grant = policy.access_case(actor, case_id, write=True)
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.status != CaseStatus.OPEN:
            raise ValidationError(_("The case is already closed."))
        errors = {}
        if outcome not in ClosureOutcome.values:
            errors["outcome"] = _("Choose the outcome.")
        if not reason:
            errors["reason"] = _("Say why the case is closed.")
        if outcome == ClosureOutcome.MOVED and not moved_to:
            errors["moved_to"] = _("Say where the youth has moved.")
        if errors:
            raise ValidationError(errors)
        case.status, case.closed_on = CaseStatus.CLOSED, timezone.localdate()
        case.closure_outcome, case.closure_reason = outcome, reason
        case.moved_to = moved_to if outcome == ClosureOutcome.MOVED else ""
        _enter_stage(case, CaseStage.CLOSED, actor, note=reason)
        case.full_clean()
        case.save()
        _record_change(
            actor, grant, purpose, case, ("stage", "closure_outcome", "closure_reason", "moved_to")
        )
    return case


def case_confirm_situation(*, actor, purpose: str, case_id, note: str = "") -> Case:
    """A worker confirms today how the youth is doing (her contact person or the leader): the
    case leaves the "situation not known" work list."""
    with transaction.atomic():
        case, grant = policy.access_case(actor, case_id, write=True)
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.status != CaseStatus.OPEN:
            raise ValidationError(_("The case is closed."))
        case.situation_confirmed_on = timezone.localdate()
        case.save(update_fields=["situation_confirmed_on"])
        _record_change(actor, grant, purpose, case, ("situation_confirmed_on",))
    return case


def case_transfer(*, actor, purpose: str, case_id, to_unit: Unit, note: str = "") -> Case:
    """The youth moved within the municipality (seed 000): her case moves to the unit there with
    its history, onto that unit's waiting list for its leader to give it contact persons. Only
    the leader of the case's unit moves it; to another municipality a case is closed with the
    outcome "moved" instead (sending its history there is a disclosure)."""
    with transaction.atomic():
        case, grant = _case_for_leader(actor, case_id)
        if case.status != CaseStatus.OPEN:
            raise ValidationError(_("The case is closed."))
        if to_unit.municipality_id != case.unit.municipality_id or not to_unit.active:
            raise ValidationError(
                {"to_unit": _("A case moves only to an active unit of the same municipality.")}
            )
        if to_unit.pk == case.unit_id:
            raise ValidationError({"to_unit": _("The case is in this unit already.")})
        if Case.objects.filter(youth=case.youth, unit=to_unit, status=CaseStatus.OPEN).exists():
            raise ValidationError(
                {
                    "to_unit": _("The youth already has an open case in %(unit)s.")
                    % {"unit": to_unit}
                }
            )
        origin = case.unit
        _set_contacts(case, [])
        case.unit = to_unit
        case.complexity = case.severity = None
        text = _("Moved from %(unit)s.") % {"unit": origin}
        _enter_stage(case, CaseStage.WAITING, actor, note=f"{text} {note}".strip())
        case.full_clean()
        case.save()
        _record_change(actor, grant, purpose, case, ("unit", "contact_persons", "stage"))
    return case


def appointment_add(*, actor, purpose: str, case_id, starts_at, place: str, with_whom: str = ""):
    """A planned meeting with the youth (her contact person or the leader)."""
    with transaction.atomic():
        case, grant = policy.access_case(actor, case_id, write=True)
        if case.status != CaseStatus.OPEN:
            raise ValidationError(_("The case is closed."))
        appointment = Appointment(
            case=case,
            starts_at=starts_at,
            place=place.strip(),
            with_whom=with_whom.strip(),
            created_by=_actor_user(actor),
        )
        appointment.full_clean()
        appointment.save()
        audit.record(
            actor,
            grant.entry(
                AuditAction.CREATE,
                purpose,
                obj=appointment,
                youth_id=case.youth_id,
                fields=("starts_at", "place", "with_whom"),
            ),
        )
    return appointment


def appointment_record(*, actor, purpose: str, appointment_id, outcome: str, note: str = ""):
    """What came of an appointment: attended, no-show or cancelled. Reached through its case's
    gatekeeper: an appointment of a case the actor may not change answers 404."""
    case_id = (
        Appointment.objects.filter(pk=appointment_id).values_list("case_id", flat=True).first()
    )
    if case_id is None:
        policy.deny(actor, Appointment, appointment_id)
    if outcome not in AppointmentOutcome.values or outcome == AppointmentOutcome.PLANNED:
        raise ValidationError({"outcome": _("Choose what came of the appointment.")})
    with transaction.atomic():
        case, grant = policy.access_case(actor, case_id, write=True)
        appointment = Appointment.objects.select_for_update().get(pk=appointment_id)
        appointment.outcome, appointment.outcome_note = outcome, note.strip()
        appointment.full_clean()
        appointment.save(update_fields=["outcome", "outcome_note"])
        audit.record(
            actor,
            grant.entry(
                AuditAction.UPDATE,
                purpose,
                obj=appointment,
                youth_id=case.youth_id,
                fields=("outcome", "outcome_note"),
            ),
        )
    return appointment


def discussion_raise(*, actor, purpose: str, case_id, question: str) -> Discussion:
    """Put the case on the unit's team meeting (its contact person or the leader), with what
    the team should discuss. One open item per case: raise it again after the decision."""
    question = question.strip()
    if not question:
        raise ValidationError({"question": _("Write what the team should discuss.")})
    with transaction.atomic():
        case, grant = policy.access_case(actor, case_id, write=True)
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.status != CaseStatus.OPEN:
            raise ValidationError(_("The case is closed."))
        if case.discussions.filter(decided_on__isnull=True).exists():
            raise ValidationError(_("The case is on the team meeting's list already."))
        discussion = Discussion(case=case, question=question, raised_by=_actor_user(actor))
        discussion.full_clean()
        discussion.save()
        audit.record(
            actor,
            grant.entry(
                AuditAction.CREATE,
                purpose,
                obj=discussion,
                youth_id=case.youth_id,
                fields=("question",),
            ),
        )
    return discussion


def discussion_decide(*, actor, purpose: str, discussion_id, decision: str) -> Discussion:
    """The team meeting's decision on a case it discussed, recorded onto the case (by its
    contact person or the leader, who chairs the meeting)."""
    decision = decision.strip()
    case_id = Discussion.objects.filter(pk=discussion_id).values_list("case_id", flat=True).first()
    if case_id is None:
        policy.deny(actor, Discussion, discussion_id)
    if not decision:
        raise ValidationError({"decision": _("Write what the meeting decided.")})
    with transaction.atomic():
        case, grant = policy.access_case(actor, case_id, write=True)
        if case.status != CaseStatus.OPEN:
            raise ValidationError(_("The case is closed."))
        discussion = Discussion.objects.select_for_update().get(pk=discussion_id)
        if discussion.decided_on is not None:
            raise ValidationError(_("The meeting has decided on this already."))
        discussion.decision = decision
        discussion.decided_on = timezone.localdate()
        discussion.decided_by = _actor_user(actor)
        discussion.full_clean()
        discussion.save(update_fields=["decision", "decided_on", "decided_by"])
        audit.record(
            actor,
            grant.entry(
                AuditAction.UPDATE,
                purpose,
                obj=discussion,
                youth_id=case.youth_id,
                fields=("decision", "decided_on"),
            ),
        )
    return discussion


def transition_save(*, actor, purpose: str, case_id, **values) -> Transition:
    """The plan for the move to upper-secondary school (its contact person or the leader):
    created on first save, changed after; the audit row names the fields that changed."""
    unknown = set(values) - set(Transition.FIELDS)
    if unknown:
        raise ValueError(f"not fields of a transition: {sorted(unknown)}")
    with transaction.atomic():
        case, grant = policy.access_case(actor, case_id, write=True)
        if case.status != CaseStatus.OPEN:
            raise ValidationError(_("The case is closed."))
        transition = Transition.objects.select_for_update().filter(case=case).first()
        created = transition is None
        transition = transition or Transition(case=case)
        changed = []
        for name, value in values.items():
            value = value.strip() if isinstance(value, str) else value
            if getattr(transition, name) != value:
                setattr(transition, name, value)
                changed.append(name)
        if not changed and not created:
            return transition
        transition.updated_by = _actor_user(actor)
        transition.full_clean()
        transition.save()
        audit.record(
            actor,
            grant.entry(
                AuditAction.CREATE if created else AuditAction.UPDATE,
                purpose,
                obj=transition,
                youth_id=case.youth_id,
                fields=tuple(changed),
            ),
        )
    return transition
