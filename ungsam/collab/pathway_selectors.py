"""Reads of the common service pathway (felles tjenesteløp): the templates an admin configures
(configuration, no personal data), where a case is on the pathway (through the case's
gatekeeper, whose "viewed" row names the pathway), and a leader's overview of her unit's
cases by step, overdue first (one "seen in a list" row naming everyone shown)."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.utils import timezone

from ungsam.access import policy
from ungsam.access.models import Purpose
from ungsam.cases.models import CaseStatus
from ungsam.cases.selectors import led_unit
from ungsam.collab.models import PathwayStay, PathwayStep, ServicePathway, TeamMember
from ungsam.people.models import Youth

PATHWAY_FIELDS = ("pathway_step", "coordinator")


# --- Configuration (admins) -------------------------------------------------------------


def pathways_for_admin(*, actor) -> list[ServicePathway]:
    """The templates of the municipalities the actor administers, each with all its steps
    (retired ones too): two queries."""
    return list(
        policy.pathways_configurable_by(actor)
        .select_related("municipality")
        .prefetch_related(
            Prefetch("steps", queryset=PathwayStep.objects.order_by("position", "id"))
        )
        .order_by("municipality__name", "-active", "name", "id")
    )


def pathway_for_admin(*, actor, pathway_id) -> tuple[ServicePathway, list[PathwayStep]]:
    pathway = policy.access_pathway(actor, pathway_id)
    return pathway, list(pathway.steps.order_by("position", "id"))


def next_position(pathway) -> int:
    last = pathway.steps.order_by("-position").values_list("position", flat=True).first()
    return min((last or 0) + 1, 99)


# --- A case on the pathway ----------------------------------------------------------------


@dataclass
class StepState:
    step: PathwayStep
    state: str  # "done", "current" or "upcoming"


@dataclass
class CasePathway:
    pathway: ServicePathway | None
    current: PathwayStay | None
    steps: list[StepState] = field(default_factory=list)
    coordinator: TeamMember | None = None
    history: list[PathwayStay] = field(default_factory=list)
    days_on_step: int = 0
    days_overdue: int = 0

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


def case_pathway(*, case, today: date | None = None, history: bool = False) -> CasePathway:
    """Where the case is on the pathway: the pathway it stands on (else its municipality's
    active one), its steps as a stepper (retired ones only where the case stands on one), the
    current step with its days and days beyond the expected duration, and the team's
    coordinator; with `history`, every stay. At most five queries. The caller has opened the
    case through its gatekeeper, whose row names the pathway."""
    today = today or timezone.localdate()
    current = (
        PathwayStay.objects.filter(case=case, ended_at__isnull=True)
        .select_related("step__pathway", "moved_by")
        .first()
    )
    if current is not None:
        pathway = current.step.pathway
    else:
        pathway = ServicePathway.objects.filter(
            municipality_id=case.unit.municipality_id, active=True
        ).first()
    found = CasePathway(pathway=pathway, current=current)
    if pathway is None:
        return found  # nothing to show: the case page says nothing of a pathway
    found.coordinator = (
        TeamMember.objects.current()
        .filter(team__case=case, is_coordinator=True)
        .select_related("user", "partner", "unit")
        .first()
    )
    state = "done" if current is not None else "upcoming"
    for step in pathway.steps.order_by("position", "id"):
        if current is not None and step.pk == current.step_id:
            found.steps.append(StepState(current.step, "current"))
            state = "upcoming"
        elif step.active:
            found.steps.append(StepState(step, state))
    if current is not None:
        found.days_on_step = current.days_on_step(today)
        # A closed case waits for nothing: no step of it is overdue.
        if case.status == CaseStatus.OPEN:
            found.days_overdue = current.days_overdue(today)
    if history:
        found.history = list(
            PathwayStay.objects.filter(case=case)
            .select_related("step", "moved_by")
            .order_by("-moved_at", "-id")
        )
    return found


@dataclass
class PathwayPage:
    case: object
    grant: object
    pathway: CasePathway
    choices: list[PathwayStep]

    @property
    def may_write(self) -> bool:
        return self.grant.may_write and self.case.status == CaseStatus.OPEN


def move_choices(case) -> list[PathwayStep]:
    """The steps a case may be moved to: the active steps of its municipality's active
    pathway."""
    return list(
        PathwayStep.objects.filter(
            active=True, pathway__active=True, pathway__municipality_id=case.unit.municipality_id
        ).order_by("position", "id")
    )


def pathway_page(*, actor, case_id, today: date | None = None) -> PathwayPage:
    """The case's pathway page: the stepper, the history of moves, and for her contact person
    or the leader the steps to move to. The case's "viewed" row names the pathway."""
    case, grant = policy.access_case(actor, case_id, also_shown=PATHWAY_FIELDS)
    found = case_pathway(case=case, today=today, history=True)
    page = PathwayPage(case=case, grant=grant, pathway=found, choices=[])
    if page.may_write:
        page.choices = move_choices(case)
    return page


def case_for_move(*, actor, case_id):
    """The case a move form changes (its contact person or the leader), else 404, asked
    before the service so a refused probe keeps its audit row."""
    return policy.access_case(actor, case_id, write=True)


# --- The leader's overview ------------------------------------------------------------------


@dataclass
class StepRow:
    step: PathwayStep
    stays: list[PathwayStay] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.stays)

    @property
    def overdue(self) -> int:
        return sum(1 for s in self.stays if s.days_overdue_now > 0)


@dataclass
class Overview:
    unit: object
    pathway: ServicePathway | None
    rows: list[StepRow] = field(default_factory=list)
    not_placed: int = 0

    @property
    def total(self) -> int:
        return sum(r.count for r in self.rows)

    @property
    def overdue(self) -> int:
        return sum(r.overdue for r in self.rows)


def pathway_overview(*, actor, unit, today: date | None = None) -> Overview:
    """The open cases of a unit the actor leads, by step of the municipality's active pathway,
    each step's longest on it (so most overdue) first, with the team's coordinator; how many
    open cases are on no step. Six queries however many cases; one audit row names every
    youth shown."""
    if not policy.leads_unit(actor, unit.pk):
        raise Http404
    today = today or timezone.localdate()
    overview = Overview(unit=unit, pathway=None)
    overview.pathway = ServicePathway.objects.filter(
        municipality_id=unit.municipality_id, active=True
    ).first()
    if overview.pathway is None:
        return overview
    cases = policy.pathway_overview_cases(actor, unit.pk).filter(status=CaseStatus.OPEN)
    stays = list(
        PathwayStay.objects.filter(
            ended_at__isnull=True, step__pathway=overview.pathway, case__in=cases
        )
        .select_related("case__youth", "step")
        .order_by("step__position", "step_id", "since", "id")
    )
    coordinators = {
        m.team.case_id: m
        for m in TeamMember.objects.current()
        .filter(is_coordinator=True, team__case_id__in=[s.case_id for s in stays])
        .select_related("team", "user", "partner", "unit")
    }
    by_step = {}
    for step in overview.pathway.steps.order_by("position", "id"):
        by_step[step.pk] = StepRow(step)
    for stay in stays:
        stay.days_on_step_now = stay.days_on_step(today)
        stay.days_overdue_now = stay.days_overdue(today)
        stay.coordinator = coordinators.get(stay.case_id)
        by_step[stay.step_id].stays.append(stay)
    # A retired step shows while cases still stand on it.
    overview.rows = [r for r in by_step.values() if r.step.active or r.stays]
    placed = PathwayStay.objects.filter(
        case=OuterRef("pk"), ended_at__isnull=True, step__pathway=overview.pathway
    )
    overview.not_placed = cases.exclude(Exists(placed)).count()
    policy.record_youth_shown(
        actor,
        [stay.case.youth for stay in stays],
        purpose=Purpose.CASEWORK,
        fields=(*Youth.LIST_FIELDS, *PATHWAY_FIELDS),
    )
    return overview


def led_units(*, actor, unit_id):
    """One of the units the actor leads (the first when none is asked for) and all of them;
    else 404."""
    return led_unit(actor, unit_id)
