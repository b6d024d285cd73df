"""Writes of assessments and action plans. The policy is asked here (the case's gatekeeper,
with write), and every write lands in the audit log."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction, Purpose
from ungsam.cases.models import CaseStatus
from ungsam.collab.models import TeamMember
from ungsam.lib.forms import EARLIEST_DATE, LATEST_DATE
from ungsam.plans.catalog import SEED_MEASURES
from ungsam.plans.models import (
    SUBJECTS,
    ActionPlan,
    Assessment,
    Domain,
    DomainScore,
    Goal,
    GoalProgress,
    GoalStatus,
    MeasureStatus,
    MeasureType,
    PlanMeasure,
    PlanReview,
)

_SUBJECT_CODES = {code for code, _label in SUBJECTS}


def assessment_create(
    *, actor, purpose: str, case_id, assessed_on, scores, youth_view: str = "", note: str = ""
) -> Assessment:
    """A dated assessment of the case's youth: `scores` are (domain, subject, score, note) or
    (domain, subject, score, note, her own view of it), at least one; a subject only for
    academic mastery. Her contact person or the leader."""
    scores = [(*row, "")[:5] for row in scores]
    if not scores:
        raise ValidationError(_("Score at least one domain."))
    for domain, subject, score, _note, _view in scores:
        if domain not in Domain.values or (
            subject and (domain != Domain.ACADEMIC or subject not in _SUBJECT_CODES)
        ):
            raise ValidationError(_("Unknown domain or subject."))
        if score not in range(1, 6):
            raise ValidationError(_("A score is from 1 to 5."))
    with transaction.atomic():
        case, grant = policy.access_case(actor, case_id, write=True)
        assessment = Assessment(
            case=case,
            assessed_on=assessed_on,
            by=actor if getattr(actor, "is_authenticated", False) else None,
            youth_view=youth_view.strip(),
            note=note.strip(),
        )
        assessment.full_clean()
        assessment.save()
        DomainScore.objects.bulk_create(
            DomainScore(
                assessment=assessment,
                domain=domain,
                subject=subject,
                score=score,
                note=text,
                youth_view=view,
            )
            for domain, subject, score, text, view in scores
        )
        audit.record(
            actor,
            grant.entry(
                AuditAction.CREATE,
                purpose,
                obj=assessment,
                youth_id=case.youth_id,
                fields=("assessed_on", "scores", "youth_view", "note"),
            ),
        )
    return assessment


# --- The measure catalog ----------------------------------------------------------------------


def measure_catalog_seed(*, actor, municipality) -> int:
    """Gives the municipality seed 000's measures, those it lacks (a new municipality, the demo);
    returns how many were added. The system or the municipality's admin; one administration
    row."""
    if not isinstance(actor, audit.SystemActor) and not policy.may_configure_in(
        actor, municipality
    ):
        raise PermissionDenied(_("Only an administrator of the municipality may do this."))
    with transaction.atomic():
        have = set(
            MeasureType.objects.filter(municipality=municipality).values_list("name", flat=True)
        )
        added = MeasureType.objects.bulk_create(
            MeasureType(municipality=municipality, name=name)
            for name in SEED_MEASURES
            if name not in have
        )
        if added:
            audit.record(
                actor,
                audit.Entry(
                    AuditAction.CREATE,
                    Purpose.ADMINISTRATION,
                    object_ref=("plans.measuretype", "catalog"),
                    fields=("name",),
                    municipality_id=municipality.pk,
                ),
            )
    return len(added)


# --- Action plans -----------------------------------------------------------------------------


def _open_case(actor, case_id):
    """The case, for its contact person or the leader, while it is open: a closed case's plan
    is history."""
    case, grant = policy.access_case(actor, case_id, write=True)
    if case.status != CaseStatus.OPEN:
        raise ValidationError(_("The case is closed."))
    return case, grant


def _plan(actor, purpose, case, grant) -> ActionPlan:
    """The case's plan, made (and recorded) the first time something is written to it."""
    plan, created = ActionPlan.objects.get_or_create(case=case)
    if created:
        audit.record(
            actor,
            grant.entry(
                AuditAction.CREATE, purpose, obj=plan, youth_id=case.youth_id, fields=("case",)
            ),
        )
    return plan


def _record(actor, grant, action, purpose, obj, case, fields) -> None:
    audit.record(
        actor, grant.entry(action, purpose, obj=obj, youth_id=case.youth_id, fields=fields)
    )


def _in_range(day: date | None, field: str, errors: dict) -> None:
    if day is not None and not EARLIEST_DATE <= day <= LATEST_DATE:
        errors[field] = _("Choose a date between %(first)s and %(last)s.") % {
            "first": EARLIEST_DATE.strftime("%d.%m.%Y"),
            "last": LATEST_DATE.strftime("%d.%m.%Y"),
        }


def _check_goal(values: dict, errors: dict) -> None:
    _in_range(values.get("due_on"), "due_on", errors)
    if values.get("baseline") is not None and values.get("baseline") == values.get("target"):
        errors["target"] = _("The target must differ from the baseline: else nothing is measured.")
    if values.get("status", GoalStatus.OPEN) not in GoalStatus.values:
        errors["status"] = _("Unknown status.")


def _save(obj, fields=None) -> None:
    try:
        obj.full_clean(exclude=["plan", "review", "goal", "type"])
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None
    obj.save(update_fields=fields)


def _changes(obj, values: dict) -> tuple[str, ...]:
    changed = tuple(name for name, value in values.items() if getattr(obj, name) != value)
    for name in changed:
        setattr(obj, name, values[name])
    return changed


def goal_create(
    *,
    actor,
    purpose: str,
    case_id,
    what: str,
    indicator: str,
    baseline,
    target,
    due_on: date,
    set_on: date | None = None,
) -> Goal:
    """A measurable goal in the case's plan: what, its indicator, from baseline to target by
    `due_on`, which comes after the day it is agreed (`set_on`, today unless told)."""
    set_on = set_on or timezone.localdate()
    values = {
        "what": what.strip(),
        "indicator": indicator.strip(),
        "baseline": baseline,
        "target": target,
        "due_on": due_on,
    }
    errors: dict = {}
    _check_goal(values, errors)
    if "due_on" not in errors and due_on <= set_on:
        errors["due_on"] = _("Choose a date after the day the goal is agreed.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        case, grant = _open_case(actor, case_id)
        plan = _plan(actor, purpose, case, grant)
        last = plan.goals.order_by("-position").values_list("position", flat=True).first()
        goal = Goal(plan=plan, set_on=set_on, position=(last or 0) + 1, **values)
        _save(goal)
        _record(actor, grant, AuditAction.CREATE, purpose, goal, case, tuple(values))
    return goal


def _goal_of(actor, case, goal_id) -> Goal:
    goal = Goal.objects.filter(pk=goal_id, plan__case=case).first()
    if goal is None:
        policy.deny(actor, Goal, goal_id)
    return goal


def goal_update(*, actor, purpose: str, case_id, goal_id, **values) -> Goal:
    """Changes a goal (what, indicator, baseline, target, date, status); records the fields
    that changed. A new date must not be in the past."""
    allowed = {"what", "indicator", "baseline", "target", "due_on", "status"}
    if set(values) - allowed:
        raise ValueError(f"not a goal field: {sorted(set(values) - allowed)}")
    for name in ("what", "indicator"):
        if name in values:
            values[name] = values[name].strip()
    with transaction.atomic():
        case, grant = _open_case(actor, case_id)
        goal = _goal_of(actor, case, goal_id)
        merged = {
            name: values.get(name, getattr(goal, name)) for name in ("baseline", "target", "status")
        }
        errors: dict = {}
        _check_goal({**merged, "due_on": values.get("due_on")}, errors)
        moved = "due_on" in values and values["due_on"] != goal.due_on
        if moved and "due_on" not in errors and values["due_on"] < timezone.localdate():
            errors["due_on"] = _("Choose today or a later date.")
        if errors:
            raise ValidationError(errors)
        changed = _changes(goal, values)
        if changed:
            _save(goal, list(changed))
            _record(actor, grant, AuditAction.UPDATE, purpose, goal, case, changed)
    return goal


def _check_measure(values: dict, errors: dict) -> None:
    _in_range(values.get("starts_on"), "starts_on", errors)
    _in_range(values.get("ends_on"), "ends_on", errors)
    starts, ends = values.get("starts_on"), values.get("ends_on")
    if starts and ends and ends < starts and "ends_on" not in errors:
        errors["ends_on"] = _("The end must not be before the start.")
    if values.get("status", MeasureStatus.PLANNED) not in MeasureStatus.values:
        errors["status"] = _("Unknown status.")
    if "responsible" in values and not values["responsible"]:
        errors["responsible"] = _("Name who is responsible: a person or a service.")


def _assignee(case, member_id, *, current=None) -> TeamMember | None:
    """A current member of the case's care team (or the one the measure has already, who may
    since have left), or None for nobody in particular."""
    if member_id is None or member_id == current:
        return None if member_id is None else TeamMember.objects.get(pk=member_id)
    found = TeamMember.objects.current().filter(pk=member_id, team__case=case).first()
    if found is None:
        raise ValidationError({"assignee": _("Choose a member of the care team.")})
    return found


def _measure_type(case, type_id, *, current=None) -> MeasureType:
    """A type from the catalog of the case's municipality, active (a retired one only where the
    measure has it already)."""
    found = MeasureType.objects.filter(pk=type_id, municipality_id=case.unit.municipality_id)
    found = found.first()
    if found is None or not (found.active or found.pk == current):
        raise ValidationError({"type": _("Choose a measure from the catalog.")})
    return found


def measure_create(
    *,
    actor,
    purpose: str,
    case_id,
    type_id,
    responsible: str,
    starts_on: date,
    ends_on: date | None = None,
    description: str = "",
    status: str = MeasureStatus.PLANNED,
    assignee_id=None,
    scope: str = "",
) -> PlanMeasure:
    """A measure in the case's plan: a kind from the municipality's catalog, what exactly, who
    is responsible (a person or a service), from when to when, and how it stands."""
    values = {
        "description": description.strip(),
        "scope": scope.strip(),
        "responsible": responsible.strip(),
        "starts_on": starts_on,
        "ends_on": ends_on,
        "status": status,
    }
    errors: dict = {}
    _check_measure(values, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        case, grant = _open_case(actor, case_id)
        kind = _measure_type(case, type_id)
        assignee = _assignee(case, assignee_id)
        plan = _plan(actor, purpose, case, grant)
        measure = PlanMeasure(plan=plan, type=kind, assignee=assignee, **values)
        _save(measure)
        fields = ("type", *values, *(("assignee",) if assignee else ()))
        _record(actor, grant, AuditAction.CREATE, purpose, measure, case, fields)
    return measure


def measure_update(*, actor, purpose: str, case_id, measure_id, **values) -> PlanMeasure:
    """Changes a measure (its status above all); records the fields that changed."""
    allowed = {
        "type_id",
        "assignee_id",
        "description",
        "scope",
        "responsible",
        "starts_on",
        "ends_on",
        "status",
    }
    if set(values) - allowed:
        raise ValueError(f"not a measure field: {sorted(set(values) - allowed)}")
    for name in ("description", "scope", "responsible"):
        if name in values:
            values[name] = values[name].strip()
    with transaction.atomic():
        case, grant = _open_case(actor, case_id)
        measure = PlanMeasure.objects.filter(pk=measure_id, plan__case=case).first()
        if measure is None:
            policy.deny(actor, PlanMeasure, measure_id)
        merged = {
            name: values.get(name, getattr(measure, name)) for name in ("starts_on", "ends_on")
        }
        errors: dict = {}
        _check_measure({**values, **merged}, errors)
        if errors:
            raise ValidationError(errors)
        if "type_id" in values:
            _measure_type(case, values["type_id"], current=measure.type_id)
        if "assignee_id" in values:
            _assignee(case, values["assignee_id"], current=measure.assignee_id)
        changed = _changes(measure, values)
        if changed:
            _save(measure, list(changed))
            fields = tuple(name.removesuffix("_id") for name in changed)
            _record(actor, grant, AuditAction.UPDATE, purpose, measure, case, fields)
    return measure


def review_schedule(*, actor, purpose: str, case_id, next_review_on: date) -> ActionPlan:
    """Sets the day of the plan's next review (the follow-up meeting): today or later."""
    if not timezone.localdate() <= next_review_on <= LATEST_DATE:
        raise ValidationError({"next_review_on": _("Choose today or a later date.")})
    with transaction.atomic():
        case, grant = _open_case(actor, case_id)
        plan = _plan(actor, purpose, case, grant)
        if plan.next_review_on != next_review_on:
            plan.next_review_on = next_review_on
            plan.save(update_fields=["next_review_on"])
            _record(actor, grant, AuditAction.UPDATE, purpose, plan, case, ("next_review_on",))
    return plan


def review_create(
    *,
    actor,
    purpose: str,
    case_id,
    held_on: date,
    participants: str,
    progress,
    decisions: str = "",
    next_review_on: date | None = None,
) -> PlanReview:
    """A follow-up meeting's review of the plan: who took part, per goal (`progress`: goal id,
    value now or None, on track, note, and the goal's status after the meeting — "open" unless
    it was reached, not reached or dropped), what was decided, and the next review's day (after
    this one), which becomes the plan's."""
    progress = list(progress)
    errors: dict = {}
    if not EARLIEST_DATE <= held_on <= timezone.localdate():
        errors["held_on"] = _("Choose a date from 2000 up to today.")
    if not participants.strip():
        errors["participants"] = _("Name who took part.")
    if next_review_on is not None and not held_on < next_review_on <= LATEST_DATE:
        errors["next_review_on"] = _("Choose a date after the review.")
    if any(status not in GoalStatus.values for *_rest, status in progress):
        errors["__all__"] = _("Unknown status.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        case, grant = _open_case(actor, case_id)
        plan = _plan(actor, purpose, case, grant)
        goals = {g.pk: g for g in plan.goals.all()}
        if not progress and not decisions.strip():
            raise ValidationError(_("Record the progress of a goal or a decision."))
        if len({row[0] for row in progress}) != len(progress) or any(
            row[0] not in goals for row in progress
        ):
            raise ValidationError(_("A goal is not in this plan."))
        review = PlanReview(
            plan=plan,
            held_on=held_on,
            participants=participants.strip(),
            decisions=decisions.strip(),
            next_review_on=next_review_on,
            by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        _save(review)
        rows = []
        for goal_id, value, on_track, note, status in progress:
            row = GoalProgress(
                review=review, goal_id=goal_id, value=value, on_track=bool(on_track), note=note
            )
            _save(row)
            rows.append(row)
            goal = goals[goal_id]
            if goal.status != status:
                goal.status = status
                goal.save(update_fields=["status"])
                _record(actor, grant, AuditAction.UPDATE, purpose, goal, case, ("status",))
        fields = ("held_on", "participants", "decisions", "next_review_on", "progress")
        _record(actor, grant, AuditAction.CREATE, purpose, review, case, fields)
        if next_review_on is not None and plan.next_review_on != next_review_on:
            plan.next_review_on = next_review_on
            plan.save(update_fields=["next_review_on"])
            _record(actor, grant, AuditAction.UPDATE, purpose, plan, case, ("next_review_on",))
    return review
