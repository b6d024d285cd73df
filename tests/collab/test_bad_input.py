"""Arbitrary input to the consent forms and the coverage check: a 4xx or a redirect, never a
500, and never a half-written consent."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ungsam.collab.models import Consent, ConsentCategory, ConsentGiver

text = st.text(max_size=200)
maybe = st.one_of(st.none(), text, st.integers().map(str))
CHECKS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def fields(**spec):
    return st.fixed_dictionaries({}, optional=spec).map(
        lambda d: {k: v for k, v in d.items() if v is not None}
    )


def counts():
    return Consent.objects.count(), ConsentCategory.objects.count(), ConsentGiver.objects.count()


@CHECKS
@given(
    data=fields(
        status=st.one_of(maybe, st.sampled_from(["given", "refused"])),
        partners=st.lists(maybe, max_size=3),
        units=st.lists(maybe, max_size=2),
        categories=st.lists(st.one_of(maybe, st.sampled_from(["plan", "school_data"])), max_size=3),
        sharing_purpose=maybe,
        given_by_youth=maybe,
        guardians=st.lists(maybe, max_size=2),
        given_as=st.one_of(maybe, st.sampled_from(["written", "oral"])),
        valid_from=st.one_of(maybe, st.dates().map(str)),
        valid_until=st.one_of(maybe, st.dates().map(str)),
        note=maybe,
    )
)
def test_any_input_to_the_consent_form_is_4xx_or_a_whole_consent(personas, login, data):
    before = counts()
    response = login(personas.los_a).post(
        f"/saker/{personas.youth_a.cases.get().pk}/samtykke/nytt/", data
    )
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert counts() == before
    else:
        consent = Consent.objects.order_by("-id").first()
        assert consent.categories.exists()
        assert consent.partners.exists() or consent.units.exists()


@CHECKS
@given(
    data=fields(withdrawn_by=maybe, withdrawn_by_name=maybe, reason=maybe),
    query=fields(recipient=maybe, category=maybe),
)
def test_any_withdrawal_or_check_input_is_4xx_or_done(personas, login, record, data, query):
    consent = record()
    client = login(personas.los_a)
    case_pk = consent.case_id
    response = client.post(f"/saker/{case_pk}/samtykke/{consent.pk}/trekk-tilbake/", data)
    assert response.status_code in (302, 400)
    consent.refresh_from_db()
    assert (consent.withdrawn_at is not None) == (response.status_code == 302)
    assert client.get(f"/saker/{case_pk}/samtykke/", query).status_code in (200, 400)


def team_counts():
    from ungsam.collab.models import CareTeam, Handover, TeamMember

    return CareTeam.objects.count(), TeamMember.objects.count(), Handover.objects.count()


@CHECKS
@given(
    tail=st.sampled_from(["opprett/", "medlemmer/ny/", "koordinering/", "bti/", "overlevering/"]),
    data=fields(
        role=maybe,
        responsibility=maybe,
        seat=st.one_of(maybe, st.just("1:p1")),
        coordinating_service=st.one_of(maybe, st.sampled_from(["skole", "nav", ""])),
        child_coordinator=maybe,
        bti_level=st.one_of(maybe, st.sampled_from(["0", "3", "4", "-1"])),
        to_member=maybe,
        note=maybe,
    ),
)
def test_any_input_to_the_team_forms_is_4xx_or_a_redirect(personas, login, tail, data):
    case_pk = personas.youth_a.cases.get().pk
    before = team_counts()
    response = login(personas.los_a).post(f"/saker/{case_pk}/team/{tail}", data)
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert team_counts() == before
