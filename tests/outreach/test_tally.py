"""The tally's JSON endpoints and services: a tap is saved once per key however often the phone
sends it, a key reused for another tap is refused (409), an undo touches only her own taps,
the phone can tell a lost session (401 JSON) from a refusal (404), and a late tap of an evening
shift counts on the day it was made."""

import json
import uuid
from datetime import UTC, datetime, time, timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from tests.conftest import give_totp
from ungsam.org.models import Area, Membership, Place, User
from ungsam.outreach import tally_services
from ungsam.outreach.models import ContactTally, Shift

TAP = reverse("outreach:tally_tap")
UNDO = reverse("outreach:tally_undo")


@pytest.fixture
def place(personas):
    area = Area.objects.create(municipality=personas.municipality, name="Sentrum")
    return Place.objects.create(
        municipality=personas.municipality, name="Torget", kind="street", area=area
    )


def tap_body(personas, place, **changes):
    body = {
        "key": str(uuid.uuid4()),
        "unit": personas.unit_c.pk,
        "place": place.pk,
        "channel": "field",
        "gender": "girl",
        "age_group": "ungdomsskole",
        "depth": 1,
        "tapped_at": timezone.localtime().isoformat(),
    }
    body.update(changes)
    return body


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def live(**filters):
    return ContactTally.objects.filter(undone_at__isnull=True, **filters)


def test_it_saves_a_tap_once_however_often_it_is_sent(personas, login, place):
    client = login(personas.field_c)
    body = tap_body(personas, place, depth=3, channel="gaming")
    first = post(client, TAP, body)
    assert first.status_code == 201
    again = post(client, TAP, body)
    assert again.status_code == 200 and again.json()["created"] is False
    tally = ContactTally.objects.get()
    assert (tally.count, tally.depth, tally.channel, tally.recorded_by) == (
        1,
        3,
        "gaming",
        personas.field_c,
    )
    assert str(tally.key) == body["key"]


def test_it_refuses_a_key_reused_for_another_tap(personas, login, place):
    client = login(personas.field_c)
    body = tap_body(personas, place)
    assert post(client, TAP, body).status_code == 201
    response = post(client, TAP, {**body, "gender": "boy"})
    assert response.status_code == 409
    assert ContactTally.objects.get().gender == "girl"


def test_a_retry_racing_the_first_send_is_not_counted_twice(personas, place, monkeypatch):
    """A new tap is inserted without looking its key up first; a second send of the key (a
    retry, or one racing the first) hits the unique key and answers with the first one's row,
    and one with other content is a conflict."""
    values = dict(
        actor=personas.field_c,
        key=uuid.uuid4(),
        unit_id=personas.unit_c.pk,
        place_id=place.pk,
        channel="field",
        gender="boy",
        age_group="vgs",
        depth=2,
        tapped_at=timezone.now(),
    )
    real = tally_services._saved
    lookups = []
    monkeypatch.setattr(tally_services, "_saved", lambda key: lookups.append(key) or real(key))
    first, created = tally_services.tally_tap(**values)
    assert created and lookups == []
    second, created = tally_services.tally_tap(**values)
    assert not created and second.pk == first.pk and len(lookups) == 1
    with pytest.raises(tally_services.TallyConflict):
        tally_services.tally_tap(**{**values, "depth": 3})
    assert ContactTally.objects.count() == 1


def test_a_saved_tap_sent_again_after_a_week_is_still_the_same_tap(personas, place):
    """Its first answer was lost: eight days later it is too old for a new tap, but it is not
    new, so it answers as saved instead of refusing it."""
    values = dict(
        actor=personas.field_c,
        key=uuid.uuid4(),
        unit_id=personas.unit_c.pk,
        place_id=place.pk,
        channel="field",
        gender="boy",
        age_group="vgs",
        depth=1,
        tapped_at=timezone.now() - timedelta(days=6),
    )
    tally_services.tally_tap(**values)
    later = timezone.now() + timedelta(days=2)
    again, created = tally_services.tally_tap(**values, now=later)
    assert not created and ContactTally.objects.count() == 1


def test_undo_marks_her_own_tap_and_is_idempotent(personas, login, place):
    client = login(personas.field_c)
    body = tap_body(personas, place)
    post(client, TAP, body)
    assert post(client, UNDO, {"key": body["key"]}).status_code == 200
    undone_at = ContactTally.objects.get().undone_at
    assert undone_at is not None
    assert post(client, UNDO, {"key": body["key"]}).status_code == 200
    assert ContactTally.objects.get().undone_at == undone_at
    assert not live().exists()


def test_undo_refuses_a_colleagues_tap(personas, login, place):
    colleague = User.objects.create_user(username="frida_c", password="x" * 12)
    Membership.objects.create(
        user=colleague,
        municipality=personas.municipality,
        unit=personas.unit_c,
        role="field_worker",
        status="direct",
    )
    give_totp(colleague)
    body = tap_body(personas, place)
    post(login(personas.field_c), TAP, body)
    response = post(login(colleague), UNDO, {"key": body["key"]})
    assert response.status_code == 404
    assert live().count() == 1
    assert post(login(colleague), UNDO, {"key": str(uuid.uuid4())}).status_code == 404


def test_logged_out_gets_401_json_not_the_login_page(personas, client, place):
    response = post(client, TAP, tap_body(personas, place))
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert "Logg inn" in response.json()["error"]
    assert post(client, UNDO, {"key": str(uuid.uuid4())}).status_code == 401
    assert not ContactTally.objects.exists()


def test_after_the_idle_timeout_a_tap_gets_401(personas, login, place):
    client = login(personas.field_c)
    assert post(client, TAP, tap_body(personas, place)).status_code == 201
    # 30 minutes without a request: the session has expired.
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = post(client, TAP, tap_body(personas, place))
    assert response.status_code == 401 and "Location" not in response
    assert ContactTally.objects.count() == 1


@pytest.mark.parametrize("persona", ["los_a", "leader_a", "partner", "analyst", "admin"])
def test_without_fieldwork_a_tap_is_404(personas, login, place, persona):
    response = post(login(getattr(personas, persona)), TAP, tap_body(personas, place))
    assert response.status_code == 404
    assert not ContactTally.objects.exists()


def test_a_unit_she_does_not_work_in_is_404(personas, login, place):
    body = tap_body(personas, place, unit=personas.unit_a.pk)
    assert post(login(personas.field_c), TAP, body).status_code == 404
    assert not ContactTally.objects.exists()


@pytest.mark.parametrize("persona", ["los_a", "partner", "analyst"])
def test_the_services_refuse_without_fieldwork(personas, place, persona):
    actor = getattr(personas, persona)
    with pytest.raises(PermissionDenied):
        tally_services.tally_tap(
            actor=actor,
            key=uuid.uuid4(),
            unit_id=personas.unit_c.pk,
            place_id=place.pk,
            channel="field",
            gender="girl",
            age_group="vgs",
            depth=1,
            tapped_at=timezone.now(),
        )
    with pytest.raises(PermissionDenied):
        tally_services.tally_enter(
            actor=actor,
            unit_id=personas.unit_c.pk,
            on_date=timezone.localdate(),
            shift_id=None,
            place_id=place.pk,
            channel="field",
            depth=1,
            counts={("girl", "vgs"): 3},
        )
    fred_tap, _ = tally_services.tally_tap(
        actor=personas.field_c,
        key=uuid.uuid4(),
        unit_id=personas.unit_c.pk,
        place_id=place.pk,
        channel="field",
        gender="girl",
        age_group="vgs",
        depth=1,
        tapped_at=timezone.now(),
    )
    with pytest.raises(PermissionDenied):
        tally_services.tally_undo(actor=actor, key=fred_tap.key)
    assert live().count() == 1


@pytest.mark.parametrize(
    ("offset", "status"),
    [
        (timedelta(minutes=4), 201),
        (timedelta(minutes=6), 400),
        (-timedelta(days=6, hours=23), 201),
        (-timedelta(days=7, minutes=5), 400),
    ],
)
def test_a_taps_time_is_at_most_5_minutes_ahead_and_7_days_old(
    personas, login, place, offset, status
):
    at = timezone.localtime() + offset
    response = post(
        login(personas.field_c), TAP, tap_body(personas, place, tapped_at=at.isoformat())
    )
    assert response.status_code == status, response.content
    if status == 400:
        assert response.json()["error"].startswith("Trykket ble ikke lagret")


def test_a_time_without_its_zone_is_refused(personas, login, place):
    naive = timezone.localtime().replace(tzinfo=None).isoformat()
    response = post(login(personas.field_c), TAP, tap_body(personas, place, tapped_at=naive))
    assert response.status_code == 400
    assert "tidssone" in response.json()["error"]


def test_a_retired_place_takes_no_taps(personas, login, place):
    place.active = False
    place.save()
    response = post(login(personas.field_c), TAP, tap_body(personas, place))
    assert response.status_code == 400
    assert not ContactTally.objects.exists()


def test_late_taps_of_an_evening_shift_count_on_the_next_day(personas, login, place):
    """A shift from 16:00 to 01:00: a tap at 23:50 counts on the shift's first day, one at
    00:30 on the next; both belong to the shift."""
    day = timezone.localdate() - timedelta(days=2)
    start = timezone.make_aware(datetime.combine(day, time(16)))
    shift = Shift.objects.create(
        unit=personas.unit_c,
        starts_at=start,
        ends_at=start + timedelta(hours=9),
        created_by=personas.field_c,
    )
    shift.workers.add(personas.field_c)
    client = login(personas.field_c)
    # In UTC the two taps are on the same day (22:50Z and 23:30Z in winter): the local date
    # decides.
    evening = timezone.make_aware(datetime.combine(day, time(23, 50)))
    night = timezone.make_aware(datetime.combine(day + timedelta(days=1), time(0, 30)))
    for at in (evening, night):
        utc = at.astimezone(UTC).isoformat()
        assert post(client, TAP, tap_body(personas, place, tapped_at=utc)).status_code == 201
    dates = dict(ContactTally.objects.values_list("tapped_at", "date"))
    assert dates[evening] == day
    assert dates[night] == day + timedelta(days=1)
    assert set(ContactTally.objects.values_list("shift", flat=True)) == {shift.pk}


def test_a_tap_outside_her_shifts_has_no_shift(personas, login, place):
    other = User.objects.create_user(username="olga_c", password="x" * 12)
    start = timezone.now() - timedelta(hours=1)
    shift = Shift.objects.create(
        unit=personas.unit_c, starts_at=start, ends_at=start + timedelta(hours=3), created_by=other
    )
    shift.workers.add(other)  # a shift now, but not hers
    assert post(login(personas.field_c), TAP, tap_body(personas, place)).status_code == 201
    assert ContactTally.objects.get().shift is None
