"""Shifts (feltvakter): the week's list, a shift made, changed and cancelled, "Start shift now"
on the phone, a shift past midnight, and who may do any of it (the unit's workers and leaders;
everyone else 404, also when a service is called directly)."""

import re
from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from tests.conftest import admin_of_another_municipality, give_totp
from ungsam.org.models import Area, Membership, Unit, User
from ungsam.outreach import shift_services as services
from ungsam.outreach.models import Shift, StaffingBand

# A week that is over: Monday 2 March 2026 (week 10).
MONDAY = date(2026, 3, 2)


def at(day, hh, mm=0):
    return timezone.make_aware(datetime.combine(day, time(hh, mm)))


class Field:
    pass


@pytest.fixture
def field(personas):
    """Ute C with Fred (field worker) and Lea (its leader), two areas of Testvik; Ute D, another
    outreach unit, with Dan."""
    f = Field()
    f.p = personas
    f.unit = personas.unit_c
    f.fred = personas.field_c
    m = personas.municipality

    def person(username, role, unit):
        user = User.objects.create_user(
            username=username, password="x" * 12, first_name=username.split("_")[0].title()
        )
        Membership.objects.create(
            user=user,
            municipality=m,
            unit=unit,
            role=role,
            status="direct",
            starts_on=date(2025, 1, 1),
        )
        give_totp(user)
        return user

    f.lea = person("lea_c", "leader", f.unit)
    f.unit_d = Unit.objects.create(municipality=m, name="Ute D", kind="outreach")
    f.dan = person("dan_d", "field_worker", f.unit_d)
    f.sentrum = Area.objects.create(municipality=m, name="Sentrum")
    f.nordby = Area.objects.create(municipality=m, name="Nordby")
    return f


def make_shift(f, start, end, *, workers=None, areas=(), team="Team 1", cancelled=False):
    shift = Shift.objects.create(
        unit=f.unit,
        team_name=team,
        starts_at=start,
        ends_at=end,
        created_by=f.fred,
        cancelled_at=start - timedelta(days=1) if cancelled else None,
    )
    shift.workers.set(workers or [f.fred])
    shift.areas.set(areas)
    return shift


def shift_form(f, **changes):
    data = {
        "enhet": f.unit.pk,
        "team_name": "Kveldsteamet",
        "workers": [f.fred.pk, f.lea.pk],
        "day": "2026-03-06",
        "starts": "16:00",
        "ends": "01:00",
        "areas": [f.sentrum.pk],
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


# --- The list ---


def test_it_lists_the_weeks_shifts_with_team_workers_and_areas(field, login):
    make_shift(field, at(MONDAY, 8, 30), at(MONDAY, 15, 30), areas=[field.nordby])
    make_shift(field, at(MONDAY + timedelta(4), 16), at(MONDAY + timedelta(5), 1), team="Natteamet")
    make_shift(field, at(MONDAY + timedelta(7), 9), at(MONDAY + timedelta(7), 12), team="Senere")
    page = login(field.fred).get("/feltarbeid/vakter/?uke=2026-03-04").content.decode()
    assert "Uke 10, 02.03.–08.03.2026" in page
    assert "Team 1" in page and "Nordby" in page and "Fred" in page
    assert "16:00–01:00" in page and "slutter neste dag" in page
    assert "Senere" not in page  # next week's
    assert "Gjennomført" in page


def test_the_list_shows_this_week_by_default_and_links_the_weeks_around(field, login):
    page = login(field.fred).get("/feltarbeid/vakter/").content.decode()
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    assert f"Uke {monday.isocalendar().week}," in page
    assert f"uke={(monday - timedelta(7)).isoformat()}" in page
    assert f"uke={(monday + timedelta(7)).isoformat()}" in page


def test_a_bad_week_answers_400_in_norwegian(field, login):
    response = login(field.fred).get("/feltarbeid/vakter/?uke=1999-13-40")
    assert response.status_code == 400
    assert "Oppgi en gyldig dato" in response.content.decode()


def test_the_list_does_not_query_per_shift(field, login, django_assert_max_num_queries):
    client = login(field.fred)

    def grow(n):
        for i in range(n):
            day = MONDAY + timedelta(days=i % 7)
            make_shift(
                field,
                at(day, 8 + i % 8),
                at(day, 15 + i % 8),
                workers=[field.fred, field.lea],
                areas=[field.sentrum, field.nordby],
            )

    grow(2)
    with django_assert_max_num_queries(20) as few:
        client.get("/feltarbeid/vakter/?uke=2026-03-02")
    grow(25)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/feltarbeid/vakter/?uke=2026-03-02").content.decode()
    assert page.count("Sentrum, Nordby") + page.count("Nordby, Sentrum") == 27


# --- Making, changing and cancelling ---


def test_a_new_shift_offers_her_today_and_the_next_band_of_the_plan(field, login):
    today = timezone.localdate()
    # Past midnight: it has not ended today whenever the test runs.
    StaffingBand.objects.create(
        unit=field.unit,
        weekday=today.weekday(),
        starts=time(23, 58),
        ends=time(23, 57),
        min_teams=1,
        max_teams=1,
    )
    page = login(field.fred).get("/feltarbeid/vakter/ny/").content.decode()
    assert f'value="{today.isoformat()}"' in page
    assert 'value="23:58"' in page and 'value="23:57"' in page
    fred_box = re.search(rf'<input[^>]*name="workers" value="{field.fred.pk}"[^>]*>', page).group(0)
    lea_box = re.search(rf'<input[^>]*name="workers" value="{field.lea.pk}"[^>]*>', page).group(0)
    assert "checked" in fred_box and "checked" not in lea_box


def test_a_shift_past_midnight_ends_the_next_day(field, login):
    response = login(field.fred).post("/feltarbeid/vakter/ny/", shift_form(field))
    assert response.status_code == 302
    shift = Shift.objects.get()
    assert timezone.localtime(shift.starts_at) == at(date(2026, 3, 6), 16)
    assert timezone.localtime(shift.ends_at) == at(date(2026, 3, 7), 1)
    assert set(shift.workers.all()) == {field.fred, field.lea}
    assert list(shift.areas.all()) == [field.sentrum]
    assert shift.created_by == field.fred
    assert "uke=2026-03-06" in response["Location"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"workers": None}, "Velg minst én ansatt."),
        ({"starts": "08:00", "ends": "01:00"}, "En feltvakt varer høyst 16 timer."),
        ({"day": "2026-02-30"}, "Oppgi en gyldig dato."),
        ({"day": "1999-12-31"}, "Velg en dato mellom 01.01.2000 og 31.12.2999."),
        ({"day": "2999-01-01"}, "inntil ett år fram i tid"),
        ({"starts": "25:00"}, "Oppgi et gyldig tidspunkt."),
        ({"team_name": "Team\x00"}, "tegn er ikke tillatt"),
        ({"team_name": "Team\x07"}, "tegn som ikke er tillatt"),
    ],
)
def test_bad_input_answers_400_in_norwegian(field, login, changes, message):
    response = login(field.fred).post("/feltarbeid/vakter/ny/", shift_form(field, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Shift.objects.exists()


def test_it_refuses_a_worker_or_an_area_from_outside(field, login):
    other, _ = admin_of_another_municipality()
    theirs = Area.objects.create(municipality=other, name="Andrevik sentrum")
    client = login(field.fred)
    for changes in ({"workers": [field.dan.pk]}, {"areas": [theirs.pk]}):
        response = client.post("/feltarbeid/vakter/ny/", shift_form(field, **changes))
        assert response.status_code == 400
    kwargs = {
        "actor": field.fred,
        "unit": field.unit,
        "team_name": "",
        "starts_at": at(MONDAY, 9),
        "ends_at": at(MONDAY, 12),
    }
    with pytest.raises(ValidationError) as refused:
        services.shift_create(**kwargs, workers=[field.dan])
    assert "workers" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.shift_create(**kwargs, workers=[field.fred], areas=[theirs])
    assert "areas" in refused.value.message_dict
    assert not Shift.objects.exists()


def test_it_changes_a_shift_and_keeps_a_worker_who_has_left_on_it(field, login):
    shift = make_shift(field, at(MONDAY, 8, 30), at(MONDAY, 15, 30), workers=[field.lea])
    Membership.objects.filter(user=field.lea).update(ends_on=date(2026, 3, 10))
    client = login(field.fred)
    page = client.get(f"/feltarbeid/vakter/{shift.pk}/").content.decode()
    assert 'value="08:30"' in page and "Lea" in page
    response = client.post(
        f"/feltarbeid/vakter/{shift.pk}/",
        shift_form(field, day="2026-03-02", starts="09:00", ends="15:00", workers=[field.lea.pk]),
    )
    assert response.status_code == 302
    shift.refresh_from_db()
    assert timezone.localtime(shift.starts_at) == at(MONDAY, 9)
    assert list(shift.workers.all()) == [field.lea]
    # A new shift cannot have her.
    response = client.post("/feltarbeid/vakter/ny/", shift_form(field, workers=[field.lea.pk]))
    assert response.status_code == 400


def test_a_cancelled_shift_keeps_its_row_and_can_no_longer_be_changed(field, login):
    shift = make_shift(field, at(MONDAY, 8, 30), at(MONDAY, 15, 30))
    client = login(field.fred)
    assert (
        "Avlys feltvakten" in client.get(f"/feltarbeid/vakter/{shift.pk}/avlys/").content.decode()
    )
    response = client.post(f"/feltarbeid/vakter/{shift.pk}/avlys/")
    assert response.status_code == 302
    shift.refresh_from_db()
    assert shift.cancelled_at is not None
    page = client.get("/feltarbeid/vakter/?uke=2026-03-02").content.decode()
    assert "Avlyst" in page
    response = client.get(f"/feltarbeid/vakter/{shift.pk}/")
    assert response.status_code == 302  # back to the list, with a message
    with pytest.raises(ValidationError):
        services.shift_update(
            actor=field.fred,
            shift=shift,
            team_name="x",
            workers=[field.fred],
            starts_at=shift.starts_at,
            ends_at=shift.ends_at,
        )


# --- Start shift now ---


def test_start_now_runs_to_the_end_of_the_band_she_is_in(field):
    for starts, ends in ((time(8, 30), time(15, 30)), (time(14, 30), time(22, 15))):
        StaffingBand.objects.create(
            unit=field.unit, weekday=0, starts=starts, ends=ends, min_teams=2, max_teams=3
        )
    # 15:00 on a Monday is in both bands: the one that started last.
    shift = services.shift_start_now(actor=field.fred, unit=field.unit, now=at(MONDAY, 15))
    assert timezone.localtime(shift.ends_at) == at(MONDAY, 22, 15)
    assert list(shift.workers.all()) == [field.fred]
    # On a shift already: refused, nothing new.
    with pytest.raises(ValidationError):
        services.shift_start_now(actor=field.fred, unit=field.unit, now=at(MONDAY, 16))
    assert Shift.objects.count() == 1


def test_start_now_past_midnight_and_outside_the_plan(field):
    StaffingBand.objects.create(
        unit=field.unit, weekday=4, starts=time(16), ends=time(1), min_teams=1, max_teams=2
    )
    saturday = MONDAY + timedelta(days=5)
    # 00:20 on Saturday is in Friday's 16:00–01:00 band.
    night = services.shift_start_now(actor=field.fred, unit=field.unit, now=at(saturday, 0, 20))
    assert timezone.localtime(night.ends_at) == at(saturday, 1)
    # Saturday noon: no band, four hours.
    noon = services.shift_start_now(actor=field.lea, unit=field.unit, now=at(saturday, 12, 7))
    assert timezone.localtime(noon.ends_at) == at(saturday, 16, 7)


def test_the_start_button_starts_her_shift_once(field, login):
    client = login(field.fred)
    page = client.get("/feltarbeid/vakter/").content.decode()
    assert "Start vakt nå" in page
    response = client.post("/feltarbeid/vakter/start/", {"enhet": field.unit.pk})
    assert response.status_code == 302
    shift = Shift.objects.get()
    assert list(shift.workers.all()) == [field.fred]
    assert shift.ends_at - shift.starts_at == timedelta(hours=4)  # Ute C has no plan
    page = client.get(response["Location"]).content.decode()
    assert "Vakten din har startet" in page
    assert "Du er på vakt nå" in page and "Start vakt nå" not in page
    client.post("/feltarbeid/vakter/start/", {"enhet": field.unit.pk})
    assert Shift.objects.count() == 1


# --- Who may ---


@pytest.mark.parametrize("who", ["los_a", "leader_a", "partner", "analyst", "admin"])
def test_everyone_outside_fieldwork_gets_404(field, login, who):
    shift = make_shift(field, at(MONDAY, 9), at(MONDAY, 12))
    client = login(getattr(field.p, who))
    for url in ("/feltarbeid/vakter/", "/feltarbeid/vakter/ny/", f"/feltarbeid/vakter/{shift.pk}/"):
        assert client.get(url).status_code == 404
    assert client.post(f"/feltarbeid/vakter/{shift.pk}/avlys/").status_code == 404
    assert client.post("/feltarbeid/vakter/start/").status_code == 404
    shift.refresh_from_db()
    assert shift.cancelled_at is None and Shift.objects.count() == 1


def test_a_worker_of_another_outreach_unit_gets_404(field, login):
    shift = make_shift(field, at(MONDAY, 9), at(MONDAY, 12))
    client = login(field.dan)
    assert client.get(f"/feltarbeid/vakter/{shift.pk}/").status_code == 404
    assert client.post(f"/feltarbeid/vakter/{shift.pk}/avlys/").status_code == 404
    # Her own unit's list does not show it; naming Ute C is 404 too.
    assert "Team 1" not in client.get("/feltarbeid/vakter/?uke=2026-03-02").content.decode()
    assert client.get(f"/feltarbeid/vakter/?enhet={field.unit.pk}").status_code == 404
    response = client.post("/feltarbeid/vakter/ny/", shift_form(field, workers=[field.dan.pk]))
    assert response.status_code == 404
    shift.refresh_from_db()
    assert shift.cancelled_at is None and Shift.objects.count() == 1


def test_the_services_refuse_a_direct_call_from_outside_the_unit(field):
    shift = make_shift(field, at(MONDAY, 9), at(MONDAY, 12))
    _, their_admin = admin_of_another_municipality()
    outsiders = [field.dan, field.p.los_a, field.p.partner, field.p.analyst, field.p.admin]
    for actor in [*outsiders, their_admin]:
        calls = [
            lambda a=actor: services.shift_create(
                actor=a,
                unit=field.unit,
                team_name="Snik",
                workers=[field.fred],
                starts_at=at(MONDAY, 9),
                ends_at=at(MONDAY, 10),
            ),
            lambda a=actor: services.shift_update(
                actor=a,
                shift=shift,
                team_name="Snik",
                workers=[field.fred],
                starts_at=at(MONDAY, 9),
                ends_at=at(MONDAY, 10),
            ),
            lambda a=actor: services.shift_cancel(actor=a, shift=shift),
            lambda a=actor: services.shift_start_now(actor=a, unit=field.unit),
        ]
        for call in calls:
            with pytest.raises((Http404, PermissionDenied)):
                call()
    shift.refresh_from_db()
    assert (shift.team_name, shift.cancelled_at) == ("Team 1", None)
    assert Shift.objects.count() == 1


def test_an_inactive_unit_shows_no_shifts(field, login):
    Unit.objects.filter(pk=field.unit.pk).update(active=False)
    assert login(field.fred).get("/feltarbeid/vakter/").status_code == 404
