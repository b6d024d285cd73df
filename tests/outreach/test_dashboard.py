"""The fieldwork dashboard (/feltarbeid/): who sees it, what it counts and how it counts.
Contacts are the unit's tally rows, each with a count; an undone tap never counts."""

import io
import re
from datetime import date, datetime, time, timedelta

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ungsam.org.models import Area, Membership, Place, Unit
from ungsam.outreach.dashboard_selectors import contacts_in_period, contacts_now
from ungsam.outreach.models import (
    AgeGroup,
    ContactChannel,
    ContactTally,
    Depth,
    Gender,
    Shift,
    StaffingBand,
)

URL = "/feltarbeid/"
XLSX = "/feltarbeid/kontakter.xlsx"


def place(p, name, area=None):
    return Place.objects.create(municipality=p.municipality, name=name, kind="street", area=area)


def tally(p, where, day, count=1, unit=None, undone=False, **codes):
    moment = timezone.make_aware(datetime.combine(day, time(18, 0)))
    return ContactTally.objects.create(
        unit=unit or p.unit_c,
        place=where,
        tapped_at=moment,
        date=day,
        channel=codes.get("channel", "field"),
        gender=codes.get("gender", "girl"),
        age_group=codes.get("age_group", "ungdomsskole"),
        depth=codes.get("depth", 1),
        count=count,
        recorded_by=p.field_c,
        undone_at=moment if undone else None,
    )


def period(**dates):
    return {"date_from": dates["start"].isoformat(), "date_to": dates["end"].isoformat()}


# Access -----------------------------------------------------------------------------------


def test_the_menu_leads_a_field_worker_here(personas, login):
    assert reverse("outreach:dashboard") == URL
    response = login(personas.field_c).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert f'href="{URL}"' in page
    # The tally first, then the rest of fieldwork.
    assert page.index("Tell kontakter") < page.index("Feltvakter")
    for name in ["tally", "shift_list", "staffing_plan", "conversation_list", "code_name_list",
                 "group_list", "observation_list", "trends"]:  # fmt: skip
        assert f'href="{reverse("outreach:" + name)}"' in page


@pytest.mark.parametrize("who", ["los_a", "leader_a", "partner", "analyst", "admin"])
@pytest.mark.parametrize("url", [URL, XLSX])
def test_no_one_outside_an_outreach_unit_sees_it(personas, login, who, url):
    assert login(getattr(personas, who)).get(url).status_code == 404


def test_a_unit_she_does_not_work_in_answers_404(personas, login):
    other = Unit.objects.create(municipality=personas.municipality, name="Ute D", kind="outreach")
    tally(personas, place(personas, "Stasjonen"), date(2026, 1, 5), count=7, unit=other)
    client = login(personas.field_c)
    for url in (URL, XLSX):
        assert client.get(url, {"enhet": other.pk}).status_code == 404
        assert client.get(url, {"enhet": "x"}).status_code == 404


def test_she_chooses_among_her_units_and_sees_each_ones_counts(personas, login):
    other = Unit.objects.create(municipality=personas.municipality, name="Ute D", kind="outreach")
    Membership.objects.create(
        status="direct", user=personas.field_c, municipality=personas.municipality,
        role="field_worker", unit=other,
    )  # fmt: skip
    today = timezone.localdate()
    torget = place(personas, "Torget")
    tally(personas, torget, today, count=3)
    tally(personas, torget, today, count=40, unit=other)
    client = login(personas.field_c)
    first = client.get(URL).context
    assert first["unit"] == personas.unit_c and first["now"]["today"] == 3
    chosen = client.get(URL, {"enhet": other.pk})
    assert chosen.context["now"]["today"] == 40
    page = chosen.content.decode()
    assert 'name="enhet"' in page  # the unit chooser, and kept in the menu's links
    assert f'href="{reverse("outreach:tally")}?enhet={other.pk}"' in page


# Arithmetic --------------------------------------------------------------------------------


def test_today_and_this_week_run_monday_to_sunday_without_undone_taps(personas):
    p = personas
    torget, skolen = place(p, "Torget"), place(p, "Skolen")
    wednesday = date(2026, 3, 11)
    tally(p, torget, date(2026, 3, 8), count=100)  # the Sunday before: last week
    tally(p, torget, date(2026, 3, 9), count=2)  # Monday
    tally(p, torget, wednesday, count=3)
    tally(p, skolen, wednesday, count=4, channel="gaming")
    tally(p, skolen, wednesday, count=50, undone=True)
    tally(p, torget, date(2026, 3, 15), count=5, channel="internet")  # Sunday
    tally(p, torget, date(2026, 3, 16), count=1000)  # next Monday
    now = contacts_now(actor=p.field_c, unit=p.unit_c, today=wednesday)
    assert (now["today"], now["week"]) == (7, 14)
    by_channel = {row["label"]: (row["today"], row["week"]) for row in now["channels"]}
    assert by_channel[ContactChannel.FIELD.label] == (3, 5)
    assert by_channel[ContactChannel.GAMING.label] == (4, 4)
    assert by_channel[ContactChannel.INTERNET.label] == (0, 5)
    assert [(r.label, r.count) for r in now["places"]] == [("Skolen", 4), ("Torget", 3)]


def test_weeks_areas_and_codes_of_a_period(personas):
    p = personas
    nord = Area.objects.create(municipality=p.municipality, name="Nord")
    torget, skolen, loose = place(p, "Torget", nord), place(p, "Skolen", nord), place(p, "Løs")
    tally(p, torget, date(2025, 12, 31), count=100)  # before the period
    tally(p, torget, date(2026, 1, 4), count=2, gender="boy")  # Sunday: ISO week 1 of 2026
    tally(p, skolen, date(2026, 1, 5), count=3, depth=3, age_group="vgs")  # Monday: week 2
    tally(p, loose, date(2026, 1, 5), count=4, channel="social_media")
    tally(p, loose, date(2026, 1, 6), count=60, undone=True)
    tally(p, torget, date(2026, 2, 1), count=100)  # after the period
    result = contacts_in_period(
        actor=p.field_c, unit=p.unit_c, start=date(2026, 1, 1), end=date(2026, 1, 31)
    )
    assert result.total == 9
    weeks = [(w.year, w.number, w.monday, w.count) for w in result.weeks]
    assert weeks[:3] == [
        (2026, 1, date(2025, 12, 29), 2),
        (2026, 2, date(2026, 1, 5), 7),
        (2026, 3, date(2026, 1, 12), 0),
    ]
    assert len(weeks) == 5 and sum(w[3] for w in weeks) == 9
    assert [(r.label, r.count) for r in result.areas] == [("Nord", 5), ("Uten område", 4)]
    assert [(r.label, r.count) for r in result.places] == [("Løs", 4), ("Skolen", 3), ("Torget", 2)]
    assert [r.count for r in result.genders] == [7, 2, 0, 0]  # girl, boy, other, not known
    assert [r.label for r in result.genders] == [str(label) for label in Gender.labels]
    assert [r.count for r in result.depths] == [6, 0, 3]
    assert [r.label for r in result.depths] == [str(label) for label in Depth.labels]
    assert dict((r.label, r.count) for r in result.channels)[ContactChannel.SOCIAL_MEDIA.label] == 4
    assert dict((r.label, r.count) for r in result.age_groups)[AgeGroup.VGS.label] == 3


def test_the_page_compares_with_the_same_period_a_year_earlier(personas, login):
    p = personas
    torget = place(p, "Torget")
    tally(p, torget, date(2025, 1, 10), count=8)
    tally(p, torget, date(2025, 1, 31), count=50, undone=True)
    tally(p, torget, date(2026, 1, 10), count=9)
    response = login(p.field_c).get(URL, period(start=date(2026, 1, 1), end=date(2026, 1, 31)))
    assert response.status_code == 200
    assert (response.context["period"].total, response.context["period"].last_total) == (9, 8)
    page = response.content.decode()
    assert "12,5 % flere enn samme periode i fjor" in page
    assert "Uke 2, 2026" in page and "Jente" in page
    assert "girl" not in re.sub(r"<[^>]+>", " ", page)  # labels, never the stored codes


def test_places_without_an_area_are_grouped_on_the_page(personas, login):
    p = personas
    tally(p, place(p, "Løs"), date(2026, 1, 10), count=2)
    response = login(p.field_c).get(URL, period(start=date(2026, 1, 1), end=date(2026, 1, 31)))
    assert "Uten område" in response.content.decode()


def test_the_page_reads_well_without_any_contacts(personas, login):
    response = login(personas.field_c).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ingen kontakter talt i dag ennå." in page
    assert "Ingen kontakter i samme periode i fjor." in page
    # The default period: the last twelve months up to today.
    result = response.context["period"]
    assert result.end == timezone.localdate() and result.total == 0
    assert 52 <= len(result.weeks) <= 54


@pytest.mark.parametrize(
    "query",
    [
        {"date_from": "ikke-en-dato"},
        {"date_from": "2026-02-01", "date_to": "2026-01-01"},
        {"date_from": "1900-01-01"},
        {"date_from": "2020-01-01", "date_to": "2026-01-01"},
    ],
)
def test_a_bad_period_answers_400_in_norwegian(personas, login, query):
    client = login(personas.field_c)
    response = client.get(URL, query)
    assert response.status_code == 400
    errors = " ".join(str(e) for e in response.context["period_form"].errors.values())
    assert re.search(r"dato|Velg|periode", errors), errors
    download = client.get(XLSX, query)
    assert download.status_code == 400
    assert re.search(r"dato|Velg|periode", download.content.decode())


# Queries -----------------------------------------------------------------------------------


def spread(p, n):
    """n places, each with a contact in another week of 2026."""
    for i in range(n):
        area = Area.objects.create(municipality=p.municipality, name=f"Område {n}-{i}")
        tally(
            p,
            place(p, f"Sted {n}-{i}", area),
            date(2026, 1, 5) + timedelta(weeks=i % 40),
            count=i + 1,
        )


def test_the_page_and_the_download_cost_the_same_queries_for_3_and_30_places_and_weeks(
    personas, login
):
    client = login(personas.field_c)
    query = period(start=date(2025, 6, 1), end=date(2026, 12, 31))
    client.get(URL)  # the session's first request costs more
    counts = []
    for n in (3, 30):
        spread(personas, n)
        with CaptureQueriesContext(connection) as page:
            response = client.get(URL, query)
        with CaptureQueriesContext(connection) as download:
            client.get(XLSX, query)
        # The logged-in user sees the growing data.
        assert len(response.context["period"].places) == (3 if n == 3 else 33)
        counts.append((len(page), len(download)))
    assert counts[0] == counts[1], counts


def test_the_page_makes_few_queries(personas, login, django_assert_max_num_queries):
    spread(personas, 12)
    unit = personas.unit_c
    StaffingBand.objects.create(
        unit=unit, weekday=0, starts=time(8, 30), ends=time(15, 30), min_teams=2, max_teams=3
    )
    today = timezone.localdate()
    for day in range(7):
        monday = today - timedelta(days=today.weekday())
        start = timezone.make_aware(datetime.combine(monday + timedelta(day), time(9)))
        shift = Shift.objects.create(
            unit=unit,
            starts_at=start,
            ends_at=start + timedelta(hours=6),
            created_by=personas.field_c,
        )
        shift.workers.add(personas.field_c)
    client = login(personas.field_c)
    client.get(URL)  # the session's first request costs more
    # The session and her memberships (3), her units (1), the week (2), the period (4), this
    # week's shifts against the staffing plan (3).
    with django_assert_max_num_queries(13):
        response = client.get(URL, period(start=date(2025, 6, 1), end=date(2026, 12, 31)))
    summary = response.context["staffing_summary"]
    assert summary["has_plan"] and summary["total"].planned == "2–3"
    assert summary["total"].held + summary["total"].outside + summary["total"].scheduled == 7


# Excel -------------------------------------------------------------------------------------


def read_xlsx(content: bytes) -> dict[str, list[list]]:
    """The workbook's sheets as rows of values, as Excel reads them (openpyxl)."""
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book}


def test_the_download_holds_the_pages_numbers(personas, login):
    p = personas
    nord = Area.objects.create(municipality=p.municipality, name="Nord")
    tally(p, place(p, "Torget", nord), date(2026, 1, 5), count=3)
    loose = place(p, "Løs <&>")
    tally(p, loose, date(2026, 1, 6), count=4, gender="boy")
    tally(p, loose, date(2026, 1, 6), count=40, undone=True)
    tally(p, place(p, "Før"), date(2025, 1, 6), count=5)
    client = login(p.field_c)
    query = period(start=date(2026, 1, 1), end=date(2026, 1, 31))
    response = client.get(XLSX, query)
    assert response.status_code == 200
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    assert response["Content-Disposition"].startswith("attachment")
    sheets = read_xlsx(response.content)
    assert sheets["Oversikt"][1][3:] == [7, 5]
    assert sheets["Område"][1:] == [["Nord", 3, 0], ["Uten område", 4, 5], ["Totalt", 7, 5]]
    assert ["Løs <&>", 4, 0] in sheets["Sted"]
    assert ["Gutt", 4, 0] in sheets["Kjønn"]
    assert [2026, 2, "05.01.2026", 7] in sheets["Uker"]
    page = client.get(URL, query).context["period"]
    assert page.total == 7 and [r.count for r in page.areas] == [3, 4]


def test_a_text_that_looks_like_a_formula_stays_text(personas, login):
    p = personas
    tally(p, place(p, '=HYPERLINK("http://x")'), date(2026, 1, 5), count=3)
    response = login(p.field_c).get(XLSX, period(start=date(2026, 1, 1), end=date(2026, 1, 31)))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    cell = book["Sted"]["A2"]
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"
    assert book["Oversikt"]["D2"].value == 3


@pytest.mark.parametrize("weeks", [1, 53, 158])
def test_the_week_chart_fits_a_phone_for_any_period(weeks):
    # A 360 px phone has about 250 px for the figure; wider, the chart scrolls, and a scrolling
    # region without a focusable element fails axe (scrollable-region-focusable).
    from ungsam.outreach.dashboard_selectors import Week
    from ungsam.outreach.dashboard_views import _week_chart

    chart = _week_chart([Week(2026, 1, date(2026, 1, 5), i) for i in range(weeks)])
    assert chart["width"] <= 240
    assert len(chart["columns"]) == weeks
