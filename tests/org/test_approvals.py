"""Access nobody grants to themselves (DESIGN.md, access rule 4): an admin cannot give herself
a role; a role that reads personal data, given by an admin, does nothing until a second person
— never the giver, never the receiver — approves it; an account made by someone else chooses
its own password; admins see every access change."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from tests.conftest import admin_of_another_municipality, give_totp
from ungsam.access import policy
from ungsam.access.models import AuditEvent
from ungsam.org import services
from ungsam.org.models import Membership, Unit, User

NEW_LEADER = {
    "username": "eve.egen",
    "first_name": "Eve",
    "last_name": "Egenrådig",
    "email": "",
    "password": "adminens-eget-passord-1",
    "role": "leader",
}


def admin_two(personas) -> User:
    second = User.objects.create_user(username="alma_admin", password="riktig-passord-123")
    Membership.objects.create(
        user=second, municipality=personas.municipality, role="admin", status="direct"
    )
    give_totp(second)
    return second


def test_it_refuses_the_escalation_an_admin_tried(personas, login):
    """The finding: POST /brukere/<own id>/ role=leader&unit=1, then read /ungdom/1/."""
    client = login(personas.admin)
    response = client.post(
        f"/brukere/{personas.admin.pk}/", {"role": "leader", "unit": personas.unit_a.pk}
    )
    assert response.status_code == 404
    assert not Membership.objects.filter(user=personas.admin, role="leader").exists()
    assert client.get(f"/ungdom/{personas.youth_a.pk}/").status_code == 404
    assert client.get(f"/ungdom/{personas.youth_a.pk}/innsyn.json").status_code == 404
    # Called directly, the service refuses too.
    with pytest.raises(PermissionDenied, match="deg selv"):
        services.membership_add(
            actor=personas.admin,
            user=personas.admin,
            role="leader",
            municipality=personas.municipality,
            unit=personas.unit_a,
        )


def test_it_keeps_an_admin_made_leader_account_powerless_until_someone_else_approves(
    personas, login
):
    """The second finding: an admin makes a leader account with a password of his choosing
    and logs in with it. The role waits for approval, so the account reads nothing."""
    response = login(personas.admin).post(
        "/brukere/ny/", {**NEW_LEADER, "unit": personas.unit_a.pk}
    )
    assert response.status_code == 302
    eve = User.objects.get(username="eve.egen")
    role = Membership.objects.get(user=eve)
    assert role.status == "pending" and role.granted_by == personas.admin
    # Past her own password and second factor, as the admin who chose the first one would be.
    User.objects.filter(pk=eve.pk).update(must_set_password=False)
    give_totp(eve)
    as_eve = Client()
    as_eve.force_login(eve)
    assert policy.youth_visible_to(eve).count() == 0
    assert as_eve.get(f"/ungdom/{personas.youth_a.pk}/").status_code == 404
    # The admin who gave it cannot approve it; Eve cannot approve her own.
    for refused in (personas.admin, eve):
        with pytest.raises(PermissionDenied):
            services.membership_approve(actor=refused, membership=role)
    role.refresh_from_db()
    assert role.status == "pending"
    # Approved by the unit's leader, the same request reaches the youth: the 404 was the rule.
    services.membership_approve(actor=personas.leader_a, membership=role)
    assert as_eve.get(f"/ungdom/{personas.youth_a.pk}/").status_code == 200


def test_it_stops_an_admin_from_making_a_second_admin_who_approves_his_role(personas):
    second = services.user_create(
        actor=personas.admin,
        municipality=personas.municipality,
        username="medhjelper",
        first_name="Med",
        last_name="Hjelper",
        email="",
        password="et-langt-passord-2026",
        role="admin",
    )
    # The new admin role itself waits for another admin: it gives second nothing yet...
    assert Membership.objects.get(user=second).status == "pending"
    assert not policy.administered_municipality_ids(second)
    # ...so second cannot approve the leader role the admin asks for himself (through Leo).
    wish = Membership.objects.create(
        user=personas.admin,
        municipality=personas.municipality,
        unit=personas.unit_a,
        role="leader",
        status="pending",
        granted_by=personas.leader_a,
    )
    with pytest.raises(PermissionDenied):
        services.membership_approve(actor=second, membership=wish)
    # Nor can the admin approve the admin role he gave.
    with pytest.raises(PermissionDenied):
        services.membership_approve(
            actor=personas.admin, membership=Membership.objects.get(user=second)
        )


def test_it_puts_a_role_in_force_when_another_admin_approves(personas, login):
    alma = admin_two(personas)
    login(personas.admin).post("/brukere/ny/", {**NEW_LEADER, "unit": personas.unit_a.pk})
    role = Membership.objects.get(user__username="eve.egen")
    client = login(alma)
    assert "Eve Egenrådig" in client.get("/tilganger/godkjenning/").content.decode()
    response = client.post(f"/medlemskap/{role.pk}/godkjenn/", {"next": "queue"})
    assert response.status_code == 302
    role.refresh_from_db()
    assert (role.status, role.decided_by) == ("approved", alma)
    eve = User.objects.get(username="eve.egen")
    assert set(policy.youth_visible_to(eve)) == {personas.youth_a, personas.youth_a2}


def test_it_lets_the_units_leader_approve_a_role_in_her_unit(personas):
    role = services.membership_add(
        actor=personas.admin,
        user=personas.los_b,
        role="caseworker",
        municipality=personas.municipality,
        unit=personas.unit_a,
    )
    assert role.status == "pending"
    # A leader of another unit may not; the leader of unit A may.
    other_leader = User.objects.create_user(username="lea_c", password="x" * 12)
    Membership.objects.create(
        user=other_leader,
        municipality=personas.municipality,
        unit=personas.unit_c,
        role="leader",
        status="direct",
    )
    with pytest.raises(PermissionDenied):
        services.membership_approve(actor=other_leader, membership=role)
    services.membership_approve(actor=personas.leader_a, membership=role)
    role.refresh_from_db()
    assert role.status == "approved" and role.is_active


def test_it_grants_nothing_after_a_rejection(personas):
    alma = admin_two(personas)
    role = services.membership_add(
        actor=personas.admin,
        user=personas.los_b,
        role="leader",
        municipality=personas.municipality,
        unit=personas.unit_a,
    )
    services.membership_reject(actor=alma, membership=role)
    role.refresh_from_db()
    assert role.status == "rejected" and not role.is_active
    with pytest.raises(PermissionDenied):
        services.membership_approve(actor=alma, membership=role)
    personas.los_b.refresh_from_db()
    assert personas.youth_a not in policy.youth_visible_to(personas.los_b)


def test_it_lets_a_leader_staff_her_own_unit_in_one_step(personas, login):
    data = {**NEW_LEADER, "username": "nina.ny", "role": "caseworker", "unit": personas.unit_a.pk}
    assert login(personas.leader_a).post("/brukere/ny/", data).status_code == 302
    assert Membership.objects.get(user__username="nina.ny").status == "direct"


def test_it_gives_analyst_roles_in_one_step(personas):
    role = services.membership_add(
        actor=personas.admin,
        user=personas.los_b,
        role="analyst",
        municipality=personas.municipality,
    )
    assert role.status == "direct"


def test_it_refuses_to_move_the_end_of_ones_own_role_later(personas, login):
    mine = Membership.objects.get(user=personas.leader_a)
    soon = timezone.localdate() + timezone.timedelta(days=10)
    later = timezone.localdate() + timezone.timedelta(days=100)
    mine.ends_on = soon
    mine.save()
    client = login(personas.leader_a)
    response = client.post(f"/medlemskap/{mine.pk}/", {"ends_on": later.isoformat()})
    assert response.status_code == 400
    assert "senere" in response.content.decode()
    response = client.post(f"/medlemskap/{mine.pk}/", {"ends_on": ""})
    assert response.status_code == 400
    mine.refresh_from_db()
    assert mine.ends_on == soon
    # Sooner is fine.
    sooner = timezone.localdate() + timezone.timedelta(days=5)
    services.membership_set_end(actor=personas.leader_a, membership=mine, ends_on=sooner)
    mine.refresh_from_db()
    assert mine.ends_on == sooner


def test_it_does_not_revive_an_ended_role(personas):
    role = Membership.objects.get(user=personas.los_a)
    services.membership_end(actor=personas.leader_a, membership=role)
    with pytest.raises(PermissionDenied):
        services.membership_set_end(
            actor=personas.admin,
            membership=role,
            ends_on=timezone.localdate() + timezone.timedelta(days=30),
        )


def test_it_lists_access_changes_for_admins_from_the_audit_log(personas, login):
    alma = admin_two(personas)
    role = services.membership_add(
        actor=personas.admin,
        user=personas.los_b,
        role="caseworker",
        municipality=personas.municipality,
        unit=personas.unit_a,
    )
    services.membership_approve(actor=alma, membership=role)
    services.membership_end(actor=personas.leader_a, membership=role)
    body = login(alma).get("/tilganger/endringer/").content.decode()
    for expected in (
        "Adam Testperson",
        "alma_admin",
        "Leo Testperson",
        "Godkjente rollen",
        "Ga rollen",
        "Endret sluttdato",
    ):
        assert expected in body, expected
    assert "Saksbehandler – Los A for Bea Testperson" in body
    assert AuditEvent.objects.filter(object_type="org.membership", action="approve").count() == 1


def test_it_shows_an_admin_no_access_changes_of_another_municipality(personas, login):
    other, ola = admin_of_another_municipality()
    unit = Unit.objects.create(municipality=other, name="Los Andrevik", kind="los")
    services.user_create(
        actor=ola,
        municipality=other,
        unit=unit,
        role="field_worker",
        username="kari.andrevik",
        first_name="Kari",
        last_name="Andreviksen",
        email="",
        password="et-langt-passord-2026",
    )
    assert "Kari Andreviksen" in login(ola).get("/tilganger/endringer/").content.decode()
    body = login(personas.admin).get("/tilganger/endringer/").content.decode()
    assert "Kari Andreviksen" not in body and "kari.andrevik" not in body
    assert "Los Andrevik" not in body


def test_it_keeps_accounts_without_a_role_in_the_municipality_that_made_them(personas, login):
    other, their_admin = admin_of_another_municipality()
    orphan = User.objects.create_user(username="uten.rolle", password="x" * 12)
    orphan.home_municipality = personas.municipality
    orphan.save()
    assert orphan in policy.users_visible_to(personas.admin)
    assert orphan not in policy.users_visible_to(their_admin)
    assert login(their_admin).get(f"/brukere/{orphan.pk}/").status_code == 404
    with pytest.raises(PermissionDenied):
        services.membership_add(actor=their_admin, user=orphan, role="analyst", municipality=other)


def test_it_makes_new_accounts_choose_their_own_password(personas, login):
    login(personas.admin).post("/brukere/ny/", {**NEW_LEADER, "unit": personas.unit_a.pk})
    eve = User.objects.get(username="eve.egen")
    assert eve.must_set_password and eve.home_municipality == personas.municipality


def test_it_gives_a_one_time_password_shown_once(personas, login):
    response = login(personas.leader_a).post(f"/brukere/{personas.los_a.pk}/engangspassord/")
    assert response.status_code == 200
    password = response.context["password"]
    personas.los_a.refresh_from_db()
    assert personas.los_a.check_password(password) and personas.los_a.must_set_password
    assert AuditEvent.objects.filter(
        object_type="org.user", object_id=str(personas.los_a.pk), fields=["password"]
    ).exists()
    # A leader may not give one to someone with roles outside her units (the admin).
    with pytest.raises(PermissionDenied):
        services.user_set_one_time_password(actor=personas.leader_a, user=personas.admin)
