"""The rules checked against history (issue 18, point 2): of one school year's flagged
students, how many left school — per rule, for any flag, and for comparison among the students
no rule flagged. Counts only, no student named; computed in the database in three queries
whatever the number of students. For the analyst small counts are withheld
(ungsam.stats.suppression), and with them what would give them away.

A school year runs from 1 August to 31 July. A student is in the year when she has a period
beginning in it at a school of the municipality; she is flagged by a rule when it was raised on
one of those periods; she left school when a period of hers from the year's start on has a
status of LEFT_SCHOOL (quit, or without a school place)."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Count, Exists, Max, Min, OuterRef, Q
from django.utils.translation import gettext as _

from ungsam.access import policy
from ungsam.lib.charts import bar_chart
from ungsam.org.models import Municipality
from ungsam.ot.models import LEFT_SCHOOL, RiskFlag, RiskRule, StudentPeriod
from ungsam.stats.suppression import is_suppressed, suppress_cells

ANY = "any"


def school_year_start(day: date) -> int:
    """The year the school year holding `day` began."""
    return day.year if day >= date(day.year, 8, 1) else day.year - 1


def last_complete_year(today: date) -> int:
    return school_year_start(today) - 1


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 8, 1), date(year + 1, 7, 31)


def years_with_data(municipality, today: date) -> list[int]:
    """The complete school years (newest first) from the first period in the municipality."""
    found = StudentPeriod.objects.filter(school__municipality=municipality).aggregate(
        first=Min("period_start"), last=Max("period_start")
    )
    newest = last_complete_year(today)
    if found["first"] is None:
        return [newest]
    return list(range(newest, min(school_year_start(found["first"]), newest) - 1, -1))


@dataclass
class BacktestRow:
    key: str  # a rule's id, or ANY
    label: str
    flagged: int | str
    flagged_left: int | str
    not_flagged: int | str
    not_flagged_left: int | str
    active: bool = True

    @staticmethod
    def _share(part, whole):
        if is_suppressed(part) or is_suppressed(whole) or not whole:
            return None
        return round(100 * part / whole, 1)

    @property
    def flagged_share(self):
        return self._share(self.flagged_left, self.flagged)

    @property
    def not_flagged_share(self):
        return self._share(self.not_flagged_left, self.not_flagged)


@dataclass
class Backtest:
    year: int
    start: date
    end: date
    students: int | str
    left: int | str
    rows: list[BacktestRow]
    suppressed: bool
    limit: int

    @property
    def chart(self) -> dict:
        items = []
        for row in self.rows:
            share = row.flagged_share
            items.append((row.label, None if share is None else round(share)))
        share = self.rows[-1].not_flagged_share if self.rows else None
        items.append((_("No flag"), None if share is None else round(share)))
        return bar_chart(items, label_chars=30)


def backtest(*, municipality, year: int, suppress: bool) -> Backtest:
    """The back-test of the municipality's rules for the school year beginning in `year`."""
    start, end = year_bounds(year)

    def left(youth_ref: str):
        return StudentPeriod.objects.filter(
            youth_id=OuterRef(youth_ref), status__in=LEFT_SCHOOL, period_start__gte=start
        )

    in_year = StudentPeriod.objects.filter(
        school__municipality=municipality, period_start__gte=start, period_start__lte=end
    )
    totals = in_year.annotate(has_left=Exists(left("youth_id"))).aggregate(
        students=Count("youth_id", distinct=True),
        left=Count("youth_id", distinct=True, filter=Q(has_left=True)),
    )
    flags = RiskFlag.objects.filter(period__in=in_year).annotate(
        has_left=Exists(left("period__youth_id"))
    )
    counts = {
        "flagged": Count("period__youth_id", distinct=True),
        "left": Count("period__youth_id", distinct=True, filter=Q(has_left=True)),
    }
    by_rule = {row["rule_id"]: row for row in flags.values("rule_id").annotate(**counts)}
    any_flag = flags.aggregate(**counts)
    rules = RiskRule.objects.filter(municipality=municipality).order_by("kind")
    values: dict[tuple, int] = {("students",): totals["students"], ("left",): totals["left"]}
    keys = [(str(r.pk), r.get_kind_display(), r.active) for r in rules] + [
        (ANY, _("Any flag"), True)
    ]
    for key, _label, _active in keys:
        found = any_flag if key == ANY else by_rule.get(int(key), {"flagged": 0, "left": 0})
        values[(key, "flagged")] = found["flagged"] or 0
        values[(key, "flagged_left")] = found["left"] or 0
        values[(key, "not_flagged")] = totals["students"] - values[(key, "flagged")]
        values[(key, "not_flagged_left")] = totals["left"] - values[(key, "flagged_left")]
    limit = settings.SMALL_CELL_LIMIT
    if suppress:
        relations = []
        for key, _label, _active in keys:
            relations.append((("students",), [(key, "flagged"), (key, "not_flagged")]))
            relations.append((("left",), [(key, "flagged_left"), (key, "not_flagged_left")]))
        values = suppress_cells(values, relations, limit)
    rows = [
        BacktestRow(
            key=key,
            label=label,
            flagged=values[(key, "flagged")],
            flagged_left=values[(key, "flagged_left")],
            not_flagged=values[(key, "not_flagged")],
            not_flagged_left=values[(key, "not_flagged_left")],
            active=active,
        )
        for key, label, active in keys
    ]
    return Backtest(
        year=year,
        start=start,
        end=end,
        students=values[("students",)],
        left=values[("left",)],
        rows=rows,
        suppressed=suppress,
        limit=limit,
    )


def backtest_municipalities(actor) -> list:
    """The municipalities whose back-test she sees (admins and analysts of them)."""
    ids = policy.rule_backtest_municipality_ids(actor)
    return list(Municipality.objects.filter(pk__in=ids).order_by("name"))
