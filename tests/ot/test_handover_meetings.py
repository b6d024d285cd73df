"""Fixed collaboration meetings around each youth on the OT register (issue 18, point 6; seed
002: "all who work directly with OT in an area should have fixed collaboration meetings"):
set up from the registration through the collaboration issue's own services — the team, its
rule, the first meeting — and refused to anyone who does not write on the case."""

from datetime import date, timedelta

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ungsam.access.audit import SystemActor
from ungsam.access.models import AuditEvent
from ungsam.cases.models import CaseContact
from ungsam.collab.models import CareTeam, Meeting, MeetingRule
from ungsam.ot import handover_services as services
from ungsam.ot.models import OTCoverage
from ungsam.ot.register_services import register_youth


@pytest.fixture
def registration(personas):
    p = personas
    OTCoverage.objects.create(unit=p.unit_b, municipality=p.municipality)
    found = register_youth(
        actor=SystemActor("test"),
        home_municipality=p.municipality,
        youth={"first_name": "Olav", "last_name": "Fiktivsen", "birth_date": date(2007, 4, 4)},
        source="manual",
    ).registration
    CaseContact.objects.create(case=found.case, user=p.los_b, primary=True)
    return found


def _when(days=10):
    return (timezone.localtime() + timedelta(days=days)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )


def test_it_sets_up_the_team_the_rule_and_the_first_meeting(personas, registration, login):
    client = login(personas.los_b)
    url = reverse("ot:handover_meetings", args=[registration.pk])
    response = client.post(
        url,
        {
            "every_weeks": "6",
            "starts_at": _when().strftime("%Y-%m-%dT%H:%M"),
            "place": "OT-kontoret",
        },
    )
    assert response.status_code == 302
    team = CareTeam.objects.get(case=registration.case)
    assert team.members.get().user == personas.los_b
    rule = MeetingRule.objects.get(team=team)
    assert (rule.every_weeks, rule.kind) == (6, "collaboration")
    meeting = Meeting.objects.get(team=team)
    assert (meeting.place, meeting.kind) == ("OT-kontoret", "collaboration")
    # Written by the collaboration issue's services: their own audit rows.
    assert {"collab.careteam", "collab.meetingrule", "collab.meeting"} <= set(
        AuditEvent.objects.filter(actor=personas.los_b).values_list("object_type", flat=True)
    )
    page = client.get(url).content.decode()
    assert "OT-kontoret" in page and reverse("collab:meetings", args=[registration.case_id]) in page

    # Again, with a meeting planned: the rule changes, no second meeting is planned.
    assert client.post(url, {"every_weeks": "4"}).status_code == 302
    rule.refresh_from_db()
    assert rule.every_weeks == 4 and Meeting.objects.filter(team=team).count() == 1


def test_the_first_meeting_needs_a_time(personas, registration, login):
    response = login(personas.los_b).post(
        reverse("ot:handover_meetings", args=[registration.pk]), {"every_weeks": "6"}
    )
    assert response.status_code == 400
    # All or nothing: no team without its meeting.
    assert not CareTeam.objects.exists() and not MeetingRule.objects.exists()


def test_the_service_refuses_who_does_not_write_on_the_case(personas, registration):
    for outsider in (personas.los_a, personas.leader_a, personas.field_c, personas.partner):
        with pytest.raises(Http404):
            services.collaboration_meetings_set_up(
                actor=outsider, registration_id=registration.pk, starts_at=_when(), place="Her"
            )
    assert not CareTeam.objects.exists() and not Meeting.objects.exists()


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    every_weeks=st.one_of(st.text(max_size=6), st.integers().map(str)),
    starts_at=st.one_of(st.text(max_size=20), st.just("9999-12-31T23:59"), st.just("")),
    place=st.text(max_size=30),
)
def test_bad_input_gets_a_form_error_never_a_500(
    personas, registration, login, every_weeks, starts_at, place
):
    response = login(personas.los_b).post(
        reverse("ot:handover_meetings", args=[registration.pk]),
        {"every_weeks": every_weeks, "starts_at": starts_at, "place": place},
    )
    assert response.status_code in (302, 400)
