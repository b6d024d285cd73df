"""What a school counselor reads of early warning (issue 18, point 2): her school's students of
one grade in the latest period imported, sorted by risk, with the trend since the previous
period; one student's periods and flags; the figures a referral starts from. Every read goes
through the policy (ungsam.access.policy.early_warning) and is audited."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Page
from django.db.models import IntegerField, Max, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.formats import date_format

from ungsam.access import policy
from ungsam.access.models import AuditAction
from ungsam.lib import field_crypto
from ungsam.lib.pagination import page_of
from ungsam.ot.models import RiskFlag, StudentPeriod
from ungsam.ot.risk_rules import explain, subject_codes
from ungsam.people.models import Youth

LIST_FIELDS = ("first_name", "last_name", "grade", "absence_percent", "risk_flags")
DETAIL_FIELDS = (*Youth.LIST_FIELDS, "school_data", "risk_flags")


@dataclass
class FlagView:
    rule_name: str
    kind: str
    weight: int
    explanation: str
    new: bool = False


@dataclass(frozen=True)
class Trend:
    """Absence now minus absence in the previous period, in percentage points."""

    change: Decimal

    @property
    def up(self) -> bool:
        return self.change > 0

    @property
    def down(self) -> bool:
        return self.change < 0

    @property
    def points(self) -> Decimal:
        return abs(self.change)


def trend(period, previous) -> Trend | None:
    if previous is None:
        return None
    return Trend(period.absence_percent - previous.absence_percent)


@dataclass
class StudentRow:
    period: StudentPeriod
    risk: int
    previous: StudentPeriod | None = None
    flags: list[FlagView] = field(default_factory=list)

    @property
    def change(self) -> Trend | None:
        return trend(self.period, self.previous)


@dataclass
class SchoolChoice:
    schools: list  # her schools (PartnerOrganization)
    school: object
    grades: list[str]
    grade: str | None
    latest: object  # the latest period's first day for the school and grade, or None


def _grade_key(grade: str):
    return (0, int(grade), "") if grade.isdigit() else (1, 0, grade)


def school_choice(*, actor, school_id=None, grade=None) -> SchoolChoice:
    """Her schools, the one chosen (`school_id`, else the first), its grades and the chosen
    one (else the first), and that grade's latest period. A school not hers answers 404."""
    schools = list({m.partner_id: m.partner for m in policy.counselor_memberships(actor)}.values())
    if not schools:
        raise Http404
    school = schools[0]
    if school_id not in (None, ""):
        found = [s for s in schools if str(s.pk) == str(school_id)]
        if not found:
            raise Http404
        school = found[0]
    latest_by_grade = dict(
        StudentPeriod.objects.filter(school=school)
        .values("grade")
        .annotate(latest=Max("period_start"))
        .values_list("grade", "latest")
    )
    grades = sorted(latest_by_grade, key=_grade_key)
    chosen = grade if grade in latest_by_grade else (grades[0] if grades else None)
    return SchoolChoice(schools, school, grades, chosen, latest_by_grade.get(chosen))


def _flag_views(flags, previous_kinds: set | None) -> list[FlagView]:
    views = [
        FlagView(
            rule_name=flag.rule.get_kind_display(),
            kind=flag.rule.kind,
            weight=flag.rule.weight,
            explanation=explain(flag.rule.kind, flag.figures),
            new=previous_kinds is not None and flag.rule.kind not in previous_kinds,
        )
        for flag in flags
    ]
    return sorted(views, key=lambda f: (-f.weight, f.rule_name))


def _students(actor, choice: SchoolChoice, only_flagged: bool):
    periods = (
        policy.student_periods_visible_to(actor)
        .filter(school=choice.school, grade=choice.grade, period_start=choice.latest)
        .select_related("youth")
        .only(
            "id",
            "youth_id",
            "school_id",
            "grade",
            "period_start",
            "period_end",
            "absence_percent",
            "youth__first_name",
            "youth__last_name",
        )
        .annotate(
            risk=Coalesce(Sum("flags__rule__weight"), 0, output_field=IntegerField()),
        )
        .order_by("-risk", "-absence_percent", "youth__last_name", "youth__first_name", "id")
    )
    if only_flagged:
        periods = periods.filter(risk__gt=0)
    return periods


def _rows(actor, periods: list[StudentPeriod]) -> list[StudentRow]:
    """Each period with the student's previous period at her schools and both periods' flags
    (two queries, whatever the number of rows)."""
    if not periods:
        return []
    latest = periods[0].period_start
    youth_ids = [p.youth_id for p in periods]
    previous: dict[int, StudentPeriod] = {}
    for p in (
        policy.student_periods_visible_to(actor)
        .filter(youth_id__in=youth_ids, period_start__lt=latest)
        .only("id", "youth_id", "period_start", "period_end", "absence_percent")
        .order_by("youth_id", "-period_start")
    ):
        previous.setdefault(p.youth_id, p)
    ids = [p.pk for p in periods] + [p.pk for p in previous.values()]
    flags = defaultdict(list)
    for flag in RiskFlag.objects.filter(period_id__in=ids).select_related("rule"):
        flags[flag.period_id].append(flag)
    rows = []
    for p in periods:
        before = previous.get(p.youth_id)
        kinds = {f.rule.kind for f in flags[before.pk]} if before else None
        rows.append(StudentRow(p, p.risk, before, _flag_views(flags[p.pk], kinds)))
    return rows


def student_list(
    *, actor, choice: SchoolChoice, only_flagged: bool = True, page_number=None
) -> Page:
    """One page of the grade's students in the latest period, highest risk (the sum of their
    flags' weights) first, then highest absence; one audit row names every student shown."""
    if choice.latest is None:
        return page_of(StudentPeriod.objects.none(), 1)
    page = page_of(_students(actor, choice, only_flagged), page_number)
    page.object_list = _rows(actor, list(page.object_list))
    policy.record_students_shown(
        actor,
        choice.school.pk,
        [row.period.youth_id for row in page.object_list],
        fields=LIST_FIELDS,
    )
    return page


def student_list_export(*, actor, choice: SchoolChoice, only_flagged: bool) -> list[StudentRow]:
    """Every row of the list, for a download: one "exported" audit row names them all."""
    if choice.latest is None:
        return []
    rows = _rows(actor, list(_students(actor, choice, only_flagged)))
    policy.record_students(
        actor,
        choice.school.pk,
        [row.period.youth_id for row in rows],
        action=AuditAction.EXPORT,
        fields=LIST_FIELDS,
    )
    return rows


@dataclass
class StudentDetail:
    period: StudentPeriod  # the period the page was opened from
    latest: StudentPeriod  # her latest period at the counselor's schools
    periods: list[StudentPeriod]  # oldest first, each with `.flag_views`


def student_detail(*, actor, period_id) -> StudentDetail:
    """A student's periods at the counselor's schools (her earlier school's too, where the
    counselor belongs to it), each with its flags explained; one "viewed" audit row."""
    period, grant = policy.access_student_period(actor, period_id)
    periods = list(
        policy.student_periods_visible_to(actor)
        .filter(youth_id=period.youth_id)
        .select_related("school")
        .order_by("period_start", "id")
    )
    flags = defaultdict(list)
    for flag in RiskFlag.objects.filter(period__in=periods).select_related("rule"):
        flags[flag.period_id].append(flag)
    before = None
    for p in periods:
        kinds = {f.rule.kind for f in flags[before.pk]} if before else None
        p.flag_views = _flag_views(flags[p.pk], kinds)
        p.change = trend(p, before)
        before = p
    policy.record_students(
        actor,
        period.school_id,
        [period.youth_id],
        action=AuditAction.VIEW,
        fields=DETAIL_FIELDS,
        obj=period.youth,
    )
    return StudentDetail(period=period, latest=periods[-1], periods=periods)


def period_label(period: StudentPeriod) -> str:
    """ "15. august 2025–19. desember 2025" (in the active language)."""
    start = date_format(period.period_start, "j. F Y")
    return f"{start}–{date_format(period.period_end, 'j. F Y')}"


def _national_id(actor, period: StudentPeriod) -> str:
    youth = period.youth
    if not youth.national_id_token:
        return ""
    try:
        number = field_crypto.decrypt(youth.national_id_token, purpose=Youth.NATIONAL_ID_PURPOSE)
    except field_crypto.FieldDecryptionError:
        return ""  # a key other than the one it was stored under: she types it herself
    policy.record_students(
        actor, period.school_id, [youth.pk], action=AuditAction.VIEW, fields=("national_id",),
        obj=youth,
    )  # fmt: skip
    return number


def referral_prefill(*, actor, period_id) -> dict:
    """What the referral form starts from when a counselor refers a flagged student: her name
    and birth date, and from her latest period at the counselor's schools the absence, the
    period, the subjects failed or at risk and the flags' explanations. A period she may not
    see answers 404 (as a missing one); the read is audited."""
    detail = student_detail(actor=actor, period_id=period_id)
    latest, youth = detail.latest, detail.period.youth
    subjects = list(
        dict.fromkeys(
            subject_codes(latest.failing_subjects) + subject_codes(latest.at_risk_subjects)
        )
    )
    reason = "\n".join(f"{flag.explanation}." for flag in latest.flag_views)
    return {
        # The number the school's own file gave: with it the referral finds her record in the
        # register instead of adding a second one. Its own audit row, like any reading of it.
        "national_id": _national_id(actor, detail.period),
        "first_name": youth.first_name,
        "last_name": youth.last_name,
        "birth_date": youth.birth_date,
        "absence_percent": latest.absence_percent,
        "absence_period": period_label(latest),
        "subjects_at_risk": ", ".join(subjects),
        "reason": reason + ("\n\n" if reason else ""),
    }
