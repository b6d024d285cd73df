"""Weeks and months of the calendar that periods on several pages are cut into (fieldwork
shifts and the staffing plan, trends, statistics by month)."""

from collections.abc import Iterator
from datetime import date, timedelta


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def next_month(first: date) -> date:
    """The first day of the month after the one `first` is in."""
    return (first.replace(day=1) + timedelta(days=32)).replace(day=1)


def months_back(day: date, months: int) -> date:
    """The first day of the month `months` months before the one `day` is in."""
    year, month = day.year, day.month - months
    while month < 1:
        year, month = year - 1, month + 12
    return date(year, month, 1)


def month_spans(first: date, last: date) -> Iterator[tuple[date, date]]:
    """(first day, last day) of every month from `first`'s to `last`'s."""
    month = first.replace(day=1)
    while month <= last:
        following = next_month(month)
        yield month, following - timedelta(days=1)
        month = following
