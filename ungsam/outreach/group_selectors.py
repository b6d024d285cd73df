"""Reads of the fieldwork groups: per group and per kind, for a period, the sessions, the
unique named participants, the named and anonymous participations and their total (seed 004:
"81 unike ungdommer deltatt 519 ganger"); one group's sessions with the attendees she may see.

The counts name no one and include every attendee, also youths of a colleague's cases; the
names are only those of cases she may see (`policy.attendance_visible_to`), and showing them
is recorded in the audit log. Every page's queries are fixed in number, whatever the rows."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Sum

from ungsam.access import policy
from ungsam.access.models import Purpose
from ungsam.cases.models import CaseStatus
from ungsam.lib.pagination import page_of
from ungsam.outreach.models import Group, GroupAttendance, GroupKind, GroupSession

SESSIONS_PER_PAGE = 20
NAME_FIELDS = ("first_name", "last_name", "group_attendance")


@dataclass
class Totals:
    label: str = ""
    sessions: int = 0
    unique_named: int = 0
    named: int = 0
    anonymous: int = 0
    group: Group | None = None

    @property
    def total(self) -> int:
        return self.named + self.anonymous


@dataclass
class GroupOverview:
    unit: object
    date_from: date
    date_to: date
    groups: list[Totals] = field(default_factory=list)
    kinds: list[Totals] = field(default_factory=list)
    all: Totals = field(default_factory=Totals)


def _sessions(unit_id, date_from, date_to):
    return GroupSession.objects.filter(
        group__unit_id=unit_id, date__gte=date_from, date__lte=date_to
    )


def _attendance(unit_id, date_from, date_to):
    return GroupAttendance.objects.filter(
        session__group__unit_id=unit_id,
        session__date__gte=date_from,
        session__date__lte=date_to,
    )


def group_overview(*, actor, unit, date_from: date, date_to: date) -> GroupOverview:
    """The unit's groups (she works in or leads the unit: the view has asked) with their
    counts in the period, per group, per kind and for all; six queries."""
    groups = list(policy.groups_visible_to(actor).filter(unit=unit).order_by("-active", "name"))
    sessions = _sessions(unit.pk, date_from, date_to)
    attendance = _attendance(unit.pk, date_from, date_to)
    per_group_sessions = {
        r["group_id"]: r
        for r in sessions.values("group_id").annotate(n=Count("id"), anon=Sum("anonymous_count"))
    }
    per_group_named = {
        r["session__group_id"]: r
        for r in attendance.values("session__group_id").annotate(
            n=Count("id"), unique=Count("case__youth_id", distinct=True)
        )
    }
    per_kind_sessions = {
        r["group__kind"]: r
        for r in sessions.values("group__kind").annotate(n=Count("id"), anon=Sum("anonymous_count"))
    }
    per_kind_named = {
        r["session__group__kind"]: r
        for r in attendance.values("session__group__kind").annotate(
            n=Count("id"), unique=Count("case__youth_id", distinct=True)
        )
    }
    overall_sessions = sessions.aggregate(n=Count("id"), anon=Sum("anonymous_count"))
    overall_named = attendance.aggregate(
        n=Count("id"), unique=Count("case__youth_id", distinct=True)
    )

    def totals(label, s, a, group=None):
        s, a = s or {}, a or {}
        return Totals(
            label=label,
            sessions=s.get("n") or 0,
            anonymous=s.get("anon") or 0,
            named=a.get("n") or 0,
            unique_named=a.get("unique") or 0,
            group=group,
        )

    overview = GroupOverview(unit=unit, date_from=date_from, date_to=date_to)
    overview.groups = [
        totals(g.name, per_group_sessions.get(g.pk), per_group_named.get(g.pk), g) for g in groups
    ]
    kinds_in_use = {g.kind for g in groups}
    overview.kinds = [
        totals(label, per_kind_sessions.get(kind), per_kind_named.get(kind))
        for kind, label in GroupKind.choices
        if kind in kinds_in_use
    ]
    overview.all = totals("", overall_sessions, overall_named)
    return overview


def group_for(*, actor, group_id) -> Group:
    """One group of her units, else 404."""
    groups = policy.groups_visible_to(actor).select_related("unit")
    return policy.get_or_404(actor, groups, group_id)


@dataclass
class GroupPage:
    group: Group
    page: object
    sessions: list = field(default_factory=list)


def group_page(*, actor, group_id, page_number=None) -> GroupPage:
    """The group and a page of its sessions, newest first, each with its head counts (all
    attendees) and the names of the attendees she may see. The names shown are recorded in
    the audit log, one row for the page; a fixed number of queries."""
    group = group_for(actor=actor, group_id=group_id)
    sessions = (
        policy.group_sessions_visible_to(actor)
        .filter(group=group)
        .annotate(named_count=Count("attendance"))
        .select_related("recorded_by")
        .order_by("-date", "-id")
    )
    page = page_of(sessions, page_number, SESSIONS_PER_PAGE)
    rows = list(page.object_list)
    visible = (
        policy.attendance_visible_to(actor)
        .filter(session__in=[s.pk for s in rows])
        .select_related("case__youth")
        .order_by("case__youth__first_name", "case__youth__last_name", "id")
    )
    by_session: dict[int, list] = {}
    youths = {}
    for a in visible:
        by_session.setdefault(a.session_id, []).append(a.case.youth)
        youths[a.case.youth_id] = a.case.youth
    for s in rows:
        s.visible_attendees = by_session.get(s.pk, [])
        s.total = s.named_count + s.anonymous_count
    if youths:
        policy.record_youth_shown(
            actor, list(youths.values()), purpose=Purpose.CASEWORK, fields=NAME_FIELDS
        )
    return GroupPage(group=group, page=page, sessions=rows)


def attendee_choices(*, actor, group) -> list[tuple[str, str]]:
    """The youths of the unit's open cases she may see, as (case id, name), to tick as
    attendees. Showing the names is recorded in the audit log."""
    cases = list(
        policy.cases_visible_to(actor)
        .filter(unit_id=group.unit_id, status=CaseStatus.OPEN)
        .select_related("youth")
        .order_by("youth__first_name", "youth__last_name", "id")
    )
    if cases:
        policy.record_youth_shown(
            actor,
            list({c.youth_id: c.youth for c in cases}.values()),
            purpose=Purpose.CASEWORK,
            fields=("first_name", "last_name"),
        )
    return [(str(c.pk), f"{c.youth.first_name} {c.youth.last_name}") for c in cases]
