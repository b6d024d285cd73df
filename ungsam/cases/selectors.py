"""Reads of cases: a leader's waiting list, a case with its referrals and history, and a unit's
status on any date. Every read of a youth goes through the policy and the audit log; the status
figures are counts. (Statistics live in the stats app.)"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.paginator import Page
from django.db.models import Count, F, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction, Purpose
from ungsam.cases.alerts import alerts_for, in_tenth_grade, transition_of
from ungsam.cases.models import (
    FOLLOWED_STAGES,
    WAITING_STAGES,
    Appointment,
    Case,
    CaseContact,
    CaseStage,
    CaseStatus,
    Discussion,
    Referral,
    StageChange,
    Transition,
)
from ungsam.collab.models import Consent
from ungsam.lib.pagination import page_of
from ungsam.people.models import Youth


def open_case_counts_by_unit(*, actor) -> list[dict]:
    """Open cases per unit the actor leads (a leader's view of the load)."""
    return list(
        Case.objects.filter(unit_id__in=policy.led_unit_ids(actor), status=CaseStatus.OPEN)
        .values("unit__name")
        .annotate(n=Count("id"))
        .order_by("unit__name")
    )


def _chosen_unit(units, unit_id):
    """One of `units` (the first when none is asked for) and all of them, or 404."""
    units = list(units)
    if not units:
        raise Http404
    if unit_id in (None, ""):
        return units[0], units
    for unit in units:
        if str(unit.pk) == str(unit_id):
            return unit, units
    raise Http404


def led_unit(actor, unit_id):
    """One of the units the actor leads (the first when none is asked for), or 404."""
    return _chosen_unit(policy.waiting_list_units(actor), unit_id)


def waiting_list(*, actor, unit, page_number=None) -> Page:
    """One page of the unit's waiting list, longest waiting first, each case with its youth,
    its first referral and how many days it has waited; one audit row names every youth on
    the page."""
    if not policy.leads_unit(actor, unit.pk):
        raise Http404
    # Only what the rows show: a referral's texts and the youth's register fields are read on
    # the case page, not here (they were most of the page's database time).
    first_referral = Referral.objects.select_related("from_partner", "from_unit").only(
        "case_id", "received_on", "from_other", "from_partner__name", "from_unit__name"
    )
    cases = (
        Case.objects.filter(unit=unit, stage__in=WAITING_STAGES)
        .select_related("youth")
        .only(
            "id",
            "youth_id",
            "unit_id",
            "stage",
            "opened_on",
            "complexity",
            "severity",
            "youth__first_name",
            "youth__last_name",
        )
        .prefetch_related(Prefetch("referrals", queryset=first_referral))
        .order_by("opened_on", "id")
    )
    page = page_of(cases, page_number)
    page.object_list = list(page.object_list)
    today = timezone.localdate()
    for case in page.object_list:
        referrals = list(case.referrals.all())
        case.first_referral = referrals[0] if referrals else None
        case.waited_days = (today - case.opened_on).days
    policy.record_waiting_list_shown(
        actor,
        unit,
        [case.youth_id for case in page.object_list],
        purpose=Purpose.CASEWORK,
        fields=(*Youth.LIST_FIELDS, "referrals"),
    )
    return page


@dataclass
class CaseDetail:
    case: Case
    grant: object
    referrals: list
    contacts: list
    history: list
    appointments: list
    alerts: list
    discussions: list  # team meeting items, newest first
    transition: object  # the plan for upper-secondary school, or None


def case_detail(*, actor, case_id) -> CaseDetail:
    """The case (its "viewed" row written by the gatekeeper), its referrals, contact persons
    and stage history, appointments and alerts, team meeting items and transition plan."""
    case, grant = policy.access_case(
        actor,
        case_id,
        also_shown=(
            "first_name",
            "last_name",
            "referrals",
            "stage_changes",
            "appointments",
            "discussions",
            "transition",
            "consents",
            "pathway_step",
            "coordinator",
            "tasks",
            "collaboration_requests",
        ),
    )
    referrals = list(
        case.referrals.select_related("from_partner", "from_unit", "entered_by").order_by(
            "received_on", "id"
        )
    )
    contacts = list(
        CaseContact.objects.filter(case=case).select_related("user").order_by("-primary", "id")
    )
    history = list(case.stage_changes.select_related("by").order_by("at", "id"))
    appointments = list(case.appointments.order_by("starts_at", "id"))
    discussions = list(
        case.discussions.select_related("raised_by", "decided_by").order_by("-raised_at", "-id")
    )
    # The transition plan and the action plan (the alerts read both) in one statement.
    linked = Case.objects.select_related("unit", "youth", "transition", "action_plan").get(
        pk=case.pk
    )
    transition = transition_of(linked)
    linked.expiring_consents = list(_expiring_consents().filter(case=case))
    alerts = alerts_for(linked, appointments, timezone.localdate())
    return CaseDetail(
        case, grant, referrals, contacts, history, appointments, alerts, discussions, transition
    )


def appointment_case_for_change(*, actor, appointment_id) -> int:
    """The case id of an appointment the actor may change (its case's gatekeeper), else 404."""
    case_id = (
        Appointment.objects.filter(pk=appointment_id).values_list("case_id", flat=True).first()
    )
    if case_id is None:
        policy.deny(actor, Appointment, appointment_id)
    policy.access_case(actor, case_id, write=True)
    return case_id


def work_list(*, actor, page_number=None) -> Page:
    """The open cases the actor follows (as contact person, or as leader of the unit) that ask
    for active follow-up (ungsam/cases/alerts.py): no-shows in a row, too long without contact,
    or a situation nobody confirmed lately; most alerts first, then the longest unknown. One
    query for the cases and one for their appointments; one audit row names every youth on
    the page."""
    cases = list(
        policy.cases_with_basis(actor)
        .filter(stage__in=FOLLOWED_STAGES)
        .select_related("youth", "unit", "transition", "action_plan")
        .prefetch_related(
            "appointments",
            Prefetch("consents", queryset=_expiring_consents(), to_attr="expiring_consents"),
        )
        .order_by(F("situation_confirmed_on").asc(nulls_first=True), "opened_on", "id")
    )
    today = timezone.localdate()
    flagged = []
    for case in cases:
        case.alerts = alerts_for(case, list(case.appointments.all()), today)
        if case.alerts:
            flagged.append(case)
    flagged.sort(key=lambda case: -len(case.alerts))  # stable: the order above within a count
    page = page_of(flagged, page_number)
    policy.record_youth_shown(
        actor,
        [case.youth for case in page.object_list],
        purpose=Purpose.CASEWORK,
        fields=(*Youth.LIST_FIELDS, "situation_confirmed_on", "appointments", "consents"),
    )
    return page


def _expiring_consents():
    """The consents in force that lapse within CONSENT_EXPIRY_NOTICE_DAYS, soonest first: the
    alerts remind the worker to renew them (or let them lapse) in time."""
    notice = timedelta(days=settings.CONSENT_EXPIRY_NOTICE_DAYS)
    return Consent.objects.expiring(timezone.now(), notice).order_by("valid_until", "id")


def case_for_change(*, actor, case_id):
    """The case a form is about to change (its contact person or the leader), else 404; the
    service records the change."""
    case, grant = policy.access_case(actor, case_id, write=True)
    return case, grant


def discussion_case_for_change(*, actor, discussion_id) -> Case:
    """The case of a team meeting item the actor may decide on (its case's gatekeeper, with
    write), else 404."""
    case_id = Discussion.objects.filter(pk=discussion_id).values_list("case_id", flat=True).first()
    if case_id is None:
        policy.deny(actor, Discussion, discussion_id)
    case, _grant = policy.access_case(actor, case_id, write=True)
    return case


def transition_for_change(*, actor, case_id):
    """The case (its contact person or the leader, else 404), its transition plan or None, and
    whether rule 8 lets the actor see where the youth goes to school (else the new school and
    its contact are hidden too). The form shows the plan, so its read is recorded."""
    case, grant = policy.access_case(actor, case_id, write=True)
    shows_school = "school" in policy.visible_youth_fields(actor, case.youth)
    plan = Transition.objects.filter(case=case).first()
    if plan is not None:
        fields = tuple(
            name
            for name in Transition.FIELDS
            if shows_school or name not in Transition.LOCATION_FIELDS
        )
        audit.record(
            actor,
            grant.entry(
                AuditAction.VIEW, Purpose.CASEWORK, obj=plan, youth_id=case.youth_id, fields=fields
            ),
        )
    return case, plan, shows_school


def case_for_leader(*, actor, case_id):
    """The case, for its unit's leader only (triage, contact persons); anyone else gets 404,
    like a case that does not exist."""
    case, grant = policy.access_case(actor, case_id, write=True)
    if policy.triage_grant(actor, case) is None:
        policy.deny(actor, Case, case_id)
    return case


@dataclass
class WorkerLoad:
    membership: object
    followed: int  # her cases in assessment or active in this unit

    @property
    def per_full_position(self):
        percent = self.membership.position_percent
        return round(self.followed * 100 / percent, 1) if percent else None


@dataclass
class UnitStatus:
    unit: object
    on: date
    counts: dict[str, int]  # stage -> cases in it at the end of the day
    waiting: int
    followed: int
    position_percent: int  # the sum of the workers' positions today
    capacity: int  # cases the positions carry (unit.cases_per_position per full position)
    workers: list[WorkerLoad] = field(default_factory=list)
    weeks: list[tuple[date, int, int]] = field(default_factory=list)  # (day, waiting, followed)
    average_wait_days: float | None = None  # of the cases waiting at the end of the day

    @property
    def free(self) -> int:
        return self.capacity - self.followed


def _start_of(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _last_stage(changes, moment):
    """The stage a case was in just before `moment` (None: it did not exist yet)."""
    current = None
    for at, stage in changes:
        if at >= moment:
            break
        current = stage
    return current


def _stages_on(history: dict[int, list[tuple[datetime, str]]], moment: datetime) -> Counter:
    counts = Counter(_last_stage(changes, moment) for changes in history.values())
    counts.pop(None, None)
    return counts


def _stage_history(unit) -> tuple[dict[int, list[tuple[datetime, str]]], dict[int, date]]:
    """Every case of the unit with its stage changes in order, and the day each opened: two
    queries, read by the status page and the leader's dashboard alike."""
    history: dict[int, list[tuple[datetime, str]]] = {}
    opened: dict[int, date] = {}
    rows = (
        StageChange.objects.filter(case__unit=unit)
        .order_by("case_id", "at", "id")
        .values_list("case_id", "at", "stage", "case__opened_on")
    )
    for case_id, at, stage, opened_on in rows:
        history.setdefault(case_id, []).append((at, stage))
        opened[case_id] = opened_on
    # A case with no recorded history (made before stages, or brought in by an import) counts
    # in its present stage from the day it opened, and as closed from the day it closed.
    bare = (
        Case.objects.filter(unit=unit)
        .exclude(pk__in=list(history))
        .values_list("pk", "stage", "opened_on", "closed_on")
    )
    for case_id, stage, opened_on, closed_on in bare:
        steps = [(_start_of(opened_on), CaseStage.ACTIVE if closed_on else stage)]
        if closed_on:
            steps.append((_start_of(closed_on), CaseStage.CLOSED))
        history[case_id], opened[case_id] = steps, opened_on
    return history, opened


def stage_series(*, actor, unit, days) -> list[tuple[date, int, int]]:
    """(day, waiting, followed) at the end of each of `days`, read from the same history as
    the status page (the leader's dashboard's months). Counts only; two queries."""
    if not policy.leads_unit(actor, unit.pk):
        raise Http404
    history, _opened = _stage_history(unit)
    return _series(history, days)


def _series(history, days) -> list[tuple[date, int, int]]:
    """(day, waiting, followed) at the end of each of `days`."""
    series = []
    for day in days:
        c = _stages_on(history, _start_of(day + timedelta(days=1)))
        series.append((day, sum(c[s] for s in WAITING_STAGES), sum(c[s] for s in FOLLOWED_STAGES)))
    return series


def unit_status(*, actor, unit, on: date, weeks: int = 12) -> UnitStatus:
    """Seed 003's status slide for any date: cases in each stage at the end of that day, the
    waiting list, the unit's positions and what they carry, each worker's load today, and the
    same figures at the end of each of the `weeks` weeks before. Counts only, no youth named;
    one query for the whole history of the unit's cases."""
    if not policy.leads_unit(actor, unit.pk):
        raise Http404
    history, opened = _stage_history(unit)

    def end_of(day):
        return _start_of(day + timedelta(days=1))

    counts = _stages_on(history, end_of(on))
    waiting_ids = [
        case_id
        for case_id, changes in history.items()
        if _last_stage(changes, end_of(on)) in WAITING_STAGES
    ]
    waits = [(on - opened[c]).days for c in waiting_ids]
    series = _series(history, [on - timedelta(weeks=back) for back in range(weeks, 0, -1)])
    workers = list(policy.unit_workers(unit.pk))
    followed_by = dict(
        CaseContact.objects.filter(case__unit=unit, case__stage__in=FOLLOWED_STAGES)
        .values_list("user_id")
        .annotate(n=Count("id"))
    )
    loads = [WorkerLoad(m, followed_by.get(m.user_id, 0)) for m in workers]
    percent = sum(m.position_percent or 0 for m in workers)
    followed = sum(counts[s] for s in FOLLOWED_STAGES)
    waiting = sum(counts[s] for s in WAITING_STAGES)
    series.append((on, waiting, followed))
    return UnitStatus(
        unit=unit,
        on=on,
        counts={stage: counts[stage] for stage in CaseStage.values},
        waiting=waiting,
        followed=followed,
        position_percent=percent,
        capacity=percent * unit.cases_per_position // 100,
        workers=loads,
        weeks=series,
        average_wait_days=round(sum(waits) / len(waits), 1) if waits else None,
    )


def working_unit(actor, unit_id):
    """One of the units the actor works in (the first when none is asked for), or 404."""
    return _chosen_unit(policy.working_units(actor), unit_id)


@dataclass
class TeamMeeting:
    unit: object
    raised: list  # Discussions awaiting a decision, oldest first
    decided: list  # decided in the last RECENT_DAYS, newest first


# How far back the meeting page shows decisions (last week's meeting and the one before).
RECENT_DAYS = 14


def team_meeting(*, actor, unit) -> TeamMeeting:
    """The unit's weekly team meeting (seed 003): the cases raised for discussion that the
    actor may see (a leader: all of the unit's; a worker: her own), and the recent decisions.
    Two queries; one audit row names every youth on the page."""
    if not policy.works_in_unit(actor, unit.pk):
        raise Http404
    visible = policy.cases_with_basis(actor).filter(unit=unit, status=CaseStatus.OPEN)
    since = timezone.localdate() - timedelta(days=RECENT_DAYS)
    items = list(
        Discussion.objects.filter(case__in=visible.values("pk"))
        .filter(Q(decided_on__isnull=True) | Q(decided_on__gte=since))
        .select_related("case__youth", "raised_by", "decided_by")
        .order_by("raised_at", "id")
    )
    raised = [d for d in items if d.decided_on is None]
    decided = sorted(
        (d for d in items if d.decided_on is not None),
        key=lambda d: (d.decided_on, d.pk),
        reverse=True,
    )
    youth = {d.case.youth_id: d.case.youth for d in items}
    policy.record_youth_shown(
        actor,
        list(youth.values()),
        purpose=Purpose.CASEWORK,
        fields=(*Youth.LIST_FIELDS, "discussions"),
    )
    return TeamMeeting(unit, raised, decided)


@dataclass
class SchoolGroup:
    school: str
    rows: list  # the cases, each with `plan` and `school_hidden`
    hidden: bool = False  # the youth whose school rule 8 hides from the actor


def transition_list(*, actor, unit, school: str = "") -> tuple[list[SchoolGroup], list[str]]:
    """The 10th graders of the unit's open cases that the actor may see, per school, with
    their transition plans: the list a worker reviews with each school's counselor in spring
    (seed 000). A youth with a protected address whose school rule 8 hides from the actor is
    listed apart, without her school or her new one. One query; the audit names every youth
    on it with what was shown. Also every school on it, for the filter."""
    if not policy.works_in_unit(actor, unit.pk):
        raise Http404
    shows_protected = policy.shows_protected_address_in_unit(actor, unit.pk)
    cases = [
        case
        for case in policy.cases_with_basis(actor)
        .filter(unit=unit, stage__in=(*WAITING_STAGES, *FOLLOWED_STAGES))
        .filter(youth__grade__startswith="10")
        .select_related("youth", "transition")
        .order_by("youth__school", "youth__last_name", "youth__first_name", "id")
        if in_tenth_grade(case.youth.grade)
    ]
    for case in cases:
        case.plan = transition_of(case)
        case.school_hidden = case.youth.protected_address and not shows_protected
    schools = sorted({case.youth.school for case in cases if not case.school_hidden})
    if school:
        cases = [c for c in cases if not c.school_hidden and c.youth.school == school]
    groups: dict[object, SchoolGroup] = {}
    for case in cases:
        key = None if case.school_hidden else case.youth.school
        group = groups.setdefault(key, SchoolGroup(key or "", [], hidden=key is None))
        group.rows.append(case)
    for hidden, fields in (
        (False, (*Youth.LIST_FIELDS, "school", "grade", "transition")),
        (True, (*Youth.LIST_FIELDS, "grade", "transition")),
    ):
        policy.record_youth_shown(
            actor,
            [case.youth for case in cases if case.school_hidden == hidden],
            purpose=Purpose.CASEWORK,
            fields=fields,
        )
    ordered = sorted(groups.values(), key=lambda g: (g.hidden, g.school))
    return ordered, schools
