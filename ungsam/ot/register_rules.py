"""The OT register's rules that read no database: the target group, the reporting dates of a
school year, what counts as real contact, and a registration's status on a given day."""

from bisect import bisect_right
from datetime import date, datetime, time

from django.conf import settings
from django.utils import timezone

from ungsam.cases.models import EntryKind
from ungsam.ot.status_codes import GROUP_CODES, StatusGroup

# Kinds of journal entry that are real contact with the youth (OTUK ends with one): talking
# with her, at home, by phone or in a meeting. A letter or a text message with no answer is
# not contact, nor is "other" or a note about her school.
REAL_CONTACT_KINDS = (
    EntryKind.CONVERSATION,
    EntryKind.HOME_VISIT,
    EntryKind.PHONE,
    EntryKind.MEETING,
)

# From OTUK to these groups OT must have had real contact with her (Udir: OTUK stays until
# contact is established).
GROUPS_NEEDING_CONTACT = (StatusGroup.FOLLOW_UP, StatusGroup.CLARIFIED)

# The target group (opplæringslova 2023 § 9-4): youth with a right to upper-secondary
# education, through the year they turn 24; before autumn 2024 (opplæringslova 1998 § 3-6),
# through the year they turned 21.
NEW_ACT_FROM = date(2024, 8, 1)
LAST_AGE = 24
LAST_AGE_BEFORE = 21


def last_age_on(day: date) -> int:
    return LAST_AGE if day >= NEW_ACT_FROM else LAST_AGE_BEFORE


def in_target_group(birth_date: date, day: date) -> bool:
    """Whether a youth born on `birth_date` is still of the target group's age on `day`."""
    return day.year <= birth_date.year + last_age_on(day)


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def is_minor(birth_date: date, day: date) -> bool:
    return age_on(birth_date, day) < 18


def school_year_of(day: date) -> int:
    """The first calendar year of the school year `day` falls in (it starts 1 August)."""
    return day.year if day.month >= 8 else day.year - 1


def reporting_dates(school_year: int, days=None) -> list[date]:
    """The configured reporting dates of the school year starting in August `school_year`."""
    days = settings.OT_REPORTING_DATES if days is None else days
    dates = [date(school_year if month >= 8 else school_year + 1, month, d) for d, month in days]
    return sorted(set(dates))


def end_of(day: date) -> datetime:
    """The last moment of the day (a change dated that day counts on it)."""
    return timezone.make_aware(datetime.combine(day, time.max))


def status_on(history: list[tuple[datetime, str]], moment: datetime) -> str | None:
    """The code in force at `moment`, from a registration's changes in time order, or None
    before the first."""
    index = bisect_right([at for at, _ in history], moment)
    return history[index - 1][1] if index else None


def no_follow_up_codes(groups=None) -> set[str]:
    """The codes of the groups configured as needing no follow-up (left out of the lists)."""
    groups = settings.OT_NO_FOLLOW_UP_GROUPS if groups is None else groups
    return {code for group in groups for code in GROUP_CODES.get(group, ())}
