"""The early-warning rules: which students' periods raise a flag, with the figures that raised
it, so a counselor sees why (issue 18, point 2; seed 000: early mapping of students at risk).

Defaults follow research on early-warning indicators for leaving school early: absence of 10 %
or more in a period; failing (or at risk in) mathematics or Norwegian; absence rising over two
periods; a concern already known. A municipality's admins change thresholds, subjects and
weights (`RiskRule`); `evaluate` brings the flags of the given periods in line with the rules,
and is idempotent: evaluating again with the same data and rules changes nothing.

"A known concern" is one the school itself knows: the school referred the youth to a service
in Ungsam within the past year. Nothing else a service knows of her reaches the school's list."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ungsam.cases.models import Referral
from ungsam.org.models import Municipality
from ungsam.ot.models import RiskFlag, RiskRule, RiskRuleKind, StudentPeriod

# kind, threshold, subjects, weight, active
DEFAULT_RULES = (
    (RiskRuleKind.ABSENCE, Decimal("10.0"), "", 3, True),
    (RiskRuleKind.FAILING_SUBJECT, None, "MAT,NOR", 3, True),
    (RiskRuleKind.RISING_ABSENCE, Decimal("2.0"), "", 2, True),
    (RiskRuleKind.KNOWN_CONCERN, None, "", 2, True),
    (RiskRuleKind.LOW_GRADE_AVERAGE, Decimal("3.0"), "", 1, False),
)
# How far back a school's own referral counts as a known concern.
KNOWN_CONCERN_DAYS = 365
# Rows per IN (...) list: well below SQLite's limit on bound parameters.
CHUNK = 5000


def ensure_default_rules(municipality: Municipality) -> list[RiskRule]:
    """The municipality's rules, the defaults made for the kinds it has none of."""
    have = set(RiskRule.objects.filter(municipality=municipality).values_list("kind", flat=True))
    missing = [
        RiskRule(
            municipality=municipality,
            kind=kind,
            threshold=threshold,
            subjects=subjects,
            weight=weight,
            active=active,
        )
        for kind, threshold, subjects, weight, active in DEFAULT_RULES
        if kind not in have
    ]
    if missing:
        RiskRule.objects.bulk_create(missing, ignore_conflicts=True)
    return list(RiskRule.objects.filter(municipality=municipality).order_by("kind"))


def subject_codes(text: str) -> list[str]:
    """Subject codes from a cell or a rule ("MAT0010, NOR0214" or "MAT;NOR"), upper case."""
    parts = text.replace(";", ",").replace(" ", ",").split(",")
    return [p.strip().upper() for p in parts if p.strip()]


def _matching(codes: Iterable[str], rule_codes: list[str]) -> list[str]:
    # A rule's "MAT" matches Udir's subject codes for mathematics (MAT0010, MAT1019 …).
    return [c for c in codes if any(c.startswith(r) for r in rule_codes)]


def _num(value) -> str:
    # Plain digits ("10", "12.5"), never Decimal's exponent form ("1E+1").
    return format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)


@dataclass(frozen=True)
class _Row:
    id: int
    youth_id: int
    school_id: int
    period_start: date
    absence_percent: Decimal
    failing: str
    at_risk: str
    grade_average: Decimal | None


def _figures(rule: RiskRule, row: _Row, history, concerns) -> dict | None:
    """The figures that raise the rule on the row, or None."""
    kind = rule.kind
    if kind == RiskRuleKind.ABSENCE:
        if rule.threshold is not None and row.absence_percent >= rule.threshold:
            return {"absence_percent": _num(row.absence_percent), "threshold": _num(rule.threshold)}
    elif kind == RiskRuleKind.FAILING_SUBJECT:
        codes = subject_codes(rule.subjects)
        failing = _matching(subject_codes(row.failing), codes)
        at_risk = _matching(subject_codes(row.at_risk), codes)
        if failing or at_risk:
            return {"failing": failing, "at_risk": at_risk, "subjects": codes}
    elif kind == RiskRuleKind.RISING_ABSENCE:
        earlier = [p for p in history.get(row.youth_id, ()) if p[0] < row.period_start][-2:]
        if len(earlier) == 2 and rule.threshold is not None:
            values = [earlier[0][1], earlier[1][1], row.absence_percent]
            rising = values[0] < values[1] < values[2]
            if rising and values[2] - values[0] >= rule.threshold:
                return {
                    "periods": [str(earlier[0][0]), str(earlier[1][0]), str(row.period_start)],
                    "absence_percent": [_num(v) for v in values],
                    "rise": _num(values[2] - values[0]),
                    "threshold": _num(rule.threshold),
                }
    elif kind == RiskRuleKind.KNOWN_CONCERN:
        referred = concerns.get((row.youth_id, row.school_id))
        if referred is not None:
            return {"referred_on": str(referred)}
    elif kind == RiskRuleKind.LOW_GRADE_AVERAGE:
        average = row.grade_average
        if average is not None and rule.threshold is not None and average < rule.threshold:
            return {"grade_average": _num(average), "threshold": _num(rule.threshold)}
    return None


def _chunks(items: list, size: int = CHUNK):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _selections(period_ids: list[int], periods) -> list:
    """The periods to evaluate as querysets: the caller's own (an import's, one subquery
    whatever its size) and the ids given, in chunks (a long IN list costs the driver more than
    the database)."""
    selections = [periods] if periods is not None else []
    selections += [StudentPeriod.objects.filter(pk__in=chunk) for chunk in _chunks(period_ids)]
    return selections


def _load(selections) -> list[_Row]:
    fields = (
        "id",
        "youth_id",
        "school_id",
        "period_start",
        "absence_percent",
        "failing_subjects",
        "at_risk_subjects",
        "grade_average",
    )
    found = {}
    for selection in selections:
        for values in selection.values_list(*fields):
            found[values[0]] = _Row(*values)
    return list(found.values())


def _history(selections) -> dict[int, list[tuple[date, Decimal]]]:
    """Each youth's absence by period, oldest first, across her schools (the trend follows
    her from lower- to upper-secondary school)."""
    by_youth: dict[int, dict[date, Decimal]] = defaultdict(dict)
    for selection in selections:
        for youth_id, start, absence in StudentPeriod.objects.filter(
            youth_id__in=selection.values("youth_id")
        ).values_list("youth_id", "period_start", "absence_percent"):
            by_youth[youth_id][start] = absence
    return {youth: sorted(periods.items()) for youth, periods in by_youth.items()}


def _concerns(selections, today: date) -> dict[tuple[int, int], date]:
    """(youth, school) → the latest day that school referred her, within the past year."""
    since = today - timedelta(days=KNOWN_CONCERN_DAYS)
    found: dict[tuple[int, int], date] = {}
    for selection in selections:
        for youth_id, school_id, received_on in Referral.objects.filter(
            case__youth_id__in=selection.values("youth_id"),
            from_partner__isnull=False,
            received_on__gte=since,
        ).values_list("case__youth_id", "from_partner_id", "received_on"):
            key = (youth_id, school_id)
            if key not in found or received_on > found[key]:
                found[key] = received_on
    return found


@dataclass(frozen=True)
class Evaluated:
    raised: int
    changed: int
    removed: int


def evaluate(
    *, municipality: Municipality, period_ids: Iterable[int] = (), periods=None, today=None
) -> Evaluated:
    """Brings the flags of the periods (ids, and/or a queryset `periods`: an import passes
    its own) in line with the municipality's active rules: raises new ones, updates the
    figures of those whose figures changed, removes those no longer met. The system's own
    work (no person reads anything here); the import or the rule change that called it is
    what the audit log records."""
    today = today or timezone.localdate()
    rules = [r for r in ensure_default_rules(municipality) if r.active]
    selections = _selections(sorted(set(period_ids)), periods)
    rows = _load(selections)
    needs_history = any(r.kind == RiskRuleKind.RISING_ABSENCE for r in rules)
    needs_concerns = any(r.kind == RiskRuleKind.KNOWN_CONCERN for r in rules)
    history = _history(selections) if needs_history else {}
    concerns = _concerns(selections, today) if needs_concerns else {}
    wanted: dict[tuple[int, int], dict] = {}
    for row in rows:
        for rule in rules:
            figures = _figures(rule, row, history, concerns)
            if figures is not None:
                wanted[(row.id, rule.pk)] = figures
    existing: dict[tuple[int, int], tuple[int, dict]] = {}
    for selection in selections:
        for pk, period_id, rule_id, figures in RiskFlag.objects.filter(
            period__in=selection.values("pk")
        ).values_list("pk", "period_id", "rule_id", "figures"):
            existing[(period_id, rule_id)] = (pk, figures)
    now = timezone.now()
    new = [
        RiskFlag(period_id=p, rule_id=r, figures=f, raised_at=now)
        for (p, r), f in wanted.items()
        if (p, r) not in existing
    ]
    changed = [
        RiskFlag(pk=existing[key][0], figures=f)
        for key, f in wanted.items()
        if key in existing and existing[key][1] != f
    ]
    gone = [pk for key, (pk, _f) in existing.items() if key not in wanted]
    with transaction.atomic():
        RiskFlag.objects.bulk_create(new, batch_size=2000)
        RiskFlag.objects.bulk_update(changed, ["figures"], batch_size=2000)
        for chunk in _chunks(gone):
            RiskFlag.objects.filter(pk__in=chunk).delete()
    return Evaluated(raised=len(new), changed=len(changed), removed=len(gone))


def _percent(value: str) -> str:
    return number_format(Decimal(value), decimal_pos=1)


def explain(kind: str, figures: dict) -> str:
    """The rule and the numbers that raised it, in a sentence (Norwegian in the UI)."""
    if kind == RiskRuleKind.ABSENCE:
        return _("Absence %(value)s %% in the period (rule: at least %(threshold)s %%)") % {
            "value": _percent(figures["absence_percent"]),
            "threshold": _percent(figures["threshold"]),
        }
    if kind == RiskRuleKind.FAILING_SUBJECT:
        parts = []
        if figures.get("failing"):
            parts.append(_("failing %(subjects)s") % {"subjects": ", ".join(figures["failing"])})
        if figures.get("at_risk"):
            parts.append(_("at risk in %(subjects)s") % {"subjects": ", ".join(figures["at_risk"])})
        what = "; ".join(parts)
        # Upper-case the first letter only: the subject codes stay as they are (MAT0010).
        return _("%(what)s (rule: failing or at risk in %(subjects)s)") % {
            "what": what[:1].upper() + what[1:],
            "subjects": ", ".join(figures.get("subjects", [])),
        }
    if kind == RiskRuleKind.RISING_ABSENCE:
        return _(
            "Absence rose two periods in a row: %(values)s %% (rule: a rise of at least "
            "%(threshold)s percentage points)"
        ) % {
            "values": " → ".join(_percent(v) for v in figures["absence_percent"]),
            "threshold": _percent(figures["threshold"]),
        }
    if kind == RiskRuleKind.KNOWN_CONCERN:
        referred = date.fromisoformat(figures["referred_on"])
        return _("The school referred the student on %(day)s (rule: a referral within a year)") % {
            "day": referred.strftime("%d.%m.%Y")
        }
    if kind == RiskRuleKind.LOW_GRADE_AVERAGE:
        return _("Grade average %(value)s (rule: below %(threshold)s)") % {
            "value": number_format(Decimal(figures["grade_average"]), decimal_pos=2),
            "threshold": number_format(Decimal(figures["threshold"]), decimal_pos=1),
        }
    return ""
