"""Reads of shifts (feltvakter) and the staffing plan (bemanningsplan), scoped by the fieldwork
policy (DESIGN.md rule 2): a unit's workers and leaders see its shifts and plan; everyone else
sees nothing (an empty plan, no shifts) and, for one shift, 404.

Planned against held. A band of the plan on a weekday (08:30–15:30, Monday, 2–3 teams) plans
2–3 team-shifts on every such day. A held shift is one not cancelled that has started; it is
counted on the day and in the band whose time it overlaps most (a band that ends at or before
it starts runs past midnight; a shift starting at 00:30 may belong to the day before's
16:00–01:00 band). A held shift that overlaps no band is "outside the plan", on the day it
started. Shifts not started yet are "scheduled". The sums are made in Python over two queries
(the unit's bands, and the start and end of the period's shifts): a year of one unit's shifts
is a few thousand pairs of times."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ungsam.access import policy
from ungsam.access.models import Purpose
from ungsam.lib.calendar import monday_of, month_spans
from ungsam.org.models import Area, Unit, User
from ungsam.outreach.models import Shift, StaffingBand

UNDER, WITHIN, OVER, ONGOING, COMING = "under", "within", "over", "ongoing", "coming"


def status_label(status: str) -> str:
    return {
        UNDER: _("Below plan"),
        WITHIN: _("Within plan"),
        OVER: _("Above plan"),
        ONGOING: _("In progress"),
        COMING: _("Not yet"),
    }[status]


def local_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def at(day: date, clock: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock))


def band_window(day: date, starts: time, ends: time) -> tuple[datetime, datetime]:
    """A band's time on a day: it ends the next day when it ends at or before it starts."""
    end_day = day + timedelta(days=1) if ends <= starts else day
    return at(day, starts), at(end_day, ends)


def shift_end(day: date, starts: time, ends: time) -> tuple[datetime, datetime]:
    """A shift's start and end from its day and clock times (16:00–01:00 ends the next day)."""
    return band_window(day, starts, ends)


# --- One shift, and the week's shifts ---


def shift_for(actor, pk) -> Shift:
    """One shift of a unit she works in; else 404 (the probe is recorded)."""
    found = (
        policy.shifts_visible_to(actor)
        .filter(pk=pk)
        .select_related("unit", "unit__municipality")
        .prefetch_related("workers", "areas")
        .first()
    )
    if found is None:
        policy.deny(actor, Shift, pk, purpose=Purpose.CASEWORK)
        raise Http404
    return found


def band_for(actor, pk) -> StaffingBand:
    """One band of a plan she may change (her unit's, as its leader); else 404."""
    found = policy.staffing_bands_visible_to(actor).filter(pk=pk).select_related("unit").first()
    if found is None or not policy.may_plan_staffing(actor, found.unit_id):
        policy.deny(actor, StaffingBand, pk, purpose=Purpose.CASEWORK)
        raise Http404
    return found


def shift_state(shift: Shift, now: datetime) -> str:
    if shift.cancelled_at is not None:
        return "cancelled"
    if now < shift.starts_at:
        return "scheduled"
    if now < shift.ends_at:
        return "running"
    return "held"


def _state_label(state: str) -> str:
    return {
        "cancelled": _("Cancelled"),
        "scheduled": _("Scheduled"),
        "running": _("On shift now"),
        "held": _("Held"),
    }[state]


@dataclass
class ShiftRow:
    shift: Shift
    state: str
    state_label: str
    ends_next_day: bool
    workers: list
    areas: list


@dataclass
class DayOfShifts:
    day: date
    label: str
    rows: list = field(default_factory=list)


def week_shifts(actor, unit: Unit, monday: date, now: datetime | None = None) -> list[DayOfShifts]:
    """The unit's shifts that start in the week from `monday`, by day, with their workers and
    areas (three queries whatever their number)."""
    now = now or timezone.now()
    shifts = (
        policy.shifts_visible_to(actor)
        .filter(
            unit=unit,
            starts_at__gte=local_start(monday),
            starts_at__lt=local_start(monday + timedelta(days=7)),
        )
        .order_by("starts_at", "id")
        .prefetch_related(
            Prefetch("workers", queryset=User.objects.order_by("first_name", "last_name")),
            Prefetch("areas", queryset=Area.objects.order_by("name")),
        )
    )
    days = [
        DayOfShifts(
            day=monday + timedelta(days=i),
            label=f"{WEEKDAYS[i]} {date_format(monday + timedelta(days=i), 'j. F')}",
        )
        for i in range(7)
    ]
    for shift in shifts:
        start = timezone.localtime(shift.starts_at)
        end = timezone.localtime(shift.ends_at)
        state = shift_state(shift, now)
        days[(start.date() - monday).days].rows.append(
            ShiftRow(
                shift=shift,
                state=state,
                state_label=_state_label(state),
                ends_next_day=end.date() > start.date(),
                workers=[str(w) for w in shift.workers.all()],
                areas=[a.name for a in shift.areas.all()],
            )
        )
    return days


def current_shift(actor, unit: Unit | int, now: datetime | None = None) -> Shift | None:
    """Her own shift in the unit (or unit id) that runs now (not cancelled), if any: what
    "Start shift now" would otherwise start, and what a tally made at `now` belongs to."""
    now = now or timezone.now()
    return (
        policy.shifts_visible_to(actor)
        .filter(
            unit=unit,
            workers=actor,
            cancelled_at__isnull=True,
            starts_at__lte=now,
            ends_at__gt=now,
        )
        .order_by("-starts_at")
        .first()
    )


def shift_workers(unit: Unit, shift: Shift | None = None) -> QuerySet[User]:
    """Who can be on the unit's shifts: its workers and leaders in force, and whoever is on the
    shift already (a worker who has left stays on her past shifts)."""
    people = Q(pk__in=policy.assignable_people(unit.pk).values("pk"))
    if shift is not None and shift.pk:
        people |= Q(pk__in=shift.workers.values("pk"))
    return User.objects.filter(people).order_by("first_name", "last_name", "id")


def shift_areas(unit: Unit, shift: Shift | None = None) -> QuerySet[Area]:
    """The areas of the unit's municipality in use, and those the shift names already."""
    areas = Q(active=True)
    if shift is not None and shift.pk:
        areas |= Q(pk__in=shift.areas.values("pk"))
    return Area.objects.filter(areas, municipality_id=unit.municipality_id).order_by("name")


# --- The plan ---


def bands_of(actor, unit: Unit) -> list[StaffingBand]:
    return list(
        policy.staffing_bands_visible_to(actor).filter(unit=unit).order_by("weekday", "starts")
    )


@dataclass
class PlanCell:
    band: StaffingBand | None


@dataclass
class PlanRow:
    starts: time
    ends: time
    label: str
    cells: list


def _band_label(starts: time, ends: time) -> str:
    return f"{starts:%H:%M}–{ends:%H:%M}"


def plan_table(bands: list[StaffingBand]) -> list[PlanRow]:
    """The plan as seed 004 prints it: one row per band's time, one column per weekday."""
    times = sorted({(b.starts, b.ends) for b in bands})
    rows = []
    for starts, ends in times:
        cells = [PlanCell(band=None) for _ in range(7)]
        for band in bands:
            if (band.starts, band.ends) == (starts, ends):
                cells[band.weekday] = PlanCell(band=band)
        rows.append(PlanRow(starts, ends, _band_label(starts, ends), cells))
    return rows


def weekday_names() -> list[str]:
    return [str(WEEKDAYS[i]) for i in range(7)]


def weekday_abbreviations() -> list[str]:
    return [str(WEEKDAYS_ABBR[i]) for i in range(7)]


# --- Planned against held ---


@dataclass
class Tally:
    planned_min: int = 0
    planned_max: int = 0
    held: int = 0  # held shifts counted in a band of the plan
    outside: int = 0  # held shifts in no band
    scheduled: int = 0  # not started yet
    status: str = ""
    status_label: str = ""

    @property
    def planned(self) -> str:
        if self.planned_min == self.planned_max:
            return str(self.planned_min)
        return f"{self.planned_min}–{self.planned_max}"

    @property
    def held_total(self) -> int:
        return self.held + self.outside

    def judge(self, first: date, last: date, today: date) -> "Tally":
        """Under, within or above the plan once the days are over; in progress or not yet
        before."""
        if first > today:
            self.status = COMING
        elif last >= today:
            self.status = ONGOING
        elif self.held < self.planned_min:
            self.status = UNDER
        elif self.held > self.planned_max:
            self.status = OVER
        else:
            self.status = WITHIN
        self.status_label = status_label(self.status)
        return self


class Counts:
    """The plan and the shifts of one unit over a span of days, counted per day and band."""

    def __init__(self, bands: list[StaffingBand], shifts, first: date, last: date, now):
        self.first, self.last = first, last
        self.by_weekday = defaultdict(list)
        for band in bands:
            self.by_weekday[band.weekday].append(band)
        self.held = defaultdict(int)  # (day, band id) -> shifts
        self.scheduled = defaultdict(int)
        self.outside = defaultdict(int)  # day -> held shifts in no band
        self.outside_scheduled = defaultdict(int)
        for starts_at, ends_at in shifts:
            day, band = self.place(starts_at, ends_at)
            started = starts_at <= now
            if band is None:
                (self.outside if started else self.outside_scheduled)[day] += 1
            else:
                (self.held if started else self.scheduled)[(day, band.pk)] += 1

    def place(self, starts_at: datetime, ends_at: datetime):
        """The day and band a shift counts in: the band it overlaps most, on the day it starts
        or the day before (a band past midnight); no band, the day it starts."""
        start_day = timezone.localtime(starts_at).date()
        best, best_overlap = (start_day, None), timedelta(0)
        for day in (start_day - timedelta(days=1), start_day):
            for band in self.by_weekday[day.weekday()]:
                band_start, band_end = band_window(day, band.starts, band.ends)
                overlap = min(band_end, ends_at) - max(band_start, starts_at)
                if overlap > best_overlap:
                    best, best_overlap = (day, band), overlap
        return best

    def cell(self, day: date, band: StaffingBand, today: date) -> Tally:
        tally = Tally(
            planned_min=band.min_teams,
            planned_max=band.max_teams,
            held=self.held[(day, band.pk)],
            scheduled=self.scheduled[(day, band.pk)],
        )
        return tally.judge(day, day, today)

    def day(self, day: date) -> Tally:
        tally = Tally(outside=self.outside[day], scheduled=self.outside_scheduled[day])
        for band in self.by_weekday[day.weekday()]:
            tally.planned_min += band.min_teams
            tally.planned_max += band.max_teams
            tally.held += self.held[(day, band.pk)]
            tally.scheduled += self.scheduled[(day, band.pk)]
        return tally

    def span(self, first: date, last: date, today: date) -> Tally:
        total = Tally()
        day = first
        while day <= last:
            one = self.day(day)
            total.planned_min += one.planned_min
            total.planned_max += one.planned_max
            total.held += one.held
            total.outside += one.outside
            total.scheduled += one.scheduled
            day += timedelta(days=1)
        return total.judge(first, last, today)


def counts(actor, unit: Unit, first: date, last: date, now=None) -> Counts:
    """Two queries: the unit's bands, and the start and end of each shift not cancelled that
    starts from the day before `first` (a band past midnight) to the end of `last`."""
    now = now or timezone.now()
    bands = bands_of(actor, unit)
    shifts = (
        policy.shifts_visible_to(actor)
        .filter(
            unit=unit,
            cancelled_at__isnull=True,
            starts_at__gte=local_start(first - timedelta(days=1)),
            starts_at__lt=local_start(last + timedelta(days=1)),
        )
        .values_list("starts_at", "ends_at")
    )
    return Counts(bands, list(shifts), first, last, now)


@dataclass
class DaySummary:
    day: date
    label: str
    tally: Tally


def week_summary(actor, unit: Unit, monday: date, today: date, now=None) -> dict:
    """The week from `monday`, day by day: planned team-shifts (min–max), held in the plan,
    held outside it, scheduled, and the judgement of each day that is over."""
    found = counts(actor, unit, monday, monday + timedelta(days=6), now)
    days = []
    for i in range(7):
        day = monday + timedelta(days=i)
        days.append(
            DaySummary(
                day=day,
                label=f"{WEEKDAYS[i]} {day:%d.%m.}",
                tally=found.day(day).judge(day, day, today),
            )
        )
    return {
        "unit": unit,
        "monday": monday,
        "sunday": monday + timedelta(days=6),
        "week": monday.isocalendar().week,
        "days": days,
        "total": found.span(monday, monday + timedelta(days=6), today),
        "has_plan": bool(found.by_weekday),
    }


def staffing_summary(actor, unit: Unit, today: date, now=None) -> dict:
    """This week's shifts planned against held, day by day, for the outreach dashboard:
    `{"unit", "monday", "sunday", "week", "days": [DaySummary(day, label, tally)], "total":
    Tally, "has_plan"}`; a Tally has planned_min, planned_max, planned ("2–3"), held (in a band),
    outside (in no band), held_total, scheduled (not started), status and status_label (text:
    below, within or above plan; in progress; not yet). Render it with
    `{% include "outreach/_staffing_summary.html" %}` and the context variable
    `staffing_summary`. Three queries; nothing for someone outside the unit."""
    return week_summary(actor, unit, monday_of(today), today, now)


@dataclass
class GridCell:
    band: StaffingBand | None
    tally: Tally | None


@dataclass
class GridRow:
    label: str
    cells: list


def week_grid(actor, unit: Unit, monday: date, today: date, now=None) -> dict:
    """One week as weekday × band: "2–3 planned / 2 held", judged per cell; a row of shifts
    outside the plan and a row of totals."""
    sunday = monday + timedelta(days=6)
    found = counts(actor, unit, monday, sunday, now)
    bands = [b for weekday in sorted(found.by_weekday) for b in found.by_weekday[weekday]]
    rows = []
    for plan_row in plan_table(bands):
        cells = []
        for i, cell in enumerate(plan_row.cells):
            day = monday + timedelta(days=i)
            tally = found.cell(day, cell.band, today) if cell.band else None
            cells.append(GridCell(band=cell.band, tally=tally))
        rows.append(GridRow(label=plan_row.label, cells=cells))
    days = [monday + timedelta(days=i) for i in range(7)]
    outside = [found.outside[d] for d in days]
    totals = [found.day(d).judge(d, d, today) for d in days]
    return {
        "monday": monday,
        "sunday": sunday,
        "week": monday.isocalendar().week,
        "days": [f"{WEEKDAYS_ABBR[d.weekday()]} {d:%d.%m.}" for d in days],
        "rows": rows,
        "outside": outside,
        "any_outside": any(outside),
        "totals": totals,
    }


@dataclass
class PeriodRow:
    label: str
    first: date
    last: date
    tally: Tally


def planned_against_held(
    actor,
    unit: Unit,
    weeks_from: date,
    weeks_to: date,
    months_from: date,
    months_to: date,
    today: date,
    now=None,
) -> dict:
    """Per week (Monday of `weeks_from` to the Sunday of `weeks_to`'s week) and per month
    (`months_from`'s month to `months_to`'s): planned team-shifts against held. Two queries for
    the lot."""
    weeks_first, weeks_last = monday_of(weeks_from), monday_of(weeks_to) + timedelta(days=6)
    spans = list(month_spans(months_from, months_to))
    first = min(weeks_first, spans[0][0])
    last = max(weeks_last, spans[-1][1])
    found = counts(actor, unit, first, last, now)
    weeks = []
    monday = weeks_first
    while monday <= weeks_last:
        sunday = monday + timedelta(days=6)
        weeks.append(
            PeriodRow(
                label=_("Week %(week)s") % {"week": monday.isocalendar().week},
                first=monday,
                last=sunday,
                tally=found.span(monday, sunday, today),
            )
        )
        monday += timedelta(days=7)
    months = [
        PeriodRow(
            label=date_format(start, "F Y").capitalize(),
            first=start,
            last=end,
            tally=found.span(start, end, today),
        )
        for start, end in spans
    ]
    return {"weeks": weeks, "months": months, "has_plan": bool(found.by_weekday)}


def band_at(actor, unit: Unit, now: datetime) -> tuple[datetime, datetime] | None:
    """The band of the plan she is in now: of those running now (today's, or last night's past
    midnight), the one that started last; its start and end."""
    today = timezone.localtime(now).date()
    best = None
    for band in bands_of(actor, unit):
        for day in (today - timedelta(days=1), today):
            if band.weekday != day.weekday():
                continue
            start, end = band_window(day, band.starts, band.ends)
            if start <= now < end and (best is None or start > best[0]):
                best = (start, end)
    return best


def next_band_times(actor, unit: Unit, now: datetime) -> tuple[time, time] | None:
    """The start and end of today's band that has not ended yet and starts first (what a new
    shift is likely to be), if the plan has one."""
    today = timezone.localtime(now).date()
    upcoming = [
        band
        for band in bands_of(actor, unit)
        if band.weekday == today.weekday() and band_window(today, band.starts, band.ends)[1] > now
    ]
    if not upcoming:
        return None
    first = min(upcoming, key=lambda band: band.starts)
    return first.starts, first.ends
