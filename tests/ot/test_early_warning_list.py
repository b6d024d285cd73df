"""The counselor's list (issue 18, point 2): the latest period of a grade, highest risk
first, with the trend since the previous period and the flags new since then."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.ot.early_warning_data import AUTUMN, SPRING, evaluate_all, student
from ungsam.ot.early_warning_selectors import Trend

LIST = "/tidlig-innsats/"


def rows(response):
    return response.context["page"].object_list


def test_it_sorts_by_the_flags_weights_then_by_absence(personas, login):
    school = personas.school
    # Absence (3) + failing maths (3) = 6; absence alone = 3 (two, the higher absence first);
    # a known concern needs a referral, so none here; failing alone = 3, lower absence.
    student(school, "Both", [(SPRING, "12")], failing_subjects="MAT0010")
    student(school, "High", [(SPRING, "25")])
    student(school, "Ten", [(SPRING, "10")])
    student(school, "Maths", [(SPRING, "2")], at_risk_subjects="MAT0010")
    student(school, "Fine", [(SPRING, "1")])
    evaluate_all(personas.municipality)
    response = login(personas.partner).get(LIST)
    assert [(r.period.youth.first_name, r.risk) for r in rows(response)] == [
        ("Both", 6),
        ("High", 3),
        ("Ten", 3),
        ("Maths", 3),
    ]
    # "All students" adds the unflagged ones last.
    everyone = login(personas.partner).get(f"{LIST}?vis=alle")
    assert [r.period.youth.first_name for r in rows(everyone)][-1] == "Fine"
    assert rows(everyone)[-1].risk == 0


def test_it_shows_the_latest_period_of_the_chosen_grade_only(personas, login):
    school = personas.school
    student(school, "Nine", [(SPRING, "20")], grade="9")
    student(school, "Ten", [(SPRING, "20")], grade="10")
    student(school, "Old", [(date(2025, 1, 6), "20")], grade="10")
    evaluate_all(personas.municipality)
    response = login(personas.partner).get(f"{LIST}?trinn=10")
    assert response.context["choice"].grades == ["9", "10"]
    assert [r.period.youth.first_name for r in rows(response)] == ["Ten"]


def test_it_shows_the_trend_since_the_previous_period_and_new_flags(personas, login):
    school = personas.school
    student(school, "Rising", [(AUTUMN, "11"), (SPRING, "14.5")], failing_subjects="NOR0214")
    student(school, "Falling", [(AUTUMN, "30"), (SPRING, "12")])
    student(school, "First", [(SPRING, "15")])
    evaluate_all(personas.municipality)
    response = login(personas.partner).get(LIST)
    by_name = {r.period.youth.first_name: r for r in rows(response)}
    rising, falling, first = by_name["Rising"], by_name["Falling"], by_name["First"]
    assert rising.change == Trend(change=rising.change.change) and rising.change.up
    assert rising.change.points == 3.5
    assert falling.change.down and falling.change.points == 18
    assert first.change is None
    # Absence was flagged before too; failing Norwegian is new since the previous period.
    assert {f.kind: f.new for f in rising.flags} == {"absence": False, "failing_subject": True}
    # A student with no earlier period: nothing is "new since" anything.
    assert [f.new for f in first.flags] == [False]
    page = response.content.decode()
    assert "↑" in page and "↓" in page
    assert 'class="ds-sr-only"' in page  # the arrows have words for screen readers


def _grow(school, first, n):
    for i in range(n):
        student(
            school, f"{first}{i}", [(AUTUMN, "12"), (SPRING, str(10 + i % 7))],
            last=f"Elev{i:03d}", failing_subjects="MAT0010" if i % 2 else "",
        )  # fmt: skip


def test_the_list_costs_the_same_queries_for_3_students_as_for_30(personas, login):
    _grow(personas.school, "A", 3)
    evaluate_all(personas.municipality)
    client = login(personas.partner)
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        three = client.get(LIST)
    assert len(rows(three)) == 3
    _grow(personas.school, "B", 27)
    evaluate_all(personas.municipality)
    with CaptureQueriesContext(connection) as many:
        thirty = client.get(f"{LIST}?side=1")
    assert len(rows(thirty)) == 25 and thirty.context["page"].paginator.count == 30
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.parametrize("query", ["?trinn=99", "?side=x", "?vis=rubbish", "?trinn=%00"])
def test_bad_parameters_fall_back_to_the_defaults(personas, login, query):
    student(personas.school, "Ada", [(SPRING, "20")])
    evaluate_all(personas.municipality)
    response = login(personas.partner).get(LIST + query)
    assert response.status_code == 200
    assert len(rows(response)) == 1


def test_a_school_without_data_says_so(personas, login):
    response = login(personas.partner).get(LIST)
    assert response.status_code == 200
    assert list(rows(response)) == []


def test_the_student_page_shows_an_earlier_school_only_to_a_counselor_of_it_too(personas, login):
    """Ada moved from Nabo skole (lower secondary) to Sara's school: Sara sees Ada's periods
    at her own school only, until she is a counselor at Nabo skole too."""
    from tests.ot.early_warning_data import other_school
    from ungsam.org.models import Membership
    from ungsam.ot.models import StudentPeriod

    nabo, _nina = other_school(personas)
    now = student(personas.school, "Ada", [(SPRING, "14")], grade="vg1")
    StudentPeriod.objects.create(
        youth=now.youth, school=nabo, grade="10", period_start=AUTUMN,
        period_end=date(2025, 12, 19), absence_percent=4, status="completed", source=now.source,
    )  # fmt: skip
    evaluate_all(personas.municipality)
    client = login(personas.partner)
    page = client.get(f"/tidlig-innsats/elev/{now.pk}/")
    assert [p.school for p in page.context["detail"].periods] == [personas.school]
    listed = client.get("/tidlig-innsats/")
    assert rows(listed)[0].change is None  # the earlier school's figure is not hers to compare
    Membership.objects.create(
        status="direct", user=personas.partner, municipality=personas.municipality,
        role="partner", partner=nabo, starts_on=date(2025, 1, 1),
    )  # fmt: skip
    page = client.get(f"/tidlig-innsats/elev/{now.pk}/")
    assert [p.school for p in page.context["detail"].periods] == [nabo, personas.school]
    assert page.context["detail"].periods[-1].change.points == 10
    assert rows(client.get("/tidlig-innsats/"))[0].change.up
