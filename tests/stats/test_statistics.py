"""The statistics page (DESIGN.md, access rule 5): open cases per unit, as a chart and as the
same numbers in a table, with counts from 1 to 4 withheld."""

from datetime import date

from django.urls import reverse

from tests.conftest import without_tokens
from ungsam.cases.models import Case
from ungsam.people.models import Youth
from ungsam.stats.selectors import open_cases_per_unit


def add_open_cases(personas, unit, n):
    for i in range(n):
        youth = Youth.objects.create(
            municipality=personas.municipality,
            first_name=f"Telt{i}",
            last_name="Fiktivsen",
            birth_date=date(2009, 1, 1),
        )
        Case.objects.create(youth=youth, unit=unit)


def test_it_lives_in_the_stats_app_at_the_same_address(personas, login):
    assert reverse("stats:statistics") == "/statistikk/"
    response = login(personas.analyst).get("/statistikk/")
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "stats/statistics.html"
    # The menu leads there.
    assert 'href="/statistikk/"' in response.content.decode()


def test_it_counts_open_cases_per_unit_and_withholds_small_counts(personas, settings):
    settings.SMALL_CELL_LIMIT = 5
    add_open_cases(personas, personas.unit_b, 5)  # B: Bror and five more
    rows = open_cases_per_unit(actor=personas.analyst)
    assert [(r["unit"], r["count"]) for r in rows] == [
        ("Los A", None),  # Anna and Aksel: two, withheld
        ("OT B", 6),
        ("Ute C", 0),
    ]


def test_it_shows_the_chart_and_the_same_numbers_in_a_table(personas, login, settings):
    settings.SMALL_CELL_LIMIT = 5
    add_open_cases(personas, personas.unit_b, 5)
    response = login(personas.leader_a).get("/statistikk/")
    body = response.content.decode()
    assert body.count("<rect ") == 3
    assert response.context["chart_height"] == 3 * 24
    widths = [r["width"] for r in response.context["rows"]]
    assert widths == [0, 240, 0]  # the largest count fills the chart; a withheld one draws none
    assert "<table" in body and "<td>6</td>" in body
    assert "færre enn 5" in body  # Norwegian by default
    assert "Anna" not in without_tokens(body) and "Fiktivsen" not in without_tokens(body)


def test_it_names_the_configured_limit_of_small_numbers(personas, login, settings):
    settings.SMALL_CELL_LIMIT = 10
    add_open_cases(personas, personas.unit_b, 5)  # 6 open cases in B: hidden under 10
    body = login(personas.leader_a).get("/statistikk/").content.decode()
    assert "<td>6</td>" not in body
    assert "<td>færre enn 10</td>" in body
    assert "Tall fra 1 til 9 vises som «færre enn 10»" in body
    assert "færre enn 5" not in body


def test_it_gives_workers_no_statistics(personas):
    assert open_cases_per_unit(actor=personas.los_a) == []
    assert open_cases_per_unit(actor=personas.partner) == []
