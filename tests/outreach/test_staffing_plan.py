"""The staffing plan (bemanningsplan): its leader changes it, the unit's workers read it, and
everyone else gets 404; planned team-shifts against held shifts on a known week and month; the
summary for the dashboard; a bounded number of queries however many shifts."""

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone

from tests.outreach.test_shifts import MONDAY, at, field, make_shift  # noqa: F401 (fixture)
from ungsam.outreach import shift_selectors as selectors
from ungsam.outreach import shift_services as services
from ungsam.outreach.models import StaffingBand

PLAN = "/feltarbeid/vakter/bemanningsplan/"
AFTER = date(2026, 4, 20)  # "today" for the known week and month: both are over


def band(f, weekday, starts, ends, low, high):
    return StaffingBand.objects.create(
        unit=f.unit, weekday=weekday, starts=starts, ends=ends, min_teams=low, max_teams=high
    )


@pytest.fixture
def known_week(field):  # noqa: F811
    """Monday day 2–3 and evening 2–3, Friday night 16:00–01:00 1–2; in week 10: two day
    shifts and one evening on Monday (one more day shift cancelled), a Friday night shift and
    one starting at 00:15 on Saturday (in Friday's band), and a Wednesday shift outside."""
    f = field
    band(f, 0, time(8, 30), time(15, 30), 2, 3)
    band(f, 0, time(14, 30), time(22, 15), 2, 3)
    band(f, 4, time(16), time(1), 1, 2)
    friday, saturday = MONDAY + timedelta(4), MONDAY + timedelta(5)
    make_shift(f, at(MONDAY, 8, 30), at(MONDAY, 15, 30))
    make_shift(f, at(MONDAY, 9), at(MONDAY, 15))
    make_shift(f, at(MONDAY, 8, 30), at(MONDAY, 15, 30), cancelled=True)
    # 15:00–22:00 overlaps the day band by 30 minutes and the evening band by 7 hours.
    make_shift(f, at(MONDAY, 15), at(MONDAY, 22))
    make_shift(f, at(friday, 16), at(saturday, 1))
    make_shift(f, at(saturday, 0, 15), at(saturday, 2))
    make_shift(f, at(MONDAY + timedelta(2), 10), at(MONDAY + timedelta(2), 12))
    return f


# --- Planned against held ----------------------------------------------------------------------


def test_a_known_week_band_by_band(known_week):
    grid = selectors.week_grid(known_week.fred, known_week.unit, MONDAY, AFTER)
    rows = {row.label: row.cells for row in grid["rows"]}
    assert list(rows) == ["08:30–15:30", "14:30–22:15", "16:00–01:00"]
    monday_day = rows["08:30–15:30"][0].tally
    assert (monday_day.planned, monday_day.held, monday_day.status) == ("2–3", 2, "within")
    monday_evening = rows["14:30–22:15"][0].tally
    assert (monday_evening.held, monday_evening.status) == (1, "under")
    friday_night = rows["16:00–01:00"][4].tally
    assert (friday_night.planned, friday_night.held, friday_night.status) == ("1–2", 2, "within")
    assert rows["08:30–15:30"][1].tally is None  # no band on Tuesday
    assert grid["outside"] == [0, 0, 1, 0, 0, 0, 0]
    monday = grid["totals"][0]
    assert (monday.planned_min, monday.planned_max, monday.held) == (4, 6, 3)
    assert monday.status == "under"


def test_a_known_week_and_month_in_sums(known_week):
    f = known_week
    compared = selectors.planned_against_held(
        f.fred, f.unit, MONDAY, MONDAY, date(2026, 3, 1), date(2026, 3, 31), AFTER
    )
    [week] = compared["weeks"]
    t = week.tally
    assert (t.planned_min, t.planned_max, t.held, t.outside) == (5, 8, 5, 1)
    assert t.status == "within" and t.status_label == "Innenfor planen"
    [march] = compared["months"]
    # March 2026: five Mondays (2–3 + 2–3 each), four Fridays (1–2 each).
    t = march.tally
    assert (t.planned_min, t.planned_max, t.held, t.outside) == (24, 38, 5, 1)
    assert t.status == "under"


def test_a_week_not_over_is_not_judged(known_week):
    f = known_week
    summary = selectors.staffing_summary(f.fred, f.unit, MONDAY + timedelta(days=2))
    statuses = [d.tally.status for d in summary["days"]]
    assert statuses == ["under", "within", "ongoing", "coming", "coming", "coming", "coming"]
    assert summary["total"].status == "ongoing"
    html = render_to_string("outreach/_staffing_summary.html", {"staffing_summary": summary})
    assert "Under planen" in html and "Pågår" in html and "Ikke ennå" in html
    assert "uke 10" in html


def test_scheduled_shifts_are_counted_apart_from_held(field):  # noqa: F811
    band(field, 0, time(8, 30), time(15, 30), 2, 3)
    make_shift(field, at(MONDAY, 8, 30), at(MONDAY, 15, 30))
    before = at(MONDAY, 7)
    summary = selectors.staffing_summary(field.fred, field.unit, MONDAY, now=before)
    monday = summary["days"][0].tally
    assert (monday.held, monday.scheduled) == (0, 1)


def test_the_summary_shows_nothing_to_someone_outside(known_week):
    f = known_week
    summary = selectors.staffing_summary(f.dan, f.unit, AFTER)
    assert summary["total"].planned_max == 0 and summary["total"].held_total == 0


def test_the_plan_page_queries_the_same_however_many_shifts(
    field,  # noqa: F811
    login,
    django_assert_max_num_queries,
):
    for weekday in range(7):
        band(field, weekday, time(8, 30), time(15, 30), 2, 3)
    client = login(field.fred)
    today = timezone.localdate()
    make_shift(field, at(today, 8, 30), at(today, 15, 30))
    with django_assert_max_num_queries(25) as few:
        client.get(PLAN)
    for i in range(60):
        day = today - timedelta(days=i * 5)
        make_shift(field, at(day, 8, 30), at(day, 15, 30))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(PLAN)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Gjennomførte feltvakter per uke" in page and "Planlagt mot gjennomført" in page


def test_a_chosen_period_and_bad_periods(known_week, login):
    client = login(known_week.fred)
    page = client.get(PLAN, {"date_from": "2026-03-01", "date_to": "2026-03-31"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Mars 2026" in text and "24–38" in text and "Uke 10" in text
    for params, message in (
        ({"date_from": "2026-03-31", "date_to": "2026-03-01"}, "Startdatoen"),
        ({"date_from": "2020-01-01", "date_to": "2026-03-01"}, "høyst tre år"),
        ({"date_from": "2026-99-01"}, "Oppgi en gyldig dato"),
        ({"uke": "1899-01-01"}, "Velg en dato mellom"),
    ):
        response = client.get(PLAN, params)
        assert response.status_code == 400, params
        assert message in response.content.decode(), params


# --- Who keeps the plan --------------------------------------------------------------------------


def test_workers_read_the_plan_and_only_the_leader_changes_it(known_week, login):
    f = known_week
    monday_band = StaffingBand.objects.get(weekday=0, starts=time(8, 30))
    worker = login(f.fred).get(PLAN).content.decode()
    assert "2–3" in worker and "Legg til vaktbånd" not in worker
    assert f"{PLAN}{monday_band.pk}/" not in worker
    assert "Enhetens leder holder planen oppdatert" in worker
    client = login(f.fred)
    assert client.get(f"{PLAN}ny/").status_code == 404
    assert client.get(f"{PLAN}{monday_band.pk}/").status_code == 404
    assert client.post(f"{PLAN}{monday_band.pk}/fjern/").status_code == 404
    assert client.post(f"{PLAN}eksempel/").status_code == 404
    assert StaffingBand.objects.count() == 3
    leader = login(f.lea).get(PLAN).content.decode()
    assert "Legg til vaktbånd" in leader and f"{PLAN}{monday_band.pk}/" in leader


@pytest.mark.parametrize("who", ["los_a", "leader_a", "partner", "analyst", "admin"])
def test_everyone_outside_fieldwork_gets_404(known_week, login, who):
    client = login(getattr(known_week.p, who))
    assert client.get(PLAN).status_code == 404
    band_pk = StaffingBand.objects.first().pk
    assert client.get(f"{PLAN}{band_pk}/").status_code == 404


def test_the_leader_adds_a_band_on_several_weekdays(field, login):  # noqa: F811
    client = login(field.lea)
    data = {
        "enhet": field.unit.pk,
        "weekdays": ["0", "1", "2", "3", "4"],
        "starts": "08:30",
        "ends": "15:30",
        "min_teams": "2",
        "max_teams": "3",
    }
    assert client.post(f"{PLAN}ny/", data).status_code == 302
    assert sorted(StaffingBand.objects.values_list("weekday", flat=True)) == [0, 1, 2, 3, 4]
    again = client.post(f"{PLAN}ny/", {**data, "weekdays": ["4", "5"]})
    assert again.status_code == 400
    assert "fredag har allerede et vaktbånd som starter kl. 08:30" in again.content.decode()
    assert StaffingBand.objects.count() == 5


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"min_teams": "3", "max_teams": "2"}, "Høyst kan ikke være færre enn minst."),
        ({"max_teams": "21"}, "mindre enn eller lik 20"),
        ({"weekdays": []}, "Velg minst én ukedag."),
        ({"weekdays": ["7"]}, "Velg et gyldig valg"),
        ({"ends": "08:30"}, "Et vaktbånd kan ikke slutte samtidig som det starter."),
        ({"starts": "kveld"}, "Oppgi et gyldig tidspunkt."),
    ],
)
def test_bad_bands_answer_400_in_norwegian(field, login, changes, message):  # noqa: F811
    data = {
        "enhet": field.unit.pk,
        "weekdays": ["0"],
        "starts": "08:30",
        "ends": "15:30",
        "min_teams": "2",
        "max_teams": "3",
        **changes,
    }
    response = login(field.lea).post(f"{PLAN}ny/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not StaffingBand.objects.exists()


def test_the_leader_changes_and_removes_a_band(known_week, login):
    monday_band = StaffingBand.objects.get(weekday=0, starts=time(8, 30))
    client = login(known_week.lea)
    response = client.post(
        f"{PLAN}{monday_band.pk}/",
        {"starts": "09:00", "ends": "15:00", "min_teams": "1", "max_teams": "4"},
    )
    assert response.status_code == 302
    monday_band.refresh_from_db()
    assert (monday_band.starts, monday_band.min_teams, monday_band.max_teams) == (time(9), 1, 4)
    # Moved onto the evening band's start: refused.
    response = client.post(
        f"{PLAN}{monday_band.pk}/",
        {"starts": "14:30", "ends": "15:00", "min_teams": "1", "max_teams": "4"},
    )
    assert response.status_code == 400
    assert client.post(f"{PLAN}{monday_band.pk}/fjern/").status_code == 302
    assert not StaffingBand.objects.filter(pk=monday_band.pk).exists()


def test_the_example_plan_fills_an_empty_plan_only(field, login):  # noqa: F811
    client = login(field.lea)
    assert "Bruk eksempelplanen" in client.get(PLAN).content.decode()
    assert client.post(f"{PLAN}eksempel/", {"enhet": field.unit.pk}).status_code == 302
    bands = StaffingBand.objects.filter(unit=field.unit)
    assert bands.count() == len(services.EXAMPLE_PLAN) == 12
    tuesday = bands.get(weekday=1, starts=time(8, 30))
    assert (tuesday.ends, tuesday.min_teams, tuesday.max_teams) == (time(15, 30), 3, 4)
    assert "Bruk eksempelplanen" not in client.get(PLAN).content.decode()
    client.post(f"{PLAN}eksempel/", {"enhet": field.unit.pk})
    assert bands.count() == 12


def test_the_plan_services_refuse_workers_and_outsiders(known_week):
    f = known_week
    existing = StaffingBand.objects.first()
    for actor, refusal in ((f.fred, PermissionDenied), (f.dan, Http404), (f.p.admin, Http404)):
        with pytest.raises(refusal):
            services.staffing_band_create(
                actor=actor,
                unit=f.unit,
                weekdays=[6],
                starts=time(10),
                ends=time(12),
                min_teams=1,
                max_teams=1,
            )
        with pytest.raises(refusal):
            services.staffing_band_update(
                actor=actor, band=existing, starts=time(10), ends=time(12), min_teams=0, max_teams=0
            )
        with pytest.raises(refusal):
            services.staffing_band_delete(actor=actor, band=existing)
        with pytest.raises(refusal):
            services.staffing_plan_use_example(actor=actor, unit=f.unit)
    assert StaffingBand.objects.count() == 3
    existing.refresh_from_db()
    assert existing.min_teams == 2
