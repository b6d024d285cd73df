"""What the fieldwork dashboard counts: the unit's anonymous contacts (ContactTally rows, each
with a count; an undone tap never counts), summed in the database over the (unit, date) index.
Every function makes a fixed number of queries, however many tallies, weeks or places there are.
Labels are the code lists' own, never the stored codes."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q, Sum
from django.db.models.functions import TruncWeek
from django.utils.translation import gettext as _

from ungsam.access import policy
from ungsam.lib.calendar import monday_of
from ungsam.outreach.dashboard_forms import year_before
from ungsam.outreach.models import AgeGroup, ContactChannel, Depth, Gender


def _counted(actor, unit):
    """The unit's contacts she may read, without undone taps."""
    return policy.tallies_visible_to(actor).filter(unit=unit, undone_at__isnull=True)


def week_of(day: date) -> tuple[date, date]:
    """Monday and Sunday of the day's week."""
    monday = monday_of(day)
    return monday, monday + timedelta(days=6)


@dataclass
class Row:
    label: str
    count: int = 0
    last_year: int = 0


@dataclass
class Week:
    year: int
    number: int
    monday: date
    count: int = 0


@dataclass
class Period:
    start: date
    end: date
    last_start: date
    last_end: date
    total: int = 0
    last_total: int = 0
    weeks: list = field(default_factory=list)
    areas: list = field(default_factory=list)
    places: list = field(default_factory=list)
    age_groups: list = field(default_factory=list)
    genders: list = field(default_factory=list)
    channels: list = field(default_factory=list)
    depths: list = field(default_factory=list)

    @property
    def change_percent(self) -> float | None:
        """The change from the same period a year earlier, in per cent (None: none then)."""
        if not self.last_total:
            return None
        return (self.total - self.last_total) * 100 / self.last_total

    @property
    def change_size(self) -> float | None:
        change = self.change_percent
        return None if change is None else abs(change)


def contacts_now(*, actor, unit, today: date) -> dict:
    """Today's and this week's (Monday–Sunday) contacts, by channel, and today's places: two
    queries."""
    monday, sunday = week_of(today)
    rows = (
        _counted(actor, unit)
        .filter(date__range=(monday, sunday))
        .values("date", "channel")
        .annotate(n=Sum("count"))
        .order_by()
    )
    channels = {
        code: {"label": str(label), "today": 0, "week": 0} for code, label in ContactChannel.choices
    }
    for row in rows:
        channels[row["channel"]]["week"] += row["n"]
        if row["date"] == today:
            channels[row["channel"]]["today"] += row["n"]
    places = [
        Row(label=row["place__name"], count=row["n"])
        for row in _counted(actor, unit)
        .filter(date=today)
        .values("place_id", "place__name")
        .annotate(n=Sum("count"))
        .order_by("-n", "place__name")
    ]
    return {
        "today": sum(c["today"] for c in channels.values()),
        "week": sum(c["week"] for c in channels.values()),
        "monday": monday,
        "sunday": sunday,
        "channels": list(channels.values()),
        "places": places,
    }


def contacts_in_period(*, actor, unit, start: date, end: date) -> Period:
    """The contacts from `start` to `end` (both counted) by ISO week, area, place, age group,
    gender, channel and depth, each beside the same period a year earlier: four queries."""
    last_start, last_end = year_before(start), year_before(end)
    period = Period(start=start, end=end, last_start=last_start, last_end=last_end)
    now = Q(date__range=(start, end))
    then = Q(date__range=(last_start, last_end))
    both = _counted(actor, unit).filter(now | then)
    sums = {"n": Sum("count", filter=now), "last": Sum("count", filter=then)}

    # Weeks: the database truncates each date to its week's Monday.
    counts = dict(
        _counted(actor, unit)
        .filter(now)
        .annotate(monday=TruncWeek("date"))
        .values("monday")
        .annotate(n=Sum("count"))
        .order_by()
        .values_list("monday", "n")
    )
    monday = week_of(start)[0]
    while monday <= end:
        year, number, _weekday = monday.isocalendar()
        period.weeks.append(Week(year, number, monday, counts.get(monday, 0)))
        monday += timedelta(days=7)

    # Age group, gender, channel and depth in one query (at most 5 × 4 × 4 × 3 groups).
    dims = {
        "age_group": {code: Row(str(label)) for code, label in AgeGroup.choices},
        "gender": {code: Row(str(label)) for code, label in Gender.choices},
        "channel": {code: Row(str(label)) for code, label in ContactChannel.choices},
        "depth": {code: Row(str(label)) for code, label in Depth.choices},
    }
    for row in both.values(*dims).annotate(**sums).order_by():
        for name, rows in dims.items():
            rows[row[name]].count += row["n"] or 0
            rows[row[name]].last_year += row["last"] or 0
        period.total += row["n"] or 0
        period.last_total += row["last"] or 0
    period.age_groups = list(dims["age_group"].values())
    period.genders = list(dims["gender"].values())
    period.channels = list(dims["channel"].values())
    period.depths = list(dims["depth"].values())

    # Areas: places without an area are counted together.
    no_area = Row(_("No area"))
    for row in both.values("place__area_id", "place__area__name").annotate(**sums).order_by():
        if row["place__area_id"] is None:
            no_area.count += row["n"] or 0
            no_area.last_year += row["last"] or 0
        else:
            period.areas.append(Row(row["place__area__name"], row["n"] or 0, row["last"] or 0))

    period.areas.sort(key=lambda r: (-r.count, r.label))
    if no_area.count or no_area.last_year:
        period.areas.append(no_area)

    places = both.values("place_id", "place__name").annotate(**sums).order_by()
    period.places = sorted(
        (Row(row["place__name"], row["n"] or 0, row["last"] or 0) for row in places),
        key=lambda r: (-r.count, r.label),
    )
    return period
