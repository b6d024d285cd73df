"""Reporting to Udir and the fixed-date lists (issue 18, point 3): counts per code and group on
each reporting date, from the dated status history (the status she had that day), and the
list at a date leaving out the groups configured as needing no follow-up (4 and 5 by default;
group 3 stays). Reporting dates and groups come from settings read from the environment."""

from datetime import date, datetime, time

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from tests.ot.test_register_status import build_region, register
from ungsam.access.models import AuditEvent, AuditSubject
from ungsam.env import env_day_months, env_int_set
from ungsam.ot.register_rules import in_target_group, reporting_dates, school_year_of
from ungsam.ot.register_selectors import fixed_date_list, reporting_counts
from ungsam.ot.register_services import registration_set_status

NOV, FEB, JUN = date(2025, 11, 15), date(2026, 2, 1), date(2026, 6, 15)
TODAY = date(2026, 7, 1)


@pytest.fixture
def ot(db):
    return build_region()


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(8)))


@pytest.fixture
def history(ot):
    """Anna: OTUK from 1 Sep, OTOV from 1 Dec (a phone call), OTEV from 1 Mar. Berit: OTUK from
    1 Oct, OTNO on 15 Nov (a conversation). Cecilie: OTUK from 10 Jan. Dora: OTUK from 1 Sep,
    moved to another county (OTFA_IM) on 20 Jan."""
    anna = register(ot, "Anna", at=at(date(2025, 9, 1)), contact=ot.oda)
    berit = register(ot, "Berit", at=at(date(2025, 10, 1)), contact=ot.oda)
    cecilie = register(ot, "Cecilie", at=at(date(2026, 1, 10)), contact=ot.oda)
    dora = register(ot, "Dora", at=at(date(2025, 9, 1)), contact=ot.oda)

    def change(reg, code, day, kind=None):
        contact = {"occurred_on": day, "kind": kind, "text": "Kontakt."} if kind else None
        registration_set_status(
            actor=ot.oda, registration_id=reg.pk, code=code, on=day, new_contact=contact,
            today=TODAY,
        )  # fmt: skip

    change(anna, "OTOV", date(2025, 12, 1), "phone")
    change(anna, "OTEV", date(2026, 3, 1))
    change(berit, "OTNO", NOV, "conversation")
    registration_set_status(
        actor=ot.oda, registration_id=dora.pk, code="OTFA_IM", on=date(2026, 1, 20),
        moved_to=ot.utvik, today=TODAY,
    )  # fmt: skip
    return {"anna": anna, "berit": berit, "cecilie": cecilie, "dora": dora}


def test_the_default_reporting_dates_are_udirs_three_collection_dates():
    assert reporting_dates(2025) == [NOV, FEB, JUN]
    assert school_year_of(date(2026, 7, 31)) == 2025 and school_year_of(date(2026, 8, 1)) == 2026


def test_it_counts_each_youth_with_the_status_she_had_on_each_date(ot, history):
    counts = reporting_counts(actor=ot.leader, unit=ot.unit, dates=[NOV, FEB, JUN], today=TODAY)
    nov, feb, jun = counts
    assert dict(nov.codes) == {"OTUK": 2, "OTNO": 1}  # Anna, Dora; Berit changed that day
    assert dict(feb.codes) == {"OTOV": 1, "OTNO": 1, "OTUK": 1, "OTFA_IM": 1}
    assert dict(jun.codes) == {"OTEV": 1, "OTNO": 1, "OTUK": 1, "OTFA_IM": 1}
    assert jun.groups[3] == 1 and jun.groups[4] == 1 and jun.groups[1] == 1 and jun.groups[5] == 1
    assert [c.total for c in counts] == [3, 4, 4]


def test_a_date_not_reached_counts_nobody_and_only_the_leader_gets_counts(ot, history):
    later = reporting_counts(actor=ot.leader, unit=ot.unit, dates=[JUN], today=date(2026, 6, 1))
    assert later[0].total == 0 and not later[0].reached
    assert reporting_counts(actor=ot.oda, unit=ot.unit, dates=[JUN], today=TODAY) == []


def _names(rows):
    return {r.youth.first_name for r in rows}


def test_the_fixed_date_list_leaves_out_groups_4_and_5_by_default(ot, history):
    assert _names(fixed_date_list(actor=ot.leader, unit=ot.unit, day=FEB)) == {"Anna", "Cecilie"}
    # Group 3 (in activity, arranged and followed by OT) stays on the list.
    assert _names(fixed_date_list(actor=ot.leader, unit=ot.unit, day=JUN)) == {"Anna", "Cecilie"}


def test_the_fixed_date_list_honours_the_setting(ot, history, settings):
    settings.OT_NO_FOLLOW_UP_GROUPS = {5}
    assert _names(fixed_date_list(actor=ot.leader, unit=ot.unit, day=FEB)) == {
        "Anna",
        "Berit",
        "Cecilie",
    }
    settings.OT_NO_FOLLOW_UP_GROUPS = {1, 2, 3, 4, 5}
    assert fixed_date_list(actor=ot.leader, unit=ot.unit, day=FEB) == []


def test_the_export_writes_an_export_row_naming_everyone_in_it(ot, history, client):
    client.force_login(ot.leader)
    response = client.get(reverse("ot:register_fixed_list_export"), {"dato": FEB.isoformat()})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    event = AuditEvent.objects.filter(action="export").get()
    named = set(AuditSubject.objects.filter(event=event).values_list("youth_id", flat=True))
    assert named == {history["anna"].case.youth_id, history["cecilie"].case.youth_id}


def test_the_report_page_and_its_excel_are_the_ot_leaders(ot, history, client):
    client.force_login(ot.leader)
    page = client.get(reverse("ot:register_report"), {"aar": "2025"})
    assert page.status_code == 200 and "15.11.2025" in page.content.decode()
    assert client.get(reverse("ot:register_report_export")).status_code == 200
    client.force_login(ot.oda)
    assert client.get(reverse("ot:register_report")).status_code == 404
    assert client.get(reverse("ot:register_fixed_list")).status_code == 404


def test_the_reporting_dates_setting_is_read_and_checked(monkeypatch):
    monkeypatch.setenv("UNGSAM_OT_REPORTING_DATES", "01.10, 1.3")
    assert env_day_months("UNGSAM_OT_REPORTING_DATES", []) == [(1, 10), (1, 3)]
    for bad in ("15-11", "32.01", "29.02", "15.11,,01.02", "x"):
        monkeypatch.setenv("UNGSAM_OT_REPORTING_DATES", bad)
        with pytest.raises(ImproperlyConfigured):
            env_day_months("UNGSAM_OT_REPORTING_DATES", [])
    monkeypatch.setenv("UNGSAM_OT_NO_FOLLOW_UP_GROUPS", "4, 5")
    assert env_int_set("UNGSAM_OT_NO_FOLLOW_UP_GROUPS", set(), range(1, 6)) == {4, 5}
    monkeypatch.setenv("UNGSAM_OT_NO_FOLLOW_UP_GROUPS", "6")
    with pytest.raises(ImproperlyConfigured):
        env_int_set("UNGSAM_OT_NO_FOLLOW_UP_GROUPS", set(), range(1, 6))


@given(st.text(max_size=30))
def test_a_reporting_dates_value_either_parses_or_stops_start_up(raw):
    import os

    os.environ["UNGSAM_TEST_DATES"] = raw.replace("\x00", "")
    try:
        days = env_day_months("UNGSAM_TEST_DATES", [(15, 11)])
    except ImproperlyConfigured:
        return
    finally:
        del os.environ["UNGSAM_TEST_DATES"]
    assert all(date(2023, m, d) for d, m in days)


def test_the_target_group_runs_through_the_year_she_turns_24_and_21_before_autumn_2024():
    born = date(2002, 6, 1)
    assert in_target_group(born, date(2026, 12, 31))
    assert not in_target_group(born, date(2027, 1, 1))
    assert in_target_group(date(2003, 1, 1), date(2024, 7, 31)) is True
    assert in_target_group(date(2002, 1, 1), date(2024, 7, 31)) is False
