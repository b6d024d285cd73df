"""Reads of the team's meetings: the relay log (stafettlogg: the team's meetings in order with
their decisions and actions), one meeting's page, the case's task list (open meeting actions
and plan measures given to team members), the owner's action page and her dashboard card, the
team page's next and overdue meetings, and a unit's default rule.

The record is read through `policy.access_team_meetings` (the case's workers, or a seat whose
consent shares the plan); an action through `policy.access_meeting_action` (its owner). Each
page's queries are fixed in number, whatever the rows."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, Value
from django.db.models.functions import TruncDate
from django.utils import timezone

from ungsam.access import policy
from ungsam.access.models import Purpose
from ungsam.cases.models import CaseStatus
from ungsam.collab.meeting_services import rule_of
from ungsam.collab.models import (
    CareTeam,
    Meeting,
    MeetingAction,
    MeetingParticipant,
    MeetingRule,
    TeamMember,
)
from ungsam.org.models import Unit
from ungsam.plans.models import MeasureStatus, PlanMeasure

LOG_FIELDS = ("meetings", "minutes", "decisions", "meeting_actions")
TASK_FIELDS = ("tasks",)


@dataclass
class RelayLog:
    case: object
    grant: object
    seat: TeamMember | None
    team: CareTeam | None
    meetings: list[Meeting] = field(default_factory=list)
    members: list[TeamMember] = field(default_factory=list)
    rule: MeetingRule | None = None
    today: date | None = None
    leads_unit: bool = False  # she may set the unit's default rule

    @property
    def may_write(self) -> bool:
        return self.seat is None and self.grant.may_write and self.case.status == CaseStatus.OPEN

    @property
    def held(self) -> list[Meeting]:
        return [m for m in self.meetings if m.is_signed]

    @property
    def next_planned(self) -> Meeting | None:
        now = timezone.now()
        return next((m for m in self.meetings if not m.is_signed and m.starts_at >= now), None)

    @property
    def overdue(self) -> list[Meeting]:
        """Planned meetings whose time has passed without approved minutes."""
        now = timezone.now()
        return [m for m in self.meetings if not m.is_signed and m.starts_at < now]


def _meetings(team):
    actions = MeetingAction.objects.select_related(
        "owner__user", "owner__partner", "owner__unit", "done_by"
    ).order_by("deadline", "id")
    return (
        Meeting.objects.filter(team=team)
        .select_related("signed_by", "created_by")
        .prefetch_related(
            Prefetch("participants", queryset=MeetingParticipant.objects.order_by("id")),
            Prefetch("actions", queryset=actions),
            "amendments__by",
        )
        .order_by("starts_at", "id")
    )


def _log(actor, case_id, fields, *, shared=False) -> RelayLog:
    case, grant, seat = policy.access_team_meetings(actor, case_id, shared=shared, fields=fields)
    team = CareTeam.objects.filter(case=case).select_related("case__unit").first()
    log = RelayLog(case=case, grant=grant, seat=seat, team=team, today=timezone.localdate())
    log.leads_unit = seat is None and policy.leads_unit(actor, case.unit_id)
    return log


def relay_log(*, actor, case_id, shared=False) -> RelayLog:
    """The team's relay log: every meeting in order with its participants, minutes,
    decisions, amendments and actions (with owner and status), the team's rule, and for a
    writer the current members (owners to choose from). A fixed number of queries."""
    log = _log(actor, case_id, LOG_FIELDS, shared=shared)
    if log.team is None:
        return log
    log.meetings = list(_meetings(log.team))
    log.rule = rule_of(log.team)
    if log.may_write:
        log.members = list(
            TeamMember.objects.current()
            .filter(team=log.team)
            .select_related("user", "partner", "unit")
        )
    return log


def meeting_page(*, actor, case_id, meeting_id, shared=False) -> tuple[RelayLog, Meeting]:
    """One meeting of the team, with what the relay log shows of it; else 404."""
    log = _log(actor, case_id, LOG_FIELDS, shared=shared)
    if log.team is None:
        policy.deny(actor, Meeting, meeting_id)
    meeting = policy.get_or_404(actor, _meetings(log.team), meeting_id)
    log.meetings = [meeting]
    if log.may_write:
        log.members = list(
            TeamMember.objects.current()
            .filter(team=log.team)
            .select_related("user", "partner", "unit")
        )
    return log, meeting


def meeting_for_change(*, actor, case_id):
    """Asked by a view before the service, outside its transaction: a refused probe keeps its
    audit row. The case's contact person or the unit's leader, else 404."""
    return policy.access_team_meetings(actor, case_id, write=True)


@dataclass
class Task:
    """One line of the case's task list: a meeting action or a plan measure given to a member."""

    text: str
    owner: TeamMember
    deadline: date | None
    source: str  # "meeting" or "plan"
    meeting: Meeting | None = None

    def overdue(self, today) -> bool:
        return self.deadline is not None and self.deadline < today


def case_tasks(*, case) -> list[Task]:
    """The case's open tasks: its team's open meeting actions and the plan's measures given to
    a team member that are not done or stopped, by deadline (none last). Two queries. The case
    comes from its gatekeeper (the case page's, whose "viewed" row names the tasks)."""
    actions = (
        MeetingAction.objects.filter(meeting__team__case=case, done_at__isnull=True)
        .select_related("owner__user", "owner__partner", "owner__unit", "meeting")
        .order_by("deadline", "id")
    )
    measures = (
        PlanMeasure.objects.filter(plan__case=case, assignee__isnull=False)
        .exclude(status__in=(MeasureStatus.DONE, MeasureStatus.STOPPED))
        .select_related("type", "assignee__user", "assignee__partner", "assignee__unit")
        .order_by("ends_on", "id")
    )
    tasks = [Task(a.text, a.owner, a.deadline, "meeting", a.meeting) for a in actions]
    tasks += [Task(m.description or m.type.name, m.assignee, m.ends_on, "plan") for m in measures]
    return sorted(tasks, key=lambda t: (t.deadline is None, t.deadline or date.max))


@dataclass
class DashboardTask:
    pk: int
    text: str
    due: date
    case_id: int
    kind: str  # "action": an action of hers; "meeting": a meeting of a team she coordinates

    def overdue(self, today) -> bool:
        return self.due < today


def dashboard_tasks(*, actor) -> list[DashboardTask]:
    """Her open meeting actions with their deadlines, and the planned meetings of teams she
    coordinates whose time has passed without approved minutes: one statement. Names no youth
    (the action's page does, and records it), so the card writes no audit row."""
    actions = (
        policy.actions_owned_by(actor)
        .order_by()
        .values_list("pk", "text", "deadline", "meeting__team__case_id", Value("action"))
    )
    meetings = (
        policy.meetings_coordinated_by(actor)
        .planned()
        .filter(starts_at__lt=timezone.now())
        .order_by()
        .values_list("pk", "place", TruncDate("starts_at"), "team__case_id", Value("meeting"))
    )
    rows = [DashboardTask(*row) for row in actions.union(meetings, all=True)]
    for row in rows:
        if isinstance(row.due, str):  # SQLite
            row.due = date.fromisoformat(row.due[:10])
    return sorted(rows, key=lambda t: (t.due, t.kind, t.pk))


def action_page(*, actor, action_id, purpose=Purpose.COLLABORATION) -> MeetingAction:
    """An action of hers (else 404), showing the youth's first name, the case's unit, the
    meeting's date and the action: never more."""
    action, _grant = policy.access_meeting_action(actor, action_id, purpose=purpose)
    return action


def team_meetings_card(*, team) -> dict:
    """For the team page (its case seen through the gatekeeper): the next planned meeting and
    the planned ones overdue (time passed, minutes not approved). One query."""
    now = timezone.now()
    planned = list(Meeting.objects.planned().filter(team=team).order_by("starts_at", "id"))
    return {
        "next": next((m for m in planned if m.starts_at >= now), None),
        "overdue": [m for m in planned if m.starts_at < now],
    }


def unit_rule_page(*, actor, unit_id) -> tuple[Unit, MeetingRule | None]:
    """A unit the actor leads and its default meeting rule; else 404. Names no youth."""
    try:
        unit = Unit.objects.filter(pk=int(unit_id)).first()
    except (TypeError, ValueError, OverflowError):
        unit = None
    if unit is None or not policy.leads_unit(actor, unit.pk):
        policy.deny(actor, Unit, unit_id, purpose=Purpose.ADMINISTRATION)
    return unit, MeetingRule.objects.filter(unit=unit).first()
