"""Arbitrary input to every form: always a 4xx or a redirect with a message, never a 500, and
nothing half-written left behind."""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ungsam.org.models import Membership, PartnerOrganization, Place, Unit, User

text = st.text(max_size=300)  # includes NUL, control characters and any unicode
maybe_text = st.one_of(st.none(), text, st.integers().map(str))
HYPOTHESIS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def post_data(**fields):
    return st.fixed_dictionaries({}, optional=fields).map(
        lambda d: {k: v for k, v in d.items() if v is not None}
    )


def snapshot():
    models = (User, Membership, Unit, PartnerOrganization, Place)
    return tuple(m.objects.count() for m in models)


def assert_rejected_cleanly(client, url, data):
    """A redirect means the input was good; anything else must be a 400 that wrote nothing."""
    before = snapshot()
    response = client.post(url, data)
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert snapshot() == before


@pytest.fixture
def admin_client(personas, login):
    return login(personas.admin)


@HYPOTHESIS
@given(
    data=post_data(
        username=maybe_text,
        first_name=maybe_text,
        last_name=maybe_text,
        email=maybe_text,
        password=maybe_text,
        role=st.one_of(st.sampled_from(["caseworker", "admin", "partner", "x"]), text),
        unit=maybe_text,
        partner=maybe_text,
    )
)
def test_it_answers_bad_input_to_user_create_with_4xx(admin_client, data):
    assert_rejected_cleanly(admin_client, "/brukere/ny/", data)


@HYPOTHESIS
@given(data=post_data(role=maybe_text, unit=maybe_text, partner=maybe_text))
def test_it_answers_bad_input_to_membership_add_with_4xx(admin_client, personas, data):
    assert_rejected_cleanly(admin_client, f"/brukere/{personas.los_b.pk}/", data)


@HYPOTHESIS
@given(data=post_data(name=maybe_text, kind=maybe_text, district=maybe_text))
@pytest.mark.parametrize("url", ["enheter", "samarbeidsparter", "steder"])
def test_it_answers_bad_input_to_organization_forms_with_4xx(admin_client, url, data):
    assert_rejected_cleanly(admin_client, f"/organisasjon/{url}/ny/", data)


@HYPOTHESIS
@given(
    data=post_data(
        actor=maybe_text,
        action=maybe_text,
        youth=maybe_text,
        date_from=maybe_text,
        date_to=maybe_text,
        side=maybe_text,
    )
)
def test_it_answers_bad_audit_filters_with_4xx(personas, login, data):
    response = login(personas.leader_a).get("/logg/", data)
    assert response.status_code in (200, 400)


@HYPOTHESIS
@given(q=text, side=maybe_text)
def test_it_survives_any_search_text(personas, login, q, side):
    params = {"q": q, **({"side": side} if side is not None else {})}
    client = login(personas.leader_a)
    assert client.get("/ungdom/", params).status_code == 200
    assert client.get("/brukere/", params).status_code == 200


@HYPOTHESIS
@given(data=post_data(login=maybe_text, password=maybe_text))
def test_it_answers_bad_login_input_without_error(client, personas, data):
    response = client.post("/konto/login/", data)
    assert response.status_code in (200, 400, 429)
    assert "_auth_user_id" not in client.session


# --- Text-direction controls in names (issue 12, section 3) ---------------------------------

BIDI = [chr(c) for c in range(0x202A, 0x202F)] + [chr(c) for c in range(0x2066, 0x206A)]
BIDI += ["\u200e", "\u200f"]
BIDI_MESSAGE = "usynlige tegn som endrer skriveretningen"
# A name without control characters, to put one invisible character into.
plain_name = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs")), min_size=1, max_size=40
).filter(lambda s: s.strip())


@st.composite
def name_with_bidi(draw):
    name = draw(plain_name)
    at = draw(st.integers(min_value=0, max_value=len(name)))
    return name[:at] + draw(st.sampled_from(BIDI)) + name[at:]


@HYPOTHESIS
@given(first_name=name_with_bidi(), last_name=plain_name)
def test_it_refuses_bidi_controls_in_a_new_users_name(
    admin_client, personas, first_name, last_name
):
    data = {
        "username": "nina.ny",
        "first_name": first_name,
        "last_name": last_name,
        "password": "et-langt-passord-2026",
        "role": "caseworker",
        "unit": personas.unit_a.pk,
    }
    before = snapshot()
    response = admin_client.post("/brukere/ny/", data)
    assert response.status_code == 400
    assert BIDI_MESSAGE in response.content.decode()
    assert snapshot() == before


@HYPOTHESIS
@given(name=name_with_bidi())
def test_it_refuses_bidi_controls_in_a_units_name(admin_client, personas, name):
    response = admin_client.post(
        f"/organisasjon/enheter/{personas.unit_a.pk}/", {"name": name, "kind": "los"}
    )
    assert response.status_code == 400
    assert BIDI_MESSAGE in response.content.decode()
    personas.unit_a.refresh_from_db()
    assert personas.unit_a.name == "Los A"


@HYPOTHESIS
@given(first_name=name_with_bidi())
def test_it_refuses_bidi_controls_when_a_name_is_changed(admin_client, personas, first_name):
    data = {"first_name": first_name, "last_name": "Testperson", "email": ""}
    response = admin_client.post(f"/brukere/{personas.los_a.pk}/endre/", data)
    assert response.status_code == 400
    assert BIDI_MESSAGE in response.content.decode()
    personas.los_a.refresh_from_db()
    assert personas.los_a.first_name == "Lise"


def test_it_keeps_names_in_any_script(admin_client, personas):
    """Right-to-left letters are welcome; only the invisible controls are refused."""
    data = {"first_name": "مريم", "last_name": "Ødegård-Nguyễn", "email": ""}
    response = admin_client.post(f"/brukere/{personas.los_a.pk}/endre/", data)
    assert response.status_code == 302


# --- Dates a filter cannot turn into a moment ---------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["date_to=9999-12-31", "date_from=0001-01-01", "date_from=0001-01-01&date_to=9999-12-31"],
)
def test_it_answers_dates_out_of_range_with_400_in_norwegian(personas, login, query):
    response = login(personas.leader_a).get(f"/logg/?{query}")
    assert response.status_code == 400
    assert "Velg en dato mellom 01.01.2000 og 31.12.2999." in response.content.decode()


# Any day, with the ends of the calendar (where a day plus the time zone overflows) well drawn.
any_day = st.one_of(
    st.dates(max_value=date(1, 1, 31)), st.dates(min_value=date(9999, 12, 1)), st.dates()
)


@HYPOTHESIS
@given(day=any_day)
def test_it_answers_any_date_without_error(personas, login, day):
    client = login(personas.leader_a)
    for name in ("date_from", "date_to"):
        assert client.get("/logg/", {name: day.isoformat()}).status_code in (200, 400)


# --- The new forms --------------------------------------------------------------------------


@HYPOTHESIS
@given(data=post_data(first_name=maybe_text, last_name=maybe_text, email=maybe_text))
def test_it_answers_bad_input_to_user_edit_with_4xx(admin_client, personas, data):
    assert_rejected_cleanly(admin_client, f"/brukere/{personas.los_a.pk}/endre/", data)


@HYPOTHESIS
@given(data=post_data(name=maybe_text, kind=maybe_text, district=maybe_text, active=maybe_text))
@pytest.mark.parametrize("url", ["enheter", "samarbeidsparter"])
def test_it_answers_bad_input_to_organization_edits_with_4xx(admin_client, personas, url, data):
    pk = personas.unit_b.pk if url == "enheter" else personas.school.pk
    assert_rejected_cleanly(admin_client, f"/organisasjon/{url}/{pk}/", data)


@HYPOTHESIS
@given(data=post_data(later=maybe_text, ends_on=maybe_text))
def test_it_answers_bad_input_to_end_role_with_4xx(admin_client, personas, data):
    role = Membership.objects.get(user=personas.los_b)
    response = admin_client.post(f"/medlemskap/{role.pk}/avslutt/", data)
    assert response.status_code in (302, 400)
