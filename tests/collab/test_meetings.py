"""Meetings of the team around the youth: planned and held by the case's workers, their actions
given to a seat on the team (a partner's included) landing on the owner's dashboard and the
case's task list; the owner marks hers done from a page that shows only the youth's first
name; the relay log is read by partners only where a consent shares the plan; approved minutes
are fixed; the rule plans the next meeting; bad input is a Norwegian 4xx; query counts stay
constant as rows grow."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.collab.test_team import case_pk, key, text
from tests.conftest import give_totp
from ungsam.access.models import AuditEvent, Purpose
from ungsam.collab import meeting_services, services, team_services
from ungsam.collab.models import Meeting, MeetingAction, MeetingRule, TeamMember
from ungsam.org.models import Membership, User

P = Purpose.CASEWORK


def log_url(p, tail=""):
    return f"/saker/{case_pk(p)}/moter/{tail}"


def shared_url(p, tail=""):
    return f"/samarbeid/sak/{case_pk(p)}/moter/{tail}"


@pytest.fixture
def team(personas):
    """Anna's team: Lise (coordinator, unit A) and Sara (the school, a partner)."""
    team = team_services.team_create(
        actor=personas.los_a, purpose=P, case_id=case_pk(personas), role="Los"
    )
    team_services.team_member_add(
        actor=personas.los_a,
        purpose=P,
        case_id=case_pk(personas),
        seat_key=key(personas.partner, personas.school),
        role="Rådgiver",
    )
    return team


def seat_of(team, user):
    return TeamMember.objects.get(team=team, user=user, left_at__isnull=True)


def plan(p, *, days=-1, place="Skolen, møterom 2"):
    return meeting_services.meeting_plan(
        actor=p.los_a,
        purpose=P,
        case_id=case_pk(p),
        starts_at=timezone.now() + timedelta(days=days),
        place=place,
        kind="care_team",
        agenda="Oppmøte\nSommerjobb",
    )


def give(p, meeting, owner, text="Ring mor om timeplanen", days=7):
    return meeting_services.meeting_action_add(
        actor=p.los_a,
        purpose=P,
        case_id=case_pk(p),
        meeting_id=meeting.pk,
        text=text,
        owner_id=owner.pk,
        deadline=timezone.localdate() + timedelta(days=days),
    )


def share_plan(p, categories=("plan",)):
    return services.consent_record(
        actor=p.los_a, purpose=P, case_id=case_pk(p), status="given",
        partner_ids=[p.school.pk], unit_ids=[], categories=list(categories),
        sharing_purpose="Samarbeid i ansvarsgruppen.", given_by_youth=True, given_as="written",
    )  # fmt: skip


@pytest.fixture
def held(personas, team):
    """A meeting held yesterday with minutes, an action for Sara and one for Lise."""
    meeting = plan(personas)
    meeting_services.meeting_minutes_save(
        actor=personas.los_a,
        purpose=P,
        case_id=case_pk(personas),
        meeting_id=meeting.pk,
        minutes="Anna møtte, oppmøtet er bedre.",
        decisions="Skolen legger om timeplanen.",
    )
    give(personas, meeting, seat_of(team, personas.partner), "Legge om timeplanen")
    give(personas, meeting, seat_of(team, personas.los_a), "Søke fritidskort", days=-2)
    return meeting


def other_partner(p):
    user = User.objects.create_user(username="siri_skole", password="x" * 20, first_name="Siri")
    Membership.objects.create(
        status="direct", user=user, municipality=p.municipality, role="partner", partner=p.school
    )
    give_totp(user)
    return user


# --- Services refuse the wrong user ---------------------------------------------------------


def test_it_refuses_a_direct_call_by_the_wrong_user(personas, team, held):
    for actor in (personas.los_b, personas.partner, personas.analyst):
        with pytest.raises(Http404):
            meeting_services.meeting_plan(
                actor=actor, purpose=P, case_id=case_pk(personas),
                starts_at=timezone.now(), place="X", kind="care_team",
            )  # fmt: skip
        with pytest.raises(Http404):
            meeting_services.meeting_sign(
                actor=actor, purpose=P, case_id=case_pk(personas), meeting_id=held.pk
            )
    sara_action = MeetingAction.objects.get(owner__user=personas.partner)
    for actor in (personas.los_a, personas.leader_a, personas.los_b):
        with pytest.raises(Http404):
            meeting_services.meeting_action_done(actor=actor, purpose=P, action_id=sara_action.pk)
    with pytest.raises(Http404):
        meeting_services.unit_meeting_rule_set(
            actor=personas.los_a,
            purpose=P,
            unit_id=personas.unit_a.pk,
            every_weeks=8,
            kind="care_team",
        )
    assert not MeetingAction.objects.filter(done_at__isnull=False).exists()


def test_it_refuses_an_owner_who_is_not_on_the_team(personas, team, held):
    with pytest.raises(ValidationError):
        meeting_services.meeting_action_add(
            actor=personas.los_a, purpose=P, case_id=case_pk(personas), meeting_id=held.pk,
            text="Noe", owner_id=99999, deadline=timezone.localdate(),
        )  # fmt: skip


# --- Access: partners ------------------------------------------------------------------------


def test_it_answers_404_to_a_partner_without_a_seat(personas, login, team, held):
    share_plan(personas)
    siri = other_partner(personas)
    client = login(siri)
    for url in (shared_url, log_url):
        assert client.get(url(personas)).status_code == 404
        assert client.get(url(personas, f"{held.pk}/")).status_code == 404
    for action in MeetingAction.objects.all():
        assert client.get(f"/samarbeid/oppgaver/{action.pk}/").status_code == 404


def test_it_shows_the_record_to_a_seated_partner_only_when_the_plan_is_shared(
    personas, login, team, held
):
    client = login(personas.partner)
    assert client.get(shared_url(personas)).status_code == 404  # no consent
    share_plan(personas, categories=("school_data",))
    assert client.get(shared_url(personas)).status_code == 404  # not the plan
    share_plan(personas)
    response = client.get(shared_url(personas))
    assert response.status_code == 200
    assert client.get(shared_url(personas, f"{held.pk}/")).status_code == 200
    # The workers' pages never show her a shared case (ADR 0013).
    assert client.get(log_url(personas)).status_code == 404
    assert "Skolen legger om timeplanen." in text(response)
    assert "Planlegg møtet" not in text(response)  # she reads, never writes
    row = AuditEvent.objects.filter(actor=personas.partner, action="view").latest("id")
    assert row.subjects.get().basis == "consent"


def test_a_partner_always_sees_the_action_she_owns_and_no_more(personas, login, team, held):
    action = MeetingAction.objects.get(owner__user=personas.partner)
    response = login(personas.partner).get(f"/samarbeid/oppgaver/{action.pk}/")
    assert response.status_code == 200
    body = text(response)
    assert "Anna" in body and "Legge om timeplanen" in body
    assert "Fiktivsen" not in body  # the last name is not hers to see
    assert "oppmøtet er bedre" not in body  # nor the minutes


# --- The task lists ---------------------------------------------------------------------------


def test_it_shows_open_actions_on_the_owners_dashboard(personas, login, team, held):
    sara = login(personas.partner).get("/")
    assert "Legge om timeplanen" in text(sara)
    assert "Søke fritidskort" not in text(sara)
    lise = login(personas.los_a).get("/")
    assert "Søke fritidskort" in text(lise)
    assert "forsinket" in text(lise)  # two days past its deadline


def test_it_lists_open_actions_and_given_measures_on_the_case_task_list(
    personas, login, team, held
):
    response = login(personas.los_a).get(f"/saker/{case_pk(personas)}/")
    body = text(response)
    assert "Oppgaver" in body
    assert "Legge om timeplanen" in body and "Søke fritidskort" in body


def test_the_owner_marks_her_action_done(personas, login, team, held):
    action = MeetingAction.objects.get(owner__user=personas.partner)
    client = login(personas.partner)
    response = client.post(f"/samarbeid/oppgaver/{action.pk}/", {"note": "Gjort fra mandag."})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.done_at is not None and action.done_by == personas.partner
    assert "Legge om timeplanen" not in text(client.get("/"))
    again = client.post(f"/samarbeid/oppgaver/{action.pk}/", {"note": ""})
    assert again.status_code == 400 and "allerede" in text(again)
    lise = login(personas.los_a).get(f"/saker/{case_pk(personas)}/")
    assert "Legge om timeplanen" not in text(lise)


# --- Minutes are fixed, the rule plans the next -----------------------------------------------


def test_locked_minutes_cannot_be_edited(personas, login, team, held):
    meeting_services.meeting_sign(
        actor=personas.los_a, purpose=P, case_id=case_pk(personas), meeting_id=held.pk
    )
    with pytest.raises(ValidationError):
        meeting_services.meeting_minutes_save(
            actor=personas.los_a, purpose=P, case_id=case_pk(personas), meeting_id=held.pk,
            minutes="Omskrevet", decisions="",
        )  # fmt: skip
    held.refresh_from_db()
    held.minutes = "Omskrevet"
    with pytest.raises(Exception, match="never changed"):
        held.save()
    response = login(personas.los_a).post(
        log_url(personas, f"{held.pk}/referat/"), {"minutes": "Omskrevet", "decisions": ""}
    )
    assert response.status_code == 400
    assert "godkjent" in text(response)
    assert Meeting.objects.get(pk=held.pk).minutes == "Anna møtte, oppmøtet er bedre."
    amended = login(personas.los_a).post(
        log_url(personas, f"{held.pk}/tillegg/"), {"text": "Mor deltok på telefon."}
    )
    assert amended.status_code == 302
    assert "Mor deltok på telefon." in text(login(personas.los_a).get(log_url(personas)))


def test_the_rule_plans_the_next_meeting(personas, team, held):
    meeting_services.meeting_rule_set(
        actor=personas.los_a, purpose=P, case_id=case_pk(personas), every_weeks=8, kind="care_team"
    )
    meeting_services.meeting_sign(
        actor=personas.los_a, purpose=P, case_id=case_pk(personas), meeting_id=held.pk
    )
    following = Meeting.objects.exclude(pk=held.pk).get()
    assert following.from_rule and following.starts_at == held.starts_at + timedelta(weeks=8)
    assert following.participants.count() == 2


def test_the_units_default_rule_plans_when_the_team_has_none(personas, login, team, held):
    response = login(personas.leader_a).post(
        f"/samarbeid/moteregel/enhet/{personas.unit_a.pk}/", {"every_weeks": 6, "kind": "care_team"}
    )
    assert response.status_code == 302
    assert MeetingRule.objects.get(unit=personas.unit_a).every_weeks == 6
    meeting_services.meeting_sign(
        actor=personas.los_a, purpose=P, case_id=case_pk(personas), meeting_id=held.pk
    )
    following = Meeting.objects.exclude(pk=held.pk).get()
    assert following.starts_at == held.starts_at + timedelta(weeks=6)


def test_the_coordinator_sees_overdue_planned_meetings(personas, login, team):
    plan(personas, days=-3, place="Rådhuset")
    client = login(personas.los_a)
    assert "uten godkjent referat" in text(client.get(log_url(personas)))
    assert "Rådhuset" in text(client.get("/"))
    assert "uten godkjent referat" in text(client.get(f"/saker/{case_pk(personas)}/team/"))


# --- Bad input --------------------------------------------------------------------------------


def test_bad_input_is_a_norwegian_4xx(personas, login, team, held):
    client = login(personas.los_a)
    response = client.post(
        log_url(personas, "nytt/"), {"kind": "care_team", "starts_at": "2026-13-01T10:00"}
    )
    assert response.status_code == 400 and "Feltet er påkrevet" in text(response)
    response = client.post(
        log_url(personas, "nytt/"),
        {"kind": "care_team", "starts_at": "2090-01-01T10:00", "place": "Skolen"},
    )
    assert response.status_code == 400 and "innen et år tilbake" in text(response)
    response = client.post(
        log_url(personas, "regel/"), {"rule-every_weeks": 0, "rule-kind": "care_team"}
    )
    assert response.status_code == 400 and not MeetingRule.objects.exists()
    response = client.post(
        log_url(personas, "regel/"), {"rule-every_weeks": 8, "rule-kind": "care_team"}
    )
    assert response.status_code == 302 and MeetingRule.objects.get(team=team).every_weeks == 8
    response = client.post(
        log_url(personas, f"{held.pk}/oppgaver/"),
        {"text": "Noe", "owner": "abc", "deadline": timezone.localdate().isoformat()},
    )
    assert response.status_code == 400 and "Velg et medlem" in text(response)
    assert Meeting.objects.count() == 1 and MeetingAction.objects.count() == 2


CHECKS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@CHECKS
@given(
    data=st.fixed_dictionaries(
        {
            "text": st.text(max_size=600),
            "owner": st.one_of(st.text(max_size=5), st.integers().map(str)),
            "deadline": st.one_of(st.text(max_size=12), st.dates().map(str)),
        }
    )
)
def test_any_action_input_is_4xx_or_a_whole_action(personas, login, team, held, data):
    before = MeetingAction.objects.count()
    response = login(personas.los_a).post(log_url(personas, f"{held.pk}/oppgaver/"), data)
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert MeetingAction.objects.count() == before


# --- Query counts ---------------------------------------------------------------------------


def _count(client, url):
    client.get(url)  # the first request after login refreshes the session
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _more(p, team, n):
    for _ in range(n):
        meeting = plan(p)
        meeting_services.meeting_participant_add(
            actor=p.los_a, purpose=P, case_id=case_pk(p), meeting_id=meeting.pk,
            name="Mor", service="foresatte",
        )  # fmt: skip
        give(p, meeting, seat_of(team, p.partner))
        give(p, meeting, seat_of(team, p.los_a))


def test_the_relay_log_costs_the_same_however_many_meetings(personas, login, team, held):
    client = login(personas.los_a)
    first = _count(client, log_url(personas))
    _more(personas, team, 4)
    assert _count(client, log_url(personas)) == first


def test_the_task_list_costs_the_same_however_many_tasks(personas, login, team, held):
    client = login(personas.los_a)
    url = f"/saker/{case_pk(personas)}/"
    first = _count(client, url)
    _more(personas, team, 4)
    assert _count(client, url) == first


def test_the_partners_relay_log_costs_the_same(personas, login, team, held):
    share_plan(personas)
    client = login(personas.partner)
    first = _count(client, shared_url(personas))
    _more(personas, team, 3)
    assert _count(client, shared_url(personas)) == first
