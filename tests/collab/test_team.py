"""The team around the youth (ansvarsgruppe): made by the case's worker, who becomes its
coordinator; members seated for a service from the people the municipality offers; the
coordinator cannot leave; exactly one coordinator, held by the database too; every write in
the audit log; bad input a Norwegian 400; another unit and partners off the team get 404."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from ungsam.access import policy
from ungsam.access.models import AuditEvent, Purpose
from ungsam.collab import team_services
from ungsam.collab.models import CareTeam, TeamMember
from ungsam.org.models import Membership, Municipality, PartnerOrganization, User


def case_pk(p):
    return p.youth_a.cases.get().pk


def url(p, tail=""):
    return f"/saker/{case_pk(p)}/team/{tail}"


def text(response):
    return response.content.decode()


def key(user, partner=None, unit=None):
    return policy.Seat(user, partner, unit).key


@pytest.fixture
def team(personas):
    """Anna's team, made by Lise (her contact person): Lise the coordinator, for unit A."""
    return team_services.team_create(
        actor=personas.los_a,
        purpose=Purpose.CASEWORK,
        case_id=case_pk(personas),
        role="Los",
        responsibility="Holder i planen.",
        coordinating_service="annet",
    )


@pytest.fixture
def seat(personas, team):
    """Seats a person on Anna's team as Lise, through the service."""

    def make(user, partner=None, unit=None, role="Medlem"):
        return team_services.team_member_add(
            actor=personas.los_a,
            purpose=Purpose.CASEWORK,
            case_id=case_pk(personas),
            seat_key=key(user, partner, unit),
            role=role,
            responsibility="",
        )

    return make


def coordinator_of(team):
    return TeamMember.objects.get(team=team, is_coordinator=True, left_at__isnull=True)


def test_the_worker_who_makes_the_team_is_its_first_member_and_coordinator(personas, login):
    client = login(personas.los_a)
    page = text(client.get(url(personas)))
    assert "Saken har ingen ansvarsgruppe ennå." in page
    response = client.post(url(personas, "opprett/"), {"role": "Los", "coordinating_service": ""})
    assert response.status_code == 302
    team = CareTeam.objects.get(case_id=case_pk(personas))
    member = coordinator_of(team)
    assert (member.user, member.unit, member.partner) == (personas.los_a, personas.unit_a, None)
    page = text(client.get(url(personas)))
    assert "Teamet er opprettet. Du er koordinator." in page
    assert "Lise Testperson</strong> (Los A)" in page
    rows = AuditEvent.objects.filter(object_type__in=("collab.careteam", "collab.teammember"))
    assert {(r.action, r.purpose) for r in rows} == {("create", "casework")}
    assert rows.get(object_type="collab.teammember").fields == [
        "user",
        "unit",
        "role",
        "responsibility",
        "is_coordinator",
    ]
    again = client.post(url(personas, "opprett/"), {"role": "Los"})
    assert again.status_code == 400 and "Saken har allerede et team." in text(again)


def test_members_are_chosen_from_the_people_the_municipality_offers(personas, login, team):
    client = login(personas.los_a)
    page = text(client.get(url(personas)))
    # Sara (partner at the school) and Bea (a worker of unit B) are offered; the analyst,
    # the admin and Lise herself (on the team already) are not.
    assert f'value="{key(personas.partner, personas.school)}"' in page
    assert f'value="{key(personas.los_b, unit=personas.unit_b)}"' in page
    assert "Sara Testperson – Testvik skole" in page
    assert "Ana Testperson" not in page and "Adam Testperson" not in page
    assert f'value="{key(personas.los_a, unit=personas.unit_a)}"' not in page
    response = client.post(
        url(personas, "medlemmer/ny/"),
        {
            "seat": key(personas.partner, personas.school),
            "role": "Rådgiver",
            "responsibility": "Følger opp fraværet.",
        },
    )
    assert response.status_code == 302
    sara = TeamMember.objects.get(team=team, user=personas.partner)
    assert (sara.partner, sara.unit, sara.is_coordinator) == (personas.school, None, False)
    page = text(client.get(url(personas)))
    assert "Følger opp fraværet." in page and "Hun er med i teamet." in page
    row = AuditEvent.objects.get(object_type="collab.teammember", object_id=str(sara.pk))
    assert row.fields == ["user", "partner", "role", "responsibility"]
    assert row.subjects.get().youth_id == personas.youth_a.pk


@pytest.mark.parametrize(
    "seat_of, message",
    [
        # A free user id, a role that gives no seat, another municipality's partner, a
        # partner role claimed for a unit: none is offered, the service says so.
        (lambda p: f"{p.analyst.pk}:u{p.unit_a.pk}", "Velg person og tjeneste fra listen."),
        (lambda p: str(p.partner.pk), "Velg person og tjeneste fra listen."),
        (lambda p: f"{p.partner.pk}:u{p.unit_b.pk}", "Velg person og tjeneste fra listen."),
        (lambda p: "x:p1", "Velg person og tjeneste fra listen."),
        (lambda p: f"{p.los_a.pk}:u{p.unit_a.pk}", "Hun er allerede med i teamet."),
        (lambda p: "", "Feltet er påkrevet."),
    ],
)
def test_a_seat_not_offered_is_a_norwegian_400(personas, login, team, seat_of, message):
    response = login(personas.los_a).post(
        url(personas, "medlemmer/ny/"), {"seat": seat_of(personas), "role": "Medlem"}
    )
    assert response.status_code == 400
    assert message in text(response)
    assert TeamMember.objects.count() == 1


def test_a_partner_of_another_municipality_or_with_an_ended_role_is_not_offered(personas, team):
    other = Municipality.objects.create(name="Andrevik kommune", number="9997")
    their_school = PartnerOrganization.objects.create(municipality=other, name="Andre skole")
    olga = User.objects.create_user(username="olga", password="x" * 12)
    Membership.objects.create(
        user=olga, municipality=other, partner=their_school, role="partner", status="direct"
    )
    case = personas.youth_a.cases.get()
    assert policy.team_seat(case, key(olga, their_school)) is None
    assert policy.team_seat(case, key(personas.partner, personas.school)) is not None
    Membership.objects.filter(user=personas.partner).update(ends_on="2025-06-01")
    assert policy.team_seat(case, key(personas.partner, personas.school)) is None
    keys = {s.key for s in policy.team_seat_candidates(case)}
    assert key(personas.partner, personas.school) not in keys
    assert key(personas.los_b, unit=personas.unit_b) in keys


def test_the_coordinator_cannot_leave_and_a_member_leaves_with_her_row_kept(
    personas, login, team, seat
):
    sara = seat(personas.partner, personas.school)
    client = login(personas.los_a)
    lise = coordinator_of(team)
    refused = client.post(url(personas, f"medlemmer/{lise.pk}/fjern/"))
    assert refused.status_code == 400
    assert "Koordinatoren kan ikke gå ut av teamet. Overlever rollen først." in text(refused)
    assert client.post(url(personas, f"medlemmer/{sara.pk}/fjern/")).status_code == 302
    sara.refresh_from_db()
    assert sara.left_at is not None
    page = text(client.get(url(personas)))
    assert "Tidligere medlemmer" in page and "Sara Testperson (Testvik skole)" in page
    # She may be seated again: a new row, the old one kept.
    seat(personas.partner, personas.school)
    assert TeamMember.objects.filter(user=personas.partner).count() == 2
    twice = client.post(url(personas, f"medlemmer/{sara.pk}/fjern/"))
    assert twice.status_code == 400 and "Hun er ikke lenger med i teamet." in text(twice)


def test_the_database_holds_exactly_one_coordinator_who_never_leaves(personas, team, seat):
    sara = seat(personas.partner, personas.school)
    sara.is_coordinator = True
    with pytest.raises(IntegrityError), transaction.atomic():
        sara.save(update_fields=["is_coordinator"])
    lise = coordinator_of(team)
    lise.left_at = lise.joined_at
    with pytest.raises(IntegrityError), transaction.atomic():
        lise.save(update_fields=["left_at"])
    with pytest.raises(IntegrityError), transaction.atomic():
        TeamMember.objects.create(
            team=team, user=personas.partner, partner=personas.school, role="To ganger"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        TeamMember.objects.create(
            team=team,
            user=personas.los_b,
            role="Begge",
            unit=personas.unit_b,
            partner=personas.school,
        )


def test_role_responsibility_service_and_bti_level_are_changed_and_logged(
    personas, login, team, seat
):
    sara = seat(personas.partner, personas.school)
    client = login(personas.leader_a)  # the unit's leader may change the team too
    edit = client.get(url(personas, f"medlemmer/{sara.pk}/endre/"))
    assert edit.status_code == 200 and "Endre rolle og ansvar" in text(edit)
    response = client.post(
        url(personas, f"medlemmer/{sara.pk}/endre/"),
        {"role": "Kontaktlærer", "responsibility": "Leksehjelp tirsdag."},
    )
    assert response.status_code == 302
    sara.refresh_from_db()
    assert (sara.role, sara.responsibility) == ("Kontaktlærer", "Leksehjelp tirsdag.")
    assert (
        client.post(
            url(personas, "koordinering/"),
            {"coordinating_service": "skole", "child_coordinator": "on"},
        ).status_code
        == 302
    )
    assert client.post(url(personas, "bti/"), {"bti_level": "2"}).status_code == 302
    team.refresh_from_db()
    assert (team.coordinating_service, team.child_coordinator) == ("skole", True)
    assert (team.bti_level, team.bti_set_by) == (2, personas.leader_a)
    page = text(client.get(url(personas)))
    assert "2 – enkelt samarbeid, to tjenester" in page
    assert "satt " in page and "av Leo Testperson" in page
    assert ">barnekoordinator<" in page
    changes = AuditEvent.objects.filter(action="update").order_by("sequence")
    assert [r.fields for r in changes] == [
        ["role", "responsibility"],
        ["coordinating_service", "child_coordinator"],
        ["bti_level", "bti_set_on", "bti_set_by"],
    ]
    assert {r.purpose for r in changes} == {"casework"}
    assert {r.acting_membership.role for r in changes} == {"leader"}
    log = text(client.get("/logg/"))
    for words in ("koordinerende tjeneste", "BTI-nivå", "ansvar", "barnekoordinator"):
        assert words in log, words


@pytest.mark.parametrize(
    "tail, data, message",
    [
        ("bti/", {"bti_level": "7"}, "Velg et gyldig valg"),
        ("bti/", {}, "Feltet er påkrevet."),
        ("koordinering/", {"coordinating_service": "hemmelig"}, "Velg et gyldig valg"),
        ("medlemmer/ny/", {"seat": "1:p1", "role": ""}, "Feltet er påkrevet."),
        ("medlemmer/ny/", {"seat": "1:p1", "role": "R\u202eolle"}, "usynlige tegn"),
        ("medlemmer/ny/", {"seat": "1:p1", "role": "x" * 121}, "Sørg for at denne verdien"),
        ("overlevering/", {"to_member": "abc"}, "Velg et gyldig valg"),
        ("overlevering/", {"to_member": "999999"}, "Velg et medlem av teamet."),
    ],
)
def test_bad_input_is_a_norwegian_400_and_changes_nothing(
    personas, login, team, tail, data, message
):
    before = (TeamMember.objects.count(), team.handovers.count())
    response = login(personas.los_a).post(url(personas, tail), data)
    assert response.status_code == 400
    assert message in text(response)
    team.refresh_from_db()
    assert team.bti_level is None and team.coordinating_service == "annet"
    assert (TeamMember.objects.count(), team.handovers.count()) == before


def test_the_service_refuses_bad_values_from_any_caller(personas, team):
    from django.core.exceptions import ValidationError

    args = {"actor": personas.los_a, "purpose": Purpose.CASEWORK, "case_id": case_pk(personas)}
    for call in (
        lambda: team_services.team_bti_set(**args, bti_level="tre"),
        lambda: team_services.team_bti_set(**args, bti_level=4),
        lambda: team_services.team_settings_set(
            **args, coordinating_service="x", child_coordinator=False
        ),
        lambda: team_services.team_member_add(**args, seat_key=None, role="R"),
        lambda: team_services.team_member_update(**args, member_id="nei", role="R"),
        lambda: team_services.team_member_update(**args, member_id=1, role=" "),
    ):
        with pytest.raises(ValidationError):
            call()


@pytest.mark.parametrize("who", ["los_b", "field_c", "partner", "analyst", "admin"])
def test_others_get_404_on_every_team_page_and_the_probe_is_recorded(
    personas, login, team, seat, who
):
    sara = seat(personas.partner, personas.school)
    client = login(getattr(personas, who))
    for method, tail in (
        ("get", ""),
        ("post", "opprett/"),
        ("post", "medlemmer/ny/"),
        ("get", f"medlemmer/{sara.pk}/endre/"),
        ("post", f"medlemmer/{sara.pk}/fjern/"),
        ("post", "koordinering/"),
        ("post", "bti/"),
        ("post", "overlevering/"),
    ):
        response = getattr(client, method)(url(personas, tail), {"bti_level": "1"})
        assert response.status_code == 404, (method, tail)
    sara.refresh_from_db()
    assert sara.left_at is None
    denied = AuditEvent.objects.filter(action="access_denied", actor=getattr(personas, who))
    assert denied.count() == 8


def test_a_member_of_another_team_is_404_on_this_case(personas, login, team):
    other_case = personas.youth_a2.cases.get()
    other = team_services.team_create(
        actor=personas.leader_a, purpose=Purpose.CASEWORK, case_id=other_case.pk, role="Leder"
    )
    leo = coordinator_of(other)
    response = login(personas.los_a).get(url(personas, f"medlemmer/{leo.pk}/endre/"))
    assert response.status_code == 404


def test_the_team_page_costs_the_same_for_2_and_5_members(personas, login, team, seat):
    client = login(personas.los_a)
    extra = []
    for i in range(4):
        user = User.objects.create_user(username=f"skole{i}", first_name=f"Lærer{i}")
        Membership.objects.create(
            user=user,
            municipality=personas.municipality,
            partner=personas.school,
            role="partner",
            status="direct",
        )
        extra.append(user)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(personas)).status_code == 200
        return len(ctx.captured_queries)

    seat(extra[0], personas.school)
    count()
    few = count()
    for user in extra[1:]:
        seat(user, personas.school)
    assert count() == few
    assert len(client.get(url(personas)).context["page"].current) == 5


def test_the_case_page_links_to_the_team(personas, login):
    page = text(login(personas.los_a).get(f"/saker/{case_pk(personas)}/"))
    assert f'href="/saker/{case_pk(personas)}/team/"' in page
    assert "Teamet rundt ungdommen" in page


def test_a_closed_case_team_is_read_only(personas, login, team):
    case = personas.youth_a.cases.get()
    case.status = "closed"
    case.stage = "closed"
    case.closed_on = case.opened_on
    case.closure_outcome = "other"
    case.closure_reason = "Ferdig."
    case.save()
    client = login(personas.los_a)
    page = text(client.get(url(personas)))
    assert "Legg til et medlem" not in page
    response = client.post(url(personas, "bti/"), {"bti_level": "1"})
    assert response.status_code == 400 and "Saken er avsluttet." in text(response)
