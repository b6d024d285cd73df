"""The early-warning rules on known data (issue 18, point 2): each default rule raises its
flag with the figures that raised it, and only then; evaluating twice changes nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from ungsam.cases.models import Case, Referral
from ungsam.org.models import Municipality, PartnerOrganization
from ungsam.ot.models import RiskFlag, RiskRule, SchoolDataImport, StudentPeriod
from ungsam.ot.risk_rules import ensure_default_rules, evaluate, explain
from ungsam.people.models import Youth

AUTUMN_24, SPRING_25, AUTUMN_25 = date(2024, 8, 15), date(2025, 1, 2), date(2025, 8, 15)
END = {AUTUMN_24: date(2024, 12, 20), SPRING_25: date(2025, 6, 20), AUTUMN_25: date(2025, 12, 19)}


@pytest.fixture
def school(db):
    municipality = Municipality.objects.create(name="Regelvik", number="9301")
    return PartnerOrganization.objects.create(
        municipality=municipality, name="Regelvik skole", kind="skole"
    )


def student(school, first="Ada", periods=(), **latest):
    """A student with periods [(start, absence %)], the last one with the given fields."""
    youth = Youth.objects.create(
        municipality=school.municipality,
        first_name=first,
        last_name="Elevsen",
        birth_date=date(2010, 1, 1),
    )
    source, _ = SchoolDataImport.objects.get_or_create(
        municipality=school.municipality, file_name="test.csv", file_sha256="x"
    )
    made = []
    for i, (start, absence) in enumerate(periods):
        extra = latest if i == len(periods) - 1 else {}
        made.append(
            StudentPeriod.objects.create(
                youth=youth,
                school=school,
                grade="9",
                period_start=start,
                period_end=END[start],
                absence_percent=Decimal(absence),
                status="active",
                source=source,
                **extra,
            )
        )
    return made[-1]


def flags(period):
    return {f.rule.kind: f.figures for f in RiskFlag.objects.filter(period=period)}


def run(school, *periods, today=date(2025, 12, 1)):
    return evaluate(
        municipality=school.municipality, period_ids=[p.pk for p in periods], today=today
    )


def test_absence_of_ten_percent_raises_the_flag_and_nine_point_nine_does_not(school):
    high = student(school, "Høy", [(AUTUMN_25, "10.0")])
    low = student(school, "Lav", [(AUTUMN_25, "9.9")])
    run(school, high, low)
    assert flags(high) == {"absence": {"absence_percent": "10", "threshold": "10"}}
    assert flags(low) == {}


def test_failing_or_at_risk_in_maths_or_norwegian_but_not_in_other_subjects(school):
    maths = student(school, "Mat", [(AUTUMN_25, "1")], failing_subjects="MAT0010")
    norwegian = student(school, "Nor", [(AUTUMN_25, "1")], at_risk_subjects="NOR0214,ENG0012")
    english = student(school, "Eng", [(AUTUMN_25, "1")], failing_subjects="ENG0012")
    run(school, maths, norwegian, english)
    assert flags(maths)["failing_subject"]["failing"] == ["MAT0010"]
    assert flags(norwegian)["failing_subject"]["at_risk"] == ["NOR0214"]
    assert flags(english) == {}


def test_absence_rising_over_two_periods(school):
    rising = student(school, "Stiger", [(AUTUMN_24, "2"), (SPRING_25, "4"), (AUTUMN_25, "7")])
    # Up, then down: no trend, though it ends higher than it began.
    wobbling = student(school, "Vakler", [(AUTUMN_24, "2"), (SPRING_25, "8"), (AUTUMN_25, "7")])
    # Rising, but by less than the rule's 2 percentage points in all.
    creeping = student(school, "Kryper", [(AUTUMN_24, "2"), (SPRING_25, "2.5"), (AUTUMN_25, "3")])
    run(school, rising, wobbling, creeping)
    assert flags(rising)["rising_absence"]["absence_percent"] == ["2", "4", "7"]
    assert "rising_absence" not in flags(wobbling)
    assert "rising_absence" not in flags(creeping)


def test_a_referral_from_the_school_within_a_year_is_a_known_concern(school):
    from ungsam.org.models import Unit

    period = student(school, "Kjent", [(AUTUMN_25, "1")])
    unit = Unit.objects.create(municipality=school.municipality, name="Los", kind="los")
    case = Case.objects.create(youth=period.youth, unit=unit)
    Referral.objects.create(
        case=case,
        received_on=date(2025, 9, 1),
        from_partner=school,
        referrer_name="Rådgiver",
        referrer_contact="1",
        reason="x",
        tried="x",
        youth_view="x",
        consent="written",
    )
    run(school, period)
    assert flags(period)["known_concern"] == {"referred_on": "2025-09-01"}
    # A year and a day later it no longer counts.
    run(school, period, today=date(2026, 9, 2))
    assert "known_concern" not in flags(period)


def test_evaluating_again_changes_nothing_and_a_rule_change_is_followed(school):
    period = student(school, "Ada", [(AUTUMN_25, "12.5")])
    first = run(school, period)
    assert (first.raised, first.changed, first.removed) == (1, 0, 0)
    raised_at = RiskFlag.objects.get().raised_at
    again = run(school, period)
    assert (again.raised, again.changed, again.removed) == (0, 0, 0)
    assert RiskFlag.objects.get().raised_at == raised_at
    RiskRule.objects.filter(kind="absence").update(threshold=Decimal("15"))
    assert run(school, period).removed == 1
    assert not RiskFlag.objects.exists()


def test_defaults_are_made_once_and_low_grade_average_is_off_by_default(school):
    rules = ensure_default_rules(school.municipality)
    assert ensure_default_rules(school.municipality) == rules
    assert {r.kind: r.active for r in rules}["low_grade_average"] is False


def test_each_flag_explains_the_rule_and_the_numbers_in_norwegian():
    with translation.override("nb"):
        text = explain("absence", {"absence_percent": "12.5", "threshold": "10"})
    assert "12,5" in text and "10,0" in text
