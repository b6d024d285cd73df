"""Reads of assessments and action plans, through the case's gatekeeper (its "viewed" row names
them)."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction, Purpose
from ungsam.collab.models import TeamMember
from ungsam.plans.models import (
    SUBJECTS,
    ActionPlan,
    Assessment,
    Domain,
    DomainScore,
    Goal,
    GoalProgress,
    GoalStatus,
    MeasureType,
    PlanMeasure,
    PlanReview,
)


@dataclass
class DomainSeries:
    label: str
    domain: str
    subject: str
    scores: list  # per assessment, oldest first: the score or None where not assessed

    @property
    def latest(self):
        return next((s for s in reversed(self.scores) if s is not None), None)


def case_assessments(*, actor, case_id):
    """The case, its assessments (oldest first, with their scores), and per domain (and
    academic subject) the scores over time, for the chart and the table behind it."""
    case, grant = policy.access_case(actor, case_id, also_shown=("assessments",))
    assessments = list(
        Assessment.objects.filter(case=case)
        .select_related("by")
        .prefetch_related(Prefetch("scores", queryset=DomainScore.objects.order_by("id")))
        .order_by("assessed_on", "id")
    )
    rows = [(str(label), domain, "") for domain, label in Domain.choices]
    rows[2:2] = [(f"– {label}", Domain.ACADEMIC, code) for code, label in SUBJECTS]
    lookup = [{(s.domain, s.subject): s.score for s in a.scores.all()} for a in assessments]
    series = [
        DomainSeries(label, domain, subject, [scores.get((domain, subject)) for scores in lookup])
        for label, domain, subject in rows
    ]
    return case, grant, assessments, series


# --- Action plans -----------------------------------------------------------------------------

PLAN_FIELDS = ("action_plan", "goals", "measures", "reviews")


def _progress_percent(goal, value):
    """How far from the baseline toward the target the value has come, 0–100 (a value beyond
    the target is 100, one on the wrong side of the baseline 0)."""
    if value is None or goal.target == goal.baseline:
        return None
    share = (value - goal.baseline) / (goal.target - goal.baseline)
    return max(0, min(100, round(share * 100)))


def _plan_with_everything(case):
    """The case's plan (None before anything is written to it), with its goals, measures (with
    their kinds), reviews (with who wrote them and each goal's progress): five queries, however
    long the plan."""
    reviews = PlanReview.objects.select_related("by").prefetch_related(
        Prefetch("progress", queryset=GoalProgress.objects.order_by("id"))
    )
    plan = (
        ActionPlan.objects.filter(case=case)
        .prefetch_related(
            Prefetch("goals", queryset=Goal.objects.order_by("position", "id")),
            Prefetch(
                "measures",
                queryset=PlanMeasure.objects.select_related(
                    "type", "assignee__user", "assignee__partner", "assignee__unit"
                ).order_by("starts_on", "id"),
            ),
            Prefetch("reviews", queryset=reviews.order_by("held_on", "id")),
        )
        .first()
    )
    if plan is None:
        return None
    goals = list(plan.goals.all())
    by_goal = {goal.pk: goal for goal in goals}
    for goal in goals:
        goal.history = []  # (review, progress), oldest first
    for review in plan.reviews.all():
        review.rows = []
        for row in review.progress.all():
            goal = by_goal.get(row.goal_id)
            if goal is not None:
                goal.history.append((review, row))
                review.rows.append((goal, row))
    today = timezone.localdate()
    for goal in goals:
        measured = [row for _review, row in goal.history if row.value is not None]
        goal.latest = measured[-1] if measured else None
        goal.current = goal.latest.value if goal.latest else None
        goal.last_on_track = goal.history[-1][1].on_track if goal.history else None
        goal.progress_percent = _progress_percent(goal, goal.current)
        goal.overdue = goal.status == GoalStatus.OPEN and goal.due_on < today
    plan.goal_list = goals
    plan.measure_list = list(plan.measures.all())
    plan.review_list = list(plan.reviews.all())
    return plan


def case_action_plan(*, actor, case_id, printing: bool = False):
    """The case (its "viewed" row naming the plan, and "print" for the print page) and its
    action plan with goals and their progress toward the target, measures and reviews; the plan
    is None before anything is written to it."""
    shown = ("first_name", "last_name", *PLAN_FIELDS, *(("print",) if printing else ()))
    case, grant = policy.access_case(actor, case_id, also_shown=shown)
    return case, grant, _plan_with_everything(case)


def _record_view(actor, grant, case, obj, fields) -> None:
    audit.record(
        actor,
        grant.entry(
            AuditAction.VIEW, Purpose.CASEWORK, obj=obj, youth_id=case.youth_id, fields=fields
        ),
    )


def goal_for_change(*, actor, case_id, goal_id):
    """The case and one goal of its plan, for her contact person or the leader to change (the
    form shows it: a "viewed" row); else 404."""
    case, grant = policy.access_case(actor, case_id, write=True)
    goal = Goal.objects.filter(pk=goal_id, plan__case=case).first()
    if goal is None:
        policy.deny(actor, Goal, goal_id)
    _record_view(actor, grant, case, goal, ("what", "indicator", "baseline", "target", "due_on"))
    return case, goal


def measure_for_change(*, actor, case_id, measure_id):
    """The case and one measure of its plan, for her contact person or the leader to change;
    else 404."""
    case, grant = policy.access_case(actor, case_id, write=True)
    measure = (
        PlanMeasure.objects.filter(pk=measure_id, plan__case=case).select_related("type").first()
    )
    if measure is None:
        policy.deny(actor, PlanMeasure, measure_id)
    fields = ("type", "description", "scope", "responsible", "starts_on", "ends_on", "status")
    _record_view(actor, grant, case, measure, fields)
    return case, measure


def open_goals_for_review(*, actor, case_id):
    """The case and its plan's open goals with their last measured value, for the review form
    (its contact person or the leader; a "viewed" row naming the goals)."""
    case, grant = policy.access_case(actor, case_id, write=True)
    plan = _plan_with_everything(case)
    goals = [g for g in plan.goal_list if g.status == GoalStatus.OPEN] if plan else []
    if plan is not None:
        _record_view(actor, grant, case, plan, ("goals",))
    return case, goals


def measure_team_choices(*, case) -> list[TeamMember]:
    """The current members of the case's care team, whom a measure may be given to (the
    case's gatekeeper has let the actor in already)."""
    return list(
        TeamMember.objects.current()
        .filter(team__case=case)
        .select_related("user", "partner", "unit")
        .order_by("-is_coordinator", "joined_at", "id")
    )


def measure_type_choices(*, case, current_id=None) -> list[MeasureType]:
    """The active kinds of measure in the catalog of the case's municipality, and the measure's
    own kind should it be retired (configuration, not personal data)."""
    types = MeasureType.objects.filter(municipality_id=case.unit.municipality_id)
    return [t for t in types.order_by("name") if t.active or t.pk == current_id]
