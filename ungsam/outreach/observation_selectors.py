"""Reads of field observations: the unit's searchable list, the areas and shifts to choose
from, and the trends: per tag and month, how many observations carried the tag, and the change
from the period of the same length before. Trends count tags; they never read the text."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction, Purpose
from ungsam.lib.calendar import month_spans
from ungsam.lib.pagination import page_of
from ungsam.org.models import Area
from ungsam.outreach.models import ObservationTag, ObservationTagging

PER_PAGE = 25
SHIFT_DAYS = 30  # the shifts offered to link an observation to: this many days back


def areas_of(unit) -> list[Area]:
    return list(Area.objects.filter(municipality_id=unit.municipality_id, active=True))


def recent_shifts(*, actor, unit) -> list:
    now = timezone.now()
    return list(
        policy.shifts_visible_to(actor)
        .filter(
            unit=unit,
            cancelled_at__isnull=True,
            starts_at__lte=now,
            starts_at__gte=now - timedelta(days=SHIFT_DAYS),
        )
        .order_by("-starts_at")
    )


def observation_page(
    *,
    actor,
    unit,
    words: str = "",
    tag: str = "",
    area_id=None,
    date_from=None,
    date_to=None,
    page_number=None,
):
    """A page of the unit's observations, newest first, with every word of `words` in the
    text, the tag, the area and the period given; three queries whatever the rows."""
    rows = policy.observations_visible_to(actor).filter(unit=unit)
    for word in words.split()[:10]:
        rows = rows.filter(text__icontains=word)
    if tag:
        rows = rows.filter(tags__tag=tag)
    if area_id:
        rows = rows.filter(area_id=area_id)
    if date_from:
        rows = rows.filter(date__gte=date_from)
    if date_to:
        rows = rows.filter(date__lte=date_to)
    rows = (
        rows.select_related("area", "recorded_by", "shift")
        .prefetch_related("tags")
        .order_by("-date", "-id")
    )
    return page_of(rows, page_number, PER_PAGE)


# --- Trends ---------------------------------------------------------------------------------


def default_period(today: date | None = None) -> tuple[date, date]:
    """The last 12 months: from the first day of the month eleven months back up to today."""
    today = today or timezone.localdate()
    year, month = today.year, today.month - 11
    if month < 1:
        year, month = year - 1, month + 12
    return date(year, month, 1), today


def previous_period(start: date, end: date) -> tuple[date, date]:
    """The period of the same number of days just before."""
    days = (end - start).days
    prev_end = start - timedelta(days=1)
    return prev_end - timedelta(days=days), prev_end


@dataclass
class TagTrend:
    tag: str
    label: str
    per_month: list[int]
    total: int
    previous: int

    @property
    def change(self) -> int:
        return self.total - self.previous

    @property
    def change_percent(self) -> int | None:
        if not self.previous:
            return None
        return round(100 * self.change / self.previous)


@dataclass
class Trends:
    unit: object
    area: Area | None
    date_from: date
    date_to: date
    previous_from: date
    previous_to: date
    months: list[date] = field(default_factory=list)
    tags: list[TagTrend] = field(default_factory=list)
    observations_per_month: list[int] = field(default_factory=list)
    observations: int = 0
    observations_previous: int = 0

    @property
    def month_labels(self) -> list[str]:
        return [f"{m.month:02d}.{m.year % 100:02d}" for m in self.months]


def trends(*, actor, unit, area=None, date_from: date, date_to: date) -> Trends:
    """Counts of the unit's observations per tag and month in the period (for one area, or
    all), and per tag in the period of the same length before. Four queries; the text is
    never read."""
    prev_from, prev_to = previous_period(date_from, date_to)
    observations = policy.observations_visible_to(actor).filter(unit=unit)
    if area is not None:
        observations = observations.filter(area=area)
    taggings = ObservationTagging.objects.filter(observation__in=observations.values("pk"))
    in_period = Q(observation__date__gte=date_from, observation__date__lte=date_to)
    in_previous = Q(observation__date__gte=prev_from, observation__date__lte=prev_to)
    per_month = {
        (r["tag"], r["month"]): r["n"]
        for r in taggings.filter(in_period)
        .annotate(month=TruncMonth("observation__date"))
        .values("tag", "month")
        .annotate(n=Count("id"))
    }
    previous = {
        r["tag"]: r["n"] for r in taggings.filter(in_previous).values("tag").annotate(n=Count("id"))
    }
    obs_per_month = {
        r["month"]: r["n"]
        for r in observations.filter(date__gte=date_from, date__lte=date_to)
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(n=Count("id"))
    }
    previous_total = observations.filter(date__gte=prev_from, date__lte=prev_to).count()
    months = [first for first, _ in month_spans(date_from, date_to)]

    def month_key(value):
        # TruncMonth gives a date on some databases and a datetime on others.
        return value.date() if hasattr(value, "date") and callable(value.date) else value

    per_month = {(tag, month_key(m)): n for (tag, m), n in per_month.items()}
    obs_per_month = {month_key(m): n for m, n in obs_per_month.items()}
    result = Trends(
        unit=unit,
        area=area,
        date_from=date_from,
        date_to=date_to,
        previous_from=prev_from,
        previous_to=prev_to,
        months=months,
        observations_per_month=[obs_per_month.get(m, 0) for m in months],
        observations_previous=previous_total,
    )
    result.observations = sum(result.observations_per_month)
    for tag, label in ObservationTag.choices:
        counts = [per_month.get((tag, m), 0) for m in months]
        if sum(counts) or previous.get(tag):
            result.tags.append(
                TagTrend(
                    tag=tag,
                    label=str(label),
                    per_month=counts,
                    total=sum(counts),
                    previous=previous.get(tag, 0),
                )
            )
    return result


def record_trends_export(*, actor, unit) -> None:
    """Sharing the trends as a PDF is recorded, like every export (no youth is named)."""
    audit.record(
        actor,
        audit.Entry(
            AuditAction.EXPORT,
            Purpose.ADMINISTRATION,
            obj=unit,
            fields=("observation_trends", "pdf"),
            membership=policy.fieldwork_membership(actor, unit.pk),
        ),
    )
