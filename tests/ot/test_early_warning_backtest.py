"""The rules checked against history (issue 18, point 2): of a school year's flagged students,
how many left school, per rule and against the unflagged — counts on known data, in a few
queries, with an analyst's small counts withheld."""

from datetime import date

import pytest

from tests.ot.early_warning_data import AUTUMN, evaluate_all, student
from ungsam.ot.early_warning_backtest import ANY, backtest, last_complete_year
from ungsam.ot.risk_rules import ensure_default_rules

SPRING_25 = date(2025, 1, 6)  # in the school year 2024/25
URL = "/tidlig-innsats/regler/etterprov/?ar=2024"


@pytest.fixture
def history(personas):
    """2024/25: six students over the absence threshold (two quit the next autumn) and four
    under it (one without a school place the next autumn); one student only in 2025/26."""
    school = personas.school
    for i in range(6):
        periods = [(SPRING_25, "15")] + ([(AUTUMN, "1")] if i < 2 else [])
        student(school, f"Flagged{i}", periods, status="quit" if i < 2 else "active")
    for i in range(4):
        periods = [(SPRING_25, "3")] + ([(AUTUMN, "1")] if i == 0 else [])
        student(school, f"Fine{i}", periods, status="no_place" if i == 0 else "active")
    student(school, "Later", [(AUTUMN, "40")], status="quit")
    evaluate_all(personas.municipality)
    return personas


def rows_by_kind(result, municipality):
    kinds = {str(r.pk): r.kind for r in ensure_default_rules(municipality)}
    return {kinds.get(row.key, row.key): row for row in result.rows}


def test_it_counts_the_flagged_who_left_per_rule_and_the_unflagged(
    history, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        result = backtest(municipality=history.municipality, year=2024, suppress=False)
    assert (result.students, result.left) == (10, 3)
    rows = rows_by_kind(result, history.municipality)
    absence = rows["absence"]
    assert (absence.flagged, absence.flagged_left) == (6, 2)
    assert (absence.not_flagged, absence.not_flagged_left) == (4, 1)
    assert (absence.flagged_share, absence.not_flagged_share) == (33.3, 25.0)
    assert (rows[ANY].flagged, rows[ANY].flagged_left) == (6, 2)
    failing = rows["failing_subject"]
    assert (failing.flagged, failing.not_flagged, failing.not_flagged_left) == (0, 10, 3)
    assert failing.flagged_share is None
    # The next year holds only the late student and the autumn periods.
    later = rows_by_kind(
        backtest(municipality=history.municipality, year=2025, suppress=False),
        history.municipality,
    )
    assert (later["absence"].flagged, later["absence"].flagged_left) == (1, 1)


def test_the_analyst_sees_small_counts_withheld_and_the_admin_exact(history, login):
    analyst = login(history.analyst).get(URL)
    assert analyst.status_code == 200
    result = analyst.context["result"]
    assert result.suppressed and result.left == "<5"
    absence = rows_by_kind(result, history.municipality)["absence"]
    assert absence.flagged_left == "<5" and absence.not_flagged == "<5"
    # 10 students in all are shown: the 6 flagged would give the 4 unflagged away.
    assert result.students == 10 and absence.flagged == ":"
    assert absence.flagged_share is None
    page = analyst.content.decode()
    assert "&lt;5" in page and "Flagged0" not in page
    admin = login(history.admin).get(URL).context["result"]
    assert not admin.suppressed
    assert rows_by_kind(admin, history.municipality)["absence"].flagged_left == 2


def test_what_would_give_a_withheld_count_away_is_withheld_too(history):
    result = backtest(municipality=history.municipality, year=2024, suppress=True)
    for row in result.rows:
        # Students = flagged + not flagged: never one of them withheld and the other shown.
        hidden = [isinstance(v, str) for v in (row.flagged, row.not_flagged)]
        assert hidden in ([False, False], [True, True]), row


@pytest.mark.parametrize("persona", ["partner", "los_a", "leader_a", "los_b"])
def test_only_admins_and_analysts_see_it(history, login, persona):
    assert login(getattr(history, persona)).get(URL).status_code == 404


@pytest.mark.parametrize("year", ["x", "1850", "", "99999999999999999999"])
def test_a_bad_year_shows_the_last_complete_one(history, login, year):
    response = login(history.admin).get(f"/tidlig-innsats/regler/etterprov/?ar={year}")
    assert response.status_code == 200
    assert response.context["result"].year == last_complete_year(date.today())


def test_the_last_complete_school_year_ends_on_31_july():
    assert last_complete_year(date(2026, 7, 31)) == 2024
    assert last_complete_year(date(2026, 8, 1)) == 2025
