"""The tally page and the entry afterwards: places in the order she wants them, never a retired
one; the grid's counts in one query however many taps there are; the grid as a plain form
without script; contacts entered afterwards all or nothing; and bad input on the JSON endpoint
never a 500."""

import json
import re
import uuid
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ungsam.org.models import Area, Place, Unit
from ungsam.outreach.models import ContactTally, Shift
from ungsam.outreach.tally_forms import cell_name

PAGE = reverse("outreach:tally")
ENTRY = reverse("outreach:tally_entry")


@pytest.fixture
def places(personas):
    m = personas.municipality
    north = Area.objects.create(municipality=m, name="Nord")
    south = Area.objects.create(municipality=m, name="Sør")
    return {
        "torget": Place.objects.create(municipality=m, name="Torget", kind="street", area=south),
        "skolen": Place.objects.create(municipality=m, name="Skolen", kind="school", area=north),
        "stasjonen": Place.objects.create(
            municipality=m, name="Stasjonen", kind="station", area=south
        ),
        "klubben": Place.objects.create(
            municipality=m, name="Klubben", kind="youth_club", area=north
        ),
        "gamle": Place.objects.create(
            municipality=m, name="Gamle klubben", kind="youth_club", area=north, active=False
        ),
    }


def tally(personas, place, n=1, **fields):
    values = dict(
        unit=personas.unit_c,
        place=place,
        tapped_at=timezone.now(),
        date=timezone.localdate(),
        channel="field",
        gender="girl",
        age_group="vgs",
        recorded_by=personas.field_c,
    )
    values.update(fields)
    return ContactTally.objects.bulk_create([ContactTally(**values) for _ in range(n)])


def place_names(response) -> list[str]:
    return re.findall(r'class="ds-button tally-place-link"[^>]*>([^<]+)', response.content.decode())


def test_places_come_last_used_first_then_her_shift_then_by_area(personas, login, places):
    client = login(personas.field_c)
    # No tap, no shift: by area (Nord before Sør), then name; the retired place never.
    assert [n.strip() for n in place_names(client.get(PAGE))] == [
        "Klubben",
        "Skolen",
        "Stasjonen",
        "Torget",
    ]
    start = timezone.now() - timedelta(hours=1)
    shift = Shift.objects.create(
        unit=personas.unit_c,
        starts_at=start,
        ends_at=start + timedelta(hours=8),
        created_by=personas.field_c,
    )
    shift.workers.add(personas.field_c)
    shift.areas.add(places["torget"].area)
    tally(personas, places["skolen"], tapped_at=timezone.now() - timedelta(minutes=3))
    response = client.get(PAGE)
    assert [n.strip() for n in place_names(response)] == [
        "Skolen",  # her last place
        "Stasjonen",  # her shift's area (Sør)
        "Torget",
        "Klubben",
    ]
    assert "Gamle klubben" not in response.content.decode()


def test_a_retired_or_foreign_place_is_404(personas, login, places):
    client = login(personas.field_c)
    assert client.get(PAGE, {"sted": places["gamle"].pk}).status_code == 404
    assert client.get(PAGE, {"sted": "x"}).status_code == 404


def test_each_cell_shows_the_units_count_today_at_the_place(personas, login, places):
    tally(personas, places["torget"], 3, gender="boy", age_group="ungdomsskole")
    tally(personas, places["torget"], 1, gender="boy", age_group="ungdomsskole", count=4)
    tally(
        personas,
        places["torget"],
        2,
        gender="boy",
        age_group="ungdomsskole",
        undone_at=timezone.now(),
    )
    tally(personas, places["skolen"], 5, gender="boy", age_group="ungdomsskole")
    yesterday = timezone.now() - timedelta(days=1)
    tally(
        personas,
        places["torget"],
        5,
        gender="boy",
        age_group="ungdomsskole",
        tapped_at=yesterday,
        date=timezone.localdate(yesterday),
    )
    html = login(personas.field_c).get(PAGE, {"sted": places["torget"].pk}).content.decode()
    cell = re.search(r'value="boy:ungdomsskole"[^>]*>.*?tally-count">(\d+)<', html)
    assert cell and cell.group(1) == "7"


def test_the_page_makes_the_same_queries_however_many_taps(
    personas, login, places, django_assert_max_num_queries
):
    client = login(personas.field_c)
    url = f"{PAGE}?sted={places['torget'].pk}"
    tally(personas, places["torget"], 2)
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    tally(personas, places["torget"], 60, gender="boy")
    tally(personas, places["skolen"], 60)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert len(re.findall(r'name="undo"', response.content.decode())) == 8  # her latest, not all


def test_without_script_the_grid_is_a_form_saved_once(personas, login, places):
    client = login(personas.field_c)
    form = {
        "key": str(uuid.uuid4()),
        "place": places["torget"].pk,
        "channel": "social_media",
        "depth": "2",
        "cell": "other:over18",
    }
    response = client.post(PAGE, form)
    assert response.status_code == 302
    assert f"sted={places['torget'].pk}" in response["Location"]
    assert "kanal=social_media" in response["Location"]
    client.post(PAGE, form)  # the same page posted again (a double tap on a slow network)
    saved = ContactTally.objects.get()
    assert (saved.gender, saved.age_group, saved.channel, saved.depth) == (
        "other",
        "over18",
        "social_media",
        2,
    )
    client.post(PAGE, {"undo": str(saved.key), "place": places["torget"].pk})
    saved.refresh_from_db()
    assert saved.undone_at is not None


def entry_form(place, **changes):
    data = {
        "on_date": (timezone.localdate() - timedelta(days=3)).isoformat(),
        "place": place.pk,
        "channel": "field",
        "depth": "1",
        cell_name("girl", "ungdomsskole"): "12",
        cell_name("boy", "vgs"): "7",
    }
    data.update(changes)
    return data


def test_contacts_entered_afterwards_are_rows_with_counts(personas, login, places):
    start = timezone.now() - timedelta(days=3, hours=5)
    shift = Shift.objects.create(
        unit=personas.unit_c,
        starts_at=start,
        ends_at=start + timedelta(hours=4),
        created_by=personas.field_c,
    )
    client = login(personas.field_c)
    assert client.get(ENTRY).status_code == 200
    response = client.post(ENTRY, entry_form(places["klubben"], shift=shift.pk, depth="3"))
    assert response.status_code == 302
    rows = {(t.gender, t.age_group): t for t in ContactTally.objects.all()}
    assert {k: t.count for k, t in rows.items()} == {
        ("girl", "ungdomsskole"): 12,
        ("boy", "vgs"): 7,
    }
    assert {t.date for t in rows.values()} == {timezone.localdate() - timedelta(days=3)}
    assert {t.shift_id for t in rows.values()} == {shift.pk}
    assert {t.depth for t in rows.values()} == {3}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({cell_name("other", "unknown"): "-1"}, "større enn eller lik 0"),
        ({cell_name("girl", "vgs"): "tusen"}, "heltall"),
        ({"on_date": (timezone.localdate() + timedelta(days=1)).isoformat()}, "fram i tid"),
        ({"on_date": "2001-01-01"}, "siste året"),
        ({"shift": "999999"}, "Velg et gyldig valg"),
        ({cell_name("girl", "ungdomsskole"): "", cell_name("boy", "vgs"): "0"}, "minst én"),
    ],
)
def test_an_entry_is_all_or_nothing_with_a_norwegian_message(
    personas, login, places, changes, message
):
    response = login(personas.field_c).post(ENTRY, entry_form(places["torget"], **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ContactTally.objects.exists()


def test_an_entry_cannot_name_another_units_shift(personas, login, places):
    """The form lists her unit's shifts; the service checks again."""
    from ungsam.outreach import tally_services

    start = timezone.now() - timedelta(days=1)
    other_unit = Unit.objects.create(
        municipality=personas.municipality, name="Ute D", kind="outreach"
    )
    shift = Shift.objects.create(
        unit=other_unit,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        created_by=personas.field_c,
    )
    with pytest.raises(Exception) as refused:
        tally_services.tally_enter(
            actor=personas.field_c,
            unit_id=personas.unit_c.pk,
            on_date=timezone.localdate(),
            shift_id=shift.pk,
            place_id=places["torget"].pk,
            channel="field",
            depth=1,
            counts={("girl", "vgs"): 2},
        )
    assert "shift" in refused.value.message_dict
    assert not ContactTally.objects.exists()


JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(["girl", "vgs", "field", "2026-11-26T12:00:00+01:00", "9999-12-31T23:59:59Z"]),
)
JSON_VALUES = st.recursive(JSON_SCALARS, lambda inner: st.lists(inner, max_size=3), max_leaves=5)
FIELDS = ["key", "unit", "place", "channel", "gender", "age_group", "depth", "tapped_at"]


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=st.one_of(
        st.dictionaries(st.sampled_from(FIELDS + ["x"]), JSON_VALUES, max_size=9),
        JSON_VALUES,
        st.binary(max_size=60).map(lambda b: b),
    )
)
def test_bad_input_on_the_json_endpoint_is_never_a_500(personas, places, body):
    client = Client(raise_request_exception=False)
    client.force_login(personas.field_c)
    raw = body if isinstance(body, bytes) else json.dumps(body, allow_nan=True)
    for url in (reverse("outreach:tally_tap"), reverse("outreach:tally_undo")):
        response = client.post(url, raw, content_type="application/json")
        assert response.status_code in (200, 201, 400, 404, 409), (url, raw, response.content)
        if response.status_code == 400:
            assert response.json()["error"]


FORM_TEXT = st.one_of(st.text(max_size=30), st.integers(-(2**65), 2**65).map(str))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    form=st.dictionaries(
        st.sampled_from(
            ["key", "place", "channel", "depth", "cell", "undo", "enhet", "on_date", "shift"]
            + [cell_name("girl", "vgs"), cell_name("boy", "unknown")]
        ),
        FORM_TEXT,
        max_size=8,
    )
)
def test_bad_input_on_the_forms_is_never_a_500(personas, places, form):
    client = Client(raise_request_exception=False)
    client.force_login(personas.field_c)
    before = ContactTally.objects.count()
    response = client.post(PAGE, form)
    assert response.status_code in (302, 404), (form, response.status_code)
    entry = client.post(ENTRY, form)
    assert entry.status_code in (302, 400, 404), (form, entry.status_code)
    if entry.status_code != 302:
        # Nothing half-written: at most the one contact the grid's form may have saved.
        assert ContactTally.objects.count() <= before + 1
