"""OT asks outreach to find a youth it cannot reach (issue 18, point 5; seed 002: outreach is
rarely asked, though it could): the request, what the asked team sees (only while it is open,
only its own unit's, no protected address), the answer back to OT and OT marking it seen;
refusals from the services themselves, the audit rows and the list's query count."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import give_totp
from ungsam.access.audit import SystemActor
from ungsam.access.models import AuditEvent, AuditSubject
from ungsam.cases.models import CaseContact
from ungsam.org.models import Membership, Unit, User
from ungsam.ot import find_services as services
from ungsam.ot.models import FindRequest, OTCoverage
from ungsam.ot.register_services import register_youth

ASKED = "Sett ved stasjonen på kveldstid. To brev og tre SMS uten svar."


def _register(p, first="Olav", *, protected=False, phone="40000001"):
    registration = register_youth(
        actor=SystemActor("test"),
        home_municipality=p.municipality,
        youth={
            "first_name": first,
            "last_name": "Fiktivsen",
            "birth_date": date(2008, 2, 2),
            "phone": phone,
            "address": "Skjultveien 9",
            "protected_address": protected,
        },
        source="manual",
    ).registration
    CaseContact.objects.create(case=registration.case, user=p.los_b, primary=True)
    return registration


def _person(p, username, role, unit):
    user = User.objects.create_user(username=username, password="riktig-passord-123")
    Membership.objects.create(
        status="direct",
        user=user,
        municipality=p.municipality,
        role=role,
        unit=unit,
        starts_on=date(2025, 1, 1),
    )
    give_totp(user)
    return user


@pytest.fixture
def ot(personas):
    """OT B serves Testvik; Olav is on its register (Bea his contact person). Outreach unit C
    (Fred, and Lars its leader) may be asked; so may Ute D (Dina), another team."""
    p = personas
    OTCoverage.objects.create(unit=p.unit_b, municipality=p.municipality)
    p.registration = _register(p)
    p.lars_c = _person(p, "lars_c", "leader", p.unit_c)
    p.unit_d = Unit.objects.create(municipality=p.municipality, name="Ute D", kind="outreach")
    p.dina_d = _person(p, "dina_d", "field_worker", p.unit_d)
    return p


def _send(p, registration=None, unit=None):
    return services.find_request_send(
        actor=p.los_b,
        registration_id=(registration or p.registration).pk,
        outreach_unit_id=(unit or p.unit_c).pk,
        asked=ASKED,
    )


def test_it_sends_a_request_that_only_the_asked_team_sees(ot, login):
    client = login(ot.los_b)
    response = client.post(
        reverse("ot:find_requests", args=[ot.registration.pk]),
        {"outreach_unit": ot.unit_c.pk, "asked": ASKED},
    )
    assert response.status_code == 302
    found = FindRequest.objects.get()
    assert (found.outreach_unit, found.sent_by, found.asked) == (ot.unit_c, ot.los_b, ASKED)

    page = login(ot.field_c).get(reverse("ot:find_list"))
    assert "Olav" in page.content.decode() and "40000001" in page.content.decode()
    detail = login(ot.lars_c).get(reverse("ot:find_assignment", args=[found.pk]))
    assert "Skjultveien 9" in detail.content.decode() and ASKED in detail.content.decode()
    # Another outreach team: not in its list, and the request answers 404 like a missing one.
    other = login(ot.dina_d)
    assert "Olav" not in other.get(reverse("ot:find_list")).content.decode()
    assert other.get(reverse("ot:find_assignment", args=[found.pk])).status_code == 404


def test_the_answer_returns_to_ot_and_hides_her_from_the_team(ot, login):
    found = _send(ot)
    response = login(ot.field_c).post(
        reverse("ot:find_assignment", args=[found.pk]),
        {"answer": "new_contact", "note": "Snakket med ham på stasjonen."},
    )
    assert response.status_code == 302
    found.refresh_from_db()
    assert (found.answer, found.answered_by) == ("new_contact", ot.field_c)

    team = login(ot.field_c)
    assert "Olav" not in team.get(reverse("ot:find_list")).content.decode()
    after = team.get(reverse("ot:find_assignment", args=[found.pk])).content.decode()
    assert "Olav" not in after and "Skjultveien" not in after and ASKED not in after

    ot_side = login(ot.los_b)
    answers = ot_side.get(reverse("ot:find_answers")).content.decode()
    assert "Olav" in answers and "Snakket med ham" in answers
    assert ot_side.post(reverse("ot:find_seen", args=[found.pk])).status_code == 302
    found.refresh_from_db()
    assert found.seen_at is not None
    assert "Olav" not in ot_side.get(reverse("ot:find_answers")).content.decode()
    page = ot_side.get(reverse("ot:find_requests", args=[ot.registration.pk])).content.decode()
    assert "Snakket med ham" in page


def test_a_second_open_request_to_the_same_team_is_refused(ot):
    _send(ot)
    with pytest.raises(ValidationError) as refused:
        _send(ot)
    assert set(refused.value.message_dict) == {"outreach_unit"}
    assert FindRequest.objects.count() == 1
    _send(ot, unit=ot.unit_d)  # another team may be asked at the same time
    assert FindRequest.objects.count() == 2


def test_the_database_holds_one_open_request_per_team(ot):
    first = _send(ot)
    with pytest.raises(IntegrityError), transaction.atomic():
        FindRequest.objects.create(
            registration=ot.registration, outreach_unit=ot.unit_c, asked=ASKED, sent_by=ot.los_b
        )
    services.find_request_answer(actor=ot.field_c, request_id=first.pk, answer="not_found")
    _send(ot)  # answered: the team may be asked again
    assert FindRequest.objects.count() == 2


def test_a_team_outside_her_municipalities_cannot_be_asked(ot):
    from ungsam.org.models import Municipality

    far = Municipality.objects.create(name="Fjernvik", number="9997")
    far_team = Unit.objects.create(municipality=far, name="Ute Fjern", kind="outreach")
    with pytest.raises(ValidationError) as refused:
        _send(ot, unit=far_team)
    assert set(refused.value.message_dict) == {"outreach_unit"}
    assert not FindRequest.objects.exists()


def test_the_services_refuse_who_may_not(ot):
    # Sending: only the registration case's writers (Fred in outreach, Lise in los: 404).
    for outsider in (ot.field_c, ot.los_a, ot.partner):
        with pytest.raises(Http404):
            services.find_request_send(
                actor=outsider,
                registration_id=ot.registration.pk,
                outreach_unit_id=ot.unit_c.pk,
                asked=ASKED,
            )
    assert not FindRequest.objects.exists()
    found = _send(ot)
    # Answering: only the asked team (not OT, not another team).
    for outsider in (ot.los_b, ot.dina_d, ot.leader_a):
        with pytest.raises(Http404):
            services.find_request_answer(actor=outsider, request_id=found.pk, answer="found")
    found.refresh_from_db()
    assert found.answered_at is None
    services.find_request_answer(actor=ot.field_c, request_id=found.pk, answer="not_found")
    # Marking seen: OT's side only.
    with pytest.raises(Http404):
        services.find_answer_seen(actor=ot.field_c, request_id=found.pk)
    found.refresh_from_db()
    assert found.seen_at is None


def test_a_protected_address_is_never_shown_to_the_team(ot, login):
    protected = _register(ot, "Pia", protected=True)
    found = _send(ot, registration=protected)
    client = login(ot.field_c)
    for url in (reverse("ot:find_list"), reverse("ot:find_assignment", args=[found.pk])):
        body = client.get(url).content.decode()
        assert "Pia" in body and "Skjultveien" not in body


def test_every_read_by_the_team_is_audited_on_its_own_ground(ot, login):
    found = _send(ot)
    youth_id = ot.registration.case.youth_id
    client = login(ot.field_c)
    client.get(reverse("ot:find_list"))
    client.get(reverse("ot:find_assignment", args=[found.pk]))
    rows = AuditSubject.objects.filter(youth_id=youth_id, event__actor=ot.field_c)
    assert {(s.event.action, s.basis) for s in rows} == {
        ("list", "find_request"),
        ("view", "find_request"),
    }
    services.find_request_answer(actor=ot.field_c, request_id=found.pk, answer="found")
    update = AuditEvent.objects.filter(actor=ot.field_c, action="update").get()
    assert update.subjects.get().basis == "find_request"
    assert update.fields == ["answer", "answer_note"]


def test_the_teams_list_costs_the_same_for_3_and_30_requests(ot, login):
    client = login(ot.field_c)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("ot:find_list")).status_code == 200
        return len(queries)

    count()  # the first request of a session reads more (its roles, its second factor)
    for i in range(3):
        _send(ot, registration=_register(ot, f"Ung{i}"))
    few = count()
    for i in range(3, 30):
        _send(ot, registration=_register(ot, f"Ung{i}"))
    assert count() == few


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(answer=st.text(max_size=20), note=st.text(max_size=50))
def test_a_bad_answer_gets_a_form_error_never_a_500(ot, login, answer, note):
    found = FindRequest.objects.filter(answered_at__isnull=True).first() or _send(ot)
    response = login(ot.field_c).post(
        reverse("ot:find_assignment", args=[found.pk]), {"answer": answer, "note": note}
    )
    assert response.status_code in (302, 400)
