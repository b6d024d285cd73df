"""The handover of the coordinator role (stafett): it moves only when the member it is offered
to accepts, on a page that is hers alone and shows no more than the offer needs; declining or
cancelling leaves it where it was; an offer to someone who left in the meantime fails in
words."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.collab.test_team import case_pk, key, text, url
from tests.conftest import give_totp
from ungsam.access.models import AuditEvent, Purpose
from ungsam.collab import team_services
from ungsam.collab.models import Handover, TeamMember
from ungsam.org.models import Membership, PartnerOrganization, User


@pytest.fixture
def team(personas):
    team = team_services.team_create(
        actor=personas.los_a, purpose=Purpose.CASEWORK, case_id=case_pk(personas), role="Los"
    )
    for user, partner, unit in (
        (personas.partner, personas.school, None),
        (personas.los_b, None, personas.unit_b),
    ):
        team_services.team_member_add(
            actor=personas.los_a,
            purpose=Purpose.CASEWORK,
            case_id=case_pk(personas),
            seat_key=key(user, partner, unit),
            role="Medlem",
        )
    return team


def member(team, user):
    return TeamMember.objects.get(team=team, user=user, left_at__isnull=True)


def coordinator(team):
    return TeamMember.objects.get(team=team, is_coordinator=True, left_at__isnull=True).user


@pytest.fixture
def offer(personas, login, team):
    """Lise offers the role to Sara (the school's counselor) through the team page."""
    response = login(personas.los_a).post(
        url(personas, "overlevering/"),
        {
            "to_member": member(team, personas.partner).pk,
            "note": "Skolen ser henne hver dag.",
        },
    )
    assert response.status_code == 302
    return Handover.objects.get()


def answer_url(handover):
    return f"/samarbeid/overlevering/{handover.pk}/"


def test_the_role_does_not_move_until_she_accepts(personas, login, team, offer):
    assert coordinator(team) == personas.los_a
    page = text(login(personas.los_a).get(url(personas)))
    assert "Koordinatorrollen er tilbudt Sara Testperson (Testvik skole)" in page
    assert "Lise Testperson</strong> (Los A)" in page
    # Sara cannot open the case, but she can open the offer: the youth's first name only.
    client = login(personas.partner)
    assert client.get(url(personas)).status_code == 404
    page = text(client.get(answer_url(offer)))
    assert "Anna" in page and "Fiktivsen" not in page and "Hemmeligveien" not in page
    assert "Los A" in page and "Lise Testperson" in page and "Skolen ser henne hver dag." in page
    assert coordinator(team) == personas.los_a
    response = client.post(answer_url(offer), {"answer": "accept"})
    assert response.status_code == 302
    assert coordinator(team) == personas.partner
    assert TeamMember.objects.filter(team=team, is_coordinator=True).count() == 1
    offer.refresh_from_db()
    assert offer.accepted_at is not None and not offer.is_open
    assert "Du godtok" in text(client.get(answer_url(offer)))
    # Lise now sees Sara as the coordinator, and may offer it again (to Bea).
    page = text(login(personas.los_a).get(url(personas)))
    assert "Sara Testperson</strong> (Testvik skole)" in page
    assert "Overlever koordinatorrollen" in page


def test_declining_or_cancelling_leaves_the_role_where_it_was(personas, login, team, offer):
    client = login(personas.partner)
    assert client.post(answer_url(offer), {"answer": "decline"}).status_code == 302
    offer.refresh_from_db()
    assert offer.declined_at is not None
    assert coordinator(team) == personas.los_a
    late = client.post(answer_url(offer), {"answer": "accept"})
    assert late.status_code == 400
    assert "Tilbudet er allerede besvart eller avbrutt." in text(late)
    assert coordinator(team) == personas.los_a
    # A new offer, to Bea this time, cancelled by Lise's leader before Bea answers.
    bea = member(team, personas.los_b)
    login(personas.los_a).post(url(personas, "overlevering/"), {"to_member": bea.pk})
    second = Handover.objects.get(to_member=bea)
    response = login(personas.leader_a).post(url(personas, f"overlevering/{second.pk}/avbryt/"))
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.cancelled_at is not None
    refused = login(personas.los_b).post(answer_url(second), {"answer": "accept"})
    assert refused.status_code == 400
    assert coordinator(team) == personas.los_a


def test_only_one_offer_is_open_at_a_time(personas, login, team, offer):
    bea = member(team, personas.los_b)
    response = login(personas.los_a).post(url(personas, "overlevering/"), {"to_member": bea.pk})
    assert response.status_code == 400
    assert "Et tilbud om koordinatorrollen venter på svar. Avbryt det først." in text(response)
    with pytest.raises(IntegrityError), transaction.atomic():
        Handover.objects.create(
            team=team, from_member=offer.from_member, to_member=bea, offered_by=personas.los_a
        )
    lise = member(team, personas.los_a)
    with pytest.raises(ValidationError):
        team_services.handover_offer(
            actor=personas.los_a,
            purpose=Purpose.CASEWORK,
            case_id=case_pk(personas),
            to_member_id=lise.pk,
        )


def test_an_offer_to_someone_who_left_since_fails_in_words(personas, login, team, offer):
    sara = member(team, personas.partner)
    assert (
        login(personas.los_a).post(url(personas, f"medlemmer/{sara.pk}/fjern/")).status_code == 302
    )
    page = text(login(personas.los_a).get(url(personas)))
    assert "Hun har gått ut av teamet siden" in page
    response = login(personas.partner).post(answer_url(offer), {"answer": "accept"})
    assert response.status_code == 400
    assert "Du har gått ut av teamet etter at tilbudet ble gitt" in text(response)
    assert coordinator(team) == personas.los_a
    offer.refresh_from_db()
    assert offer.is_open


@pytest.mark.parametrize("who", ["los_a", "leader_a", "los_b", "field_c", "analyst", "admin"])
def test_only_the_member_it_is_offered_to_may_answer(personas, login, offer, who):
    client = login(getattr(personas, who))
    assert client.get(answer_url(offer)).status_code == 404
    assert client.post(answer_url(offer), {"answer": "accept"}).status_code == 404
    offer.refresh_from_db()
    assert offer.is_open
    assert (
        AuditEvent.objects.filter(
            action="access_denied", object_type="collab.handover", actor=getattr(personas, who)
        ).count()
        == 2
    )


def test_another_partner_and_one_whose_role_ended_get_404(personas, login, team, offer):
    colleague = User.objects.create_user(username="siri_skole", password="x" * 12)
    Membership.objects.create(
        user=colleague,
        municipality=personas.municipality,
        partner=personas.school,
        role="partner",
        status="direct",
    )
    give_totp(colleague)
    assert login(colleague).get(answer_url(offer)).status_code == 404
    Membership.objects.filter(user=personas.partner).update(ends_on="2025-06-01")
    assert login(personas.partner).get(answer_url(offer)).status_code == 404
    too_big = "/samarbeid/overlevering/99999999999999999999/"
    assert login(personas.partner).get(too_big).status_code == 404


def test_the_answer_and_its_reading_are_in_the_log_on_the_care_team_ground(
    personas, login, team, offer
):
    client = login(personas.partner)
    client.get(answer_url(offer))
    client.post(answer_url(offer), {"answer": "accept"})
    rows = AuditEvent.objects.filter(object_type="collab.handover").order_by("sequence")
    assert [(r.action, r.fields) for r in rows] == [
        ("create", ["from_member", "to_member", "note"]),
        ("view", ["first_name", "unit", "offered_by", "note"]),
        ("view", ["first_name", "unit", "offered_by", "note"]),
        ("update", ["accepted_at", "coordinator"]),
    ]
    by_sara = [r for r in rows if r.actor == personas.partner]
    assert {r.purpose for r in by_sara} == {"collaboration"}
    assert {s.basis for r in by_sara for s in r.subjects.all()} == {"care_team"}
    assert {r.acting_membership.partner for r in by_sara} == {personas.school}
    assert {s.youth_id for r in rows for s in r.subjects.all()} == {personas.youth_a.pk}
    log = text(login(personas.leader_a).get("/logg/"))
    # (Her own change is the care team's: the leader's log shows reads of her youth by anyone.)
    for words in ("fra koordinatoren", "til teammedlemmet", "tilbudt av"):
        assert words in log, words


def test_a_bad_answer_is_a_norwegian_400(personas, login, offer):
    response = login(personas.partner).post(answer_url(offer), {"answer": "kanskje"})
    assert response.status_code == 400 and "Velg et gyldig valg" in text(response)
    offer.refresh_from_db()
    assert offer.is_open


def test_a_partner_organisation_of_another_kind_is_a_seat_of_its_own(personas, team):
    """A person with roles in two services may sit for one of them at a time."""
    nav = PartnerOrganization.objects.create(
        municipality=personas.municipality, name="NAV T", kind="nav"
    )
    Membership.objects.create(
        user=personas.partner,
        municipality=personas.municipality,
        partner=nav,
        role="partner",
        status="direct",
    )
    with pytest.raises(ValidationError):
        team_services.team_member_add(
            actor=personas.los_a,
            purpose=Purpose.CASEWORK,
            case_id=case_pk(personas),
            seat_key=key(personas.partner, nav),
            role="Også NAV",
        )


def test_her_open_offers_are_listed_for_her_home_page(personas, team, offer):
    from django.template.loader import render_to_string

    from ungsam.collab import team_selectors

    found = team_selectors.handovers_awaiting(actor=personas.partner, purpose="collaboration")
    assert found == [offer]
    row = AuditEvent.objects.filter(action="list", actor=personas.partner).get()
    assert [(s.youth_id, s.basis) for s in row.subjects.all()] == [
        (personas.youth_a.pk, "care_team")
    ]
    html = render_to_string("collab/_team_handovers.html", {"handovers": found})
    assert f'href="/samarbeid/overlevering/{offer.pk}/"' in html and "Anna – Los A" in html
    assert team_selectors.handovers_awaiting(actor=personas.los_b, purpose="collaboration") == []
    sara = member(team, personas.partner)
    team_services.team_member_remove(
        actor=personas.los_a, purpose=Purpose.CASEWORK, case_id=case_pk(personas), member_id=sara.pk
    )
    assert team_selectors.handovers_awaiting(actor=personas.partner, purpose="collaboration") == []
