"""Reads for inquiries without consent and anonymous case discussion: a unit's list of its
inquiries, the check of a note against the register's names, the register's schools, and the
anonymity estimate of an SLT or BTI case discussion.

The register is read here only as a count or a yes/no, never a person: the name check says
whether a name of the register is in the text, the estimate how many youth fit (withheld below
the small-cell limit). Both are recorded in the audit log as searches naming nobody, under the
worker's role in her unit, so her leader sees how often they are run (rule 7's search rows)."""

import re
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction, Purpose
from ungsam.collab.models import AgeGroup
from ungsam.lib.pagination import page_of
from ungsam.people.models import Youth

# A name is a run of letters, with hyphens or apostrophes inside ("Anne-Marie", "O'Neil").
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# First names and last names of up to three words ("Anne Marie", "van der Berg").
LONGEST_NAME_WORDS = 3

# Anonymity, after Helsedirektoratet: a case is anonymous only when at least 4–5 persons fit
# what is told. We ask for the small-cell limit (5) in the register.
# A diagnosis is not in the register, and is rare: even a common one (anxiety, ADHD) is held
# by at most about one in four or five of the youth a service follows. So with a diagnosis
# told, at least 5 × 4 = 20 must fit the rest, for about 5 to fit it all.
DIAGNOSIS_FACTOR = 4

# Ages a group covers (DESIGN.md's age groups, by school level), youngest and oldest.
AGE_GROUP_AGES = {
    AgeGroup.PRIMARY: (None, 12),
    AgeGroup.LOWER_SECONDARY: (13, 15),
    AgeGroup.UPPER_SECONDARY: (16, 18),
    AgeGroup.OVER_18: (19, None),
}


def age_group_of(age: int) -> str:
    for group, (youngest, oldest) in AGE_GROUP_AGES.items():
        if (youngest is None or age >= youngest) and (oldest is None or age <= oldest):
            return group
    return AgeGroup.OVER_18


# --- A unit's list ------------------------------------------------------------------------


def inquiry_page(
    *,
    actor,
    page_number=None,
    unit_id=None,
    date_from: date | None = None,
    date_to: date | None = None,
    service: str = "",
    kind: str = "",
):
    """A page of the inquiries and anonymous guidance of the actor's units, newest first,
    filtered: one query for the rows (with their unit and recorder) and one for the count,
    however many rows. Names nobody, so nothing is recorded."""
    found = policy.inquiries_visible_to(actor).select_related("unit", "recorded_by")
    if unit_id:
        found = found.filter(unit_id=unit_id)
    if date_from:
        found = found.filter(on_date__gte=date_from)
    if date_to:
        found = found.filter(on_date__lte=date_to)
    if service:
        found = found.filter(service=service)
    if kind:
        found = found.filter(kind=kind)
    return page_of(found.order_by("-on_date", "-id"), page_number)


# --- Names of the register in a text --------------------------------------------------------


def _phrases(text: str) -> set[str]:
    """Every run of one to three words of the text, in the casings a name is written in."""
    words = WORD.findall(text)
    phrases = set()
    # "Anna-Fiktivsen" holds the first name and the last name too.
    for part in re.split(r"['’-]", " ".join(w for w in words if re.search(r"['’-]", w))):
        for word in part.split():
            phrases.update({word, word.lower(), word.upper(), word.capitalize()})
    for size in range(1, LONGEST_NAME_WORDS + 1):
        for i in range(len(words) - size + 1):
            phrase = " ".join(words[i : i + size])
            phrases.update(
                {phrase, phrase.lower(), phrase.upper(), phrase.title(), phrase.capitalize()}
            )
    return phrases


def register_name_in(*, actor, text: str, unit_id=None) -> bool:
    """Whether the text holds the first and the last name of one youth in the register of the
    actor's municipality. Compared in the casings names are written in (SQLite compares
    non-ASCII letters by case). A hit is recorded as a search naming nobody: it tells the
    worker that someone of that name is in the register."""
    phrases = _phrases(text or "")
    municipality_ids = policy.all_municipality_ids(actor)
    if not phrases or not municipality_ids:
        return False
    found = Youth.objects.filter(
        municipality_id__in=municipality_ids,
        first_name__in=phrases,
        last_name__in=phrases,
    ).exists()
    if found:
        _record_search(actor, unit_id, "register_name_check")
    return found


def _record_search(actor, unit_id, what: str) -> None:
    membership = policy.inquiry_membership(actor, unit_id) if unit_id else None
    if membership is None:
        membership = next(
            (policy.inquiry_membership(actor, u.pk) for u in policy.inquiry_units(actor)), None
        )
    audit.record(
        actor,
        audit.Entry(
            AuditAction.SEARCH, Purpose.COLLABORATION, fields=(what,), membership=membership
        ),
    )


# --- The anonymous case discussion --------------------------------------------------------


def register_schools(*, actor) -> list[str]:
    """The schools named in the register of the actor's municipality that at least the
    small-cell limit of its youth go to (names of schools, not of people): a school fewer go to
    could never be told anonymously, and listing it would tell that someone there is followed
    (perhaps a youth whose address, and so school, is protected). One query."""
    municipality_ids = policy.all_municipality_ids(actor)
    return list(
        Youth.objects.filter(municipality_id__in=municipality_ids)
        .exclude(school="")
        .values("school")
        .annotate(n=Count("pk"))
        .filter(n__gte=settings.SMALL_CELL_LIMIT)
        .order_by("school")
        .values_list("school", flat=True)
    )


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _ages(youngest: int | None, oldest: int | None, today: date) -> Q:
    """Born so as to be between `youngest` and `oldest` years old today (either may be open)."""
    q = Q()
    if youngest is not None:
        q &= Q(birth_date__lte=_years_before(today, youngest))
    if oldest is not None:
        q &= Q(birth_date__gt=_years_before(today, oldest + 1))
    return q


@dataclass
class Estimate:
    """How many youth in the register fit what the worker would tell: `shown` is the count, or
    None when it is under the small-cell limit (then only "fewer than 5" is said). `anonymous`
    is False when the rule is not met; `suggestions` name what to leave out to meet it."""

    shown: int | None
    needed: int
    with_diagnosis: bool
    anonymous: bool
    suggestions: list[str] = field(default_factory=list)
    none_enough: bool = False


def anonymity_estimate(
    *,
    actor,
    unit_id=None,
    age: int | None = None,
    age_group: str = "",
    gender: str = "",
    school: str = "",
    diagnosis: bool = False,
) -> Estimate:
    """How many youth of the actor's municipality's register fit the age (or age group), the
    gender and the school, and whether that is enough for the case to be told anonymously: at
    least the small-cell limit, or DIAGNOSIS_FACTOR times it when a diagnosis is told. One
    query counts the combination and each way of telling less (no school, the age group for
    the age, no gender), so the page can say what would help. Never who: the database counts,
    and a count under the limit is withheld. Recorded as a search naming nobody."""
    limit = settings.SMALL_CELL_LIMIT
    needed = limit * DIAGNOSIS_FACTOR if diagnosis else limit
    today = timezone.localdate()
    if age is not None:
        age_q = _ages(age, age, today)
        group_q = _ages(*AGE_GROUP_AGES[age_group_of(age)], today)
    elif age_group:
        age_q = group_q = _ages(*AGE_GROUP_AGES[age_group], today)
    else:
        age_q = group_q = Q()
    gender_q = Q(gender=gender) if gender else Q()
    school_q = Q(school=school) if school else Q()
    counts = Youth.objects.filter(municipality_id__in=policy.all_municipality_ids(actor)).aggregate(
        full=Count("pk", filter=age_q & gender_q & school_q),
        no_school=Count("pk", filter=age_q & gender_q),
        age_group=Count("pk", filter=group_q & gender_q & school_q),
        no_gender=Count("pk", filter=age_q & school_q),
        coarsest=Count("pk", filter=group_q),
    )
    _record_search(actor, unit_id, "anonymity_estimate")
    full = counts["full"]
    estimate = Estimate(
        shown=full if full >= limit else None,
        needed=needed,
        with_diagnosis=diagnosis,
        anonymous=full >= needed,
    )
    if estimate.anonymous:
        return estimate
    if diagnosis and full >= limit:
        estimate.suggestions.append("drop_diagnosis")
    options = (
        ("drop_school", bool(school), counts["no_school"]),
        ("use_age_group", age is not None, counts["age_group"]),
        ("drop_gender", bool(gender), counts["no_gender"]),
    )
    for code, applies, count in options:
        if applies and count >= needed:
            estimate.suggestions.append(code)
    if not estimate.suggestions:
        if counts["coarsest"] >= needed:
            estimate.suggestions.append("several")
        else:
            estimate.none_enough = True
    return estimate
