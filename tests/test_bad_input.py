"""Arbitrary input to every form: always a 4xx or a redirect with a message, never a 500, and
nothing half-written left behind."""

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
