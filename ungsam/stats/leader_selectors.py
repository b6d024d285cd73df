"""The figures of a unit leader's dashboards (issue 17, item 4; seed 003): the load month by
month (active cases, waiting list, capacity), outcomes at closure, the change between first and
latest assessment, the time from referral to first contact, and continuity of contact persons.

Counts only, never a youth: these are the unit's own figures for its own leader, so nothing is
withheld (the page says so). Every function takes the unit the caller already resolved through
the policy (`cases.selectors.led_unit`), and aggregates in the database with a fixed number of
queries, whatever the number of cases. Cases brought in by the import bundle are left out: they
were followed up in another system, and carry no referral, assessment or contact history."""

import statistics
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Avg, Count, Exists, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ungsam.access import policy
from ungsam.cases.models import Appointment as CaseAppointment
from ungsam.cases.models import (
    AppointmentOutcome,
    Case,
    CaseStatus,
    ClosureOutcome,
    ContactPersonPeriod,
    EntryKind,
    JournalEntry,
    Referral,
)
from ungsam.cases.selectors import stage_series
from ungsam.org.models import is_in_force
from ungsam.outreach.models import Conversation
from ungsam.plans.models import Domain, DomainScore

# Journal entries that record meeting or talking with the youth herself (a meeting may be with
# the school alone, a summary is written for the team): the first of them is a first contact.
CONTACT_KINDS = (EntryKind.CONVERSATION, EntryKind.HOME_VISIT, EntryKind.PHONE)

# The distribution of days from referral to first contact: (lowest, highest or None, label).
WAIT_BUCKETS = ((0, 7), (8, 14), (15, 30), (31, 60), (61, 90), (91, None))


@dataclass(frozen=True)
class Month:
    start: date  # the first day of the month inside the period
    end: date  # the last day of the month inside the period

    @property
    def first(self) -> date:
        return self.start.replace(day=1)


def months_of(start: date, end: date) -> list[Month]:
    """The calendar months the period touches, each cut to the period."""
    months, day = [], start
    while day <= end:
        following = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
        months.append(Month(day, min(end, following - timedelta(days=1))))
        day = following
    return months


def _cases(unit):
    return Case.objects.filter(unit=unit, imported=False)


# --- 1. Load: active cases, waiting list, capacity --------------------------------------------


@dataclass
class LoadMonth:
    month: Month
    on: date  # the day the figures are read at: the month's end, or today in this month
    waiting: int
    followed: int
    capacity: int
    referrals: int  # referrals received in the month

    @property
    def free(self) -> int:
        return self.capacity - self.followed


def load_by_month(*, actor, unit, months: list[Month], today: date) -> list[LoadMonth]:
    """The waiting list and the active cases at the end of each month (read from the stage
    history, as on the status page), the capacity the positions in force that day carry, and
    the referrals received. Months that have not begun are left out. Four queries."""
    months = [m for m in months if m.start <= today]
    days = [min(m.end, today) for m in months]
    series = stage_series(actor=actor, unit=unit, days=days)
    spells = list(policy.unit_worker_spells(unit.pk))
    received = dict(
        Referral.objects.filter(
            case__unit=unit,
            case__imported=False,
            received_on__range=(months[0].start, days[-1]) if months else (today, today),
        )
        .annotate(month=TruncMonth("received_on"))
        .values_list("month")
        .annotate(n=Count("id"))
    )
    rows = []
    for month, (day, waiting, followed) in zip(months, series, strict=True):
        percent = sum(
            s.position_percent or 0
            for s in spells
            if is_in_force(status=s.status, starts_on=s.starts_on, ends_on=s.ends_on, day=day)
        )
        rows.append(
            LoadMonth(
                month=month,
                on=day,
                waiting=waiting,
                followed=followed,
                capacity=percent * unit.cases_per_position // 100,
                referrals=received.get(month.first, 0),
            )
        )
    return rows


# --- 2. Outcomes at closure -------------------------------------------------------------------


@dataclass
class OutcomeMonth:
    month: Month
    counts: list[int]  # in the order of ClosureOutcome
    total: int


@dataclass
class Outcomes:
    months: list[OutcomeMonth]
    totals: list[int]  # per outcome over the period
    total: int

    @property
    def by_outcome(self) -> list[tuple[str, int]]:
        return list(zip(ClosureOutcome.labels, self.totals, strict=True))


def outcomes_by_month(*, unit, months: list[Month]) -> Outcomes:
    """The cases closed in each month, by their outcome. One query."""
    counts: dict[tuple[date, str], int] = {}
    if months:
        rows = (
            _cases(unit)
            .filter(status=CaseStatus.CLOSED, closed_on__range=(months[0].start, months[-1].end))
            .annotate(month=TruncMonth("closed_on"))
            .values_list("month", "closure_outcome")
            .annotate(n=Count("id"))
        )
        counts = {(month, outcome): n for month, outcome, n in rows}
    table = []
    for month in months:
        row = [counts.get((month.first, code), 0) for code in ClosureOutcome.values]
        table.append(OutcomeMonth(month, row, sum(row)))
    totals = [sum(m.counts[i] for m in table) for i in range(len(ClosureOutcome.values))]
    return Outcomes(table, totals, sum(totals))


# --- 3. Change between first and latest assessment --------------------------------------------


@dataclass
class DomainChange:
    domain: str
    label: str
    cases: int  # cases assessed in this domain at least twice
    average_first: float | None
    average_latest: float | None
    average_change: float | None  # latest minus first: above zero is better (scores rise)
    improved: int
    unchanged: int
    worsened: int

    @property
    def improved_percent(self) -> int | None:
        return round(100 * self.improved / self.cases) if self.cases else None


@dataclass
class AssessmentChange:
    domains: list[DomainChange]
    cases: int  # cases with two assessments or more, the latest in the period
    absence_referrals: int  # of those, referrals that gave an absence percentage
    average_absence_at_referral: float | None


def _round(value, digits=2):
    return None if value is None else round(float(value), digits)


def assessment_change(*, unit, start: date, end: date) -> AssessmentChange:
    """For each domain, over the cases whose latest assessment of it up to the period's end
    falls in the period and that were assessed in it at least twice (a later assessment does
    not change a past period's figures): the average first and latest score, the average
    change, and how many improved, stood still or worsened. Scores run from 1 (great concern)
    to 5 (a strength). Absence is recorded as a percentage only in the referral: the page
    shows its average at referral, and the change in school attendance is the attendance
    domain's. Three queries."""
    same = {
        "assessment__case_id": OuterRef("assessment__case_id"),
        "domain": OuterRef("domain"),
        "subject": "",
    }
    first_score = (
        DomainScore.objects.filter(**same)
        .order_by("assessment__assessed_on", "assessment_id")
        .values("score")[:1]
    )
    first_assessment = (
        DomainScore.objects.filter(**same)
        .order_by("assessment__assessed_on", "assessment_id")
        .values("assessment_id")[:1]
    )
    later = DomainScore.objects.filter(**same, assessment__assessed_on__lte=end).filter(
        Q(assessment__assessed_on__gt=OuterRef("assessment__assessed_on"))
        | Q(
            assessment__assessed_on=OuterRef("assessment__assessed_on"),
            assessment_id__gt=OuterRef("assessment_id"),
        )
    )
    latest = (
        DomainScore.objects.filter(
            subject="",
            assessment__case__unit=unit,
            assessment__case__imported=False,
            assessment__assessed_on__range=(start, end),
        )
        .filter(~Exists(later))
        .annotate(
            first=Subquery(first_score, output_field=IntegerField()),
            first_id=Subquery(first_assessment),
        )
        .exclude(first_id=F("assessment_id"))
    )
    rows = {
        row["domain"]: row
        for row in latest.values("domain").annotate(
            cases=Count("id"),
            average_first=Avg("first"),
            average_latest=Avg("score"),
            improved=Count("id", filter=Q(score__gt=F("first"))),
            unchanged=Count("id", filter=Q(score=F("first"))),
            worsened=Count("id", filter=Q(score__lt=F("first"))),
        )
    }
    domains = []
    for code, label in Domain.choices:
        row = rows.get(code)
        if row is None:
            domains.append(DomainChange(code, label, 0, None, None, None, 0, 0, 0))
            continue
        first, last = _round(row["average_first"]), _round(row["average_latest"])
        domains.append(
            DomainChange(
                code,
                label,
                row["cases"],
                first,
                last,
                round(last - first, 2),
                row["improved"],
                row["unchanged"],
                row["worsened"],
            )
        )
    case_ids = latest.values("assessment__case_id")
    absence = Referral.objects.filter(
        case_id__in=case_ids, absence_percent__isnull=False
    ).aggregate(n=Count("id"), average=Avg("absence_percent"))
    cases = latest.values("assessment__case_id").distinct().count()
    return AssessmentChange(
        domains=domains,
        cases=cases,
        absence_referrals=absence["n"],
        average_absence_at_referral=_round(absence["average"], 1),
    )


# --- 4. Time from referral to first contact ---------------------------------------------------


@dataclass
class WaitBucket:
    label: str
    low: int
    high: int | None
    count: int


@dataclass
class FirstContact:
    referrals: int  # received in the period
    contacted: int
    not_contacted: int
    median_days: float | None
    average_days: float | None
    buckets: list[WaitBucket] = field(default_factory=list)


def _bucket_label(low, high) -> str:
    if high is None:
        return _("%(low)s days or more") % {"low": low}
    return _("%(low)s–%(high)s days") % {"low": low, "high": high}


def first_contact(*, unit, start: date, end: date) -> FirstContact:
    """For the referrals received in the period: the days until the youth was first met — the
    first appointment she came to, journal entry of a conversation, home visit or phone call,
    or follow-up conversation, on or after the day the referral came. One query (a row per
    referral, for the median)."""
    case = OuterRef("case_id")
    since = OuterRef("received_on")
    appointment = (
        CaseAppointment.objects.filter(
            case_id=case, outcome=AppointmentOutcome.ATTENDED, starts_at__date__gte=since
        )
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    entry = (
        JournalEntry.objects.filter(
            case_id=case, kind__in=CONTACT_KINDS, corrects__isnull=True, occurred_on__gte=since
        )
        .order_by("occurred_on")
        .values("occurred_on")[:1]
    )
    conversation = (
        Conversation.objects.filter(case_id=case, date__gte=since)
        .order_by("date")
        .values("date")[:1]
    )
    rows = (
        Referral.objects.filter(
            case__unit=unit, case__imported=False, received_on__range=(start, end)
        )
        .annotate(
            appointment=Subquery(appointment),
            entry=Subquery(entry),
            conversation=Subquery(conversation),
        )
        .values_list("received_on", "appointment", "entry", "conversation")
    )
    waits = []
    referrals = 0
    for received_on, appointment_at, entry_on, conversation_on in rows:
        referrals += 1
        if appointment_at is not None:
            appointment_at = timezone.localdate(appointment_at)
        days = [d for d in (appointment_at, entry_on, conversation_on) if d is not None]
        if days:
            waits.append((min(days) - received_on).days)
    buckets = [
        WaitBucket(
            _bucket_label(low, high),
            low,
            high,
            sum(1 for w in waits if w >= low and (high is None or w <= high)),
        )
        for low, high in WAIT_BUCKETS
    ]
    return FirstContact(
        referrals=referrals,
        contacted=len(waits),
        not_contacted=referrals - len(waits),
        median_days=float(statistics.median(waits)) if waits else None,
        average_days=round(sum(waits) / len(waits), 1) if waits else None,
        buckets=buckets,
    )


# --- 5. Continuity of contact persons ---------------------------------------------------------


@dataclass
class ContinuityMonth:
    month: Month
    closed: int  # cases closed in the month that had a contact person
    kept: int  # ... whose primary contact person never changed
    changed: int

    @property
    def kept_percent(self) -> int | None:
        return round(100 * self.kept / self.closed) if self.closed else None


@dataclass
class Continuity:
    months: list[ContinuityMonth]
    closed: int
    kept: int
    changed: int

    @property
    def kept_percent(self) -> int | None:
        return round(100 * self.kept / self.closed) if self.closed else None


def continuity(*, unit, months: list[Month]) -> Continuity:
    """Of the cases closed in each month that ever had a contact person: how many kept the
    same primary contact person from the first assignment to the closure (the history of
    ContactPersonPeriod). One query."""
    counts: dict[date, tuple[int, int]] = {}
    if months:
        primaries = (
            ContactPersonPeriod.objects.filter(case_id=OuterRef("pk"), primary=True)
            .values("case_id")
            .annotate(n=Count("user_id", distinct=True))
            .values("n")
        )
        rows = (
            _cases(unit)
            .filter(status=CaseStatus.CLOSED, closed_on__range=(months[0].start, months[-1].end))
            .annotate(primaries=Subquery(primaries, output_field=IntegerField()))
            .annotate(month=TruncMonth("closed_on"))
            .values_list("month")
            .annotate(
                closed=Count("id", filter=Q(primaries__gte=1)),
                kept=Count("id", filter=Q(primaries=1)),
            )
        )
        counts = {month: (closed, kept) for month, closed, kept in rows}
    table = []
    for month in months:
        closed, kept = counts.get(month.first, (0, 0))
        table.append(ContinuityMonth(month, closed, kept, closed - kept))
    closed = sum(m.closed for m in table)
    kept = sum(m.kept for m in table)
    return Continuity(table, closed, kept, closed - kept)


# --- All of them ------------------------------------------------------------------------------


@dataclass
class LeaderDashboard:
    start: date
    end: date
    load: list[LoadMonth]
    outcomes: Outcomes
    assessments: AssessmentChange
    first_contact: FirstContact
    continuity: Continuity


def leader_dashboard(*, actor, unit, start: date, end: date, today: date) -> LeaderDashboard:
    """The five dashboards of the unit for the period: its leader's only (404 otherwise, as
    for a unit that does not exist). The parts below take the unit as granted here."""
    if not policy.leads_unit(actor, unit.pk):
        raise Http404
    months = months_of(start, end)
    return LeaderDashboard(
        start=start,
        end=end,
        load=load_by_month(actor=actor, unit=unit, months=months, today=today),
        outcomes=outcomes_by_month(unit=unit, months=months),
        assessments=assessment_change(unit=unit, start=start, end=end),
        first_contact=first_contact(unit=unit, start=start, end=end),
        continuity=continuity(unit=unit, months=months),
    )
