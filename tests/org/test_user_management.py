import pytest
from django.core.exceptions import ValidationError

from ungsam.access import policy
from ungsam.access.models import AuditEvent
from ungsam.org import services
from ungsam.org.models import Membership, User

NEW_USER = {
    "username": "nina.ny",
    "first_name": "Nina",
    "last_name": "Nyansatt",
    "email": "",
    "password": "et-langt-passord-2026",
    "role": "caseworker",
}


def test_it_lets_an_admin_create_a_user_with_a_role(personas, login):
    data = {**NEW_USER, "unit": personas.unit_b.pk}
    response = login(personas.admin).post("/brukere/ny/", data)
    assert response.status_code == 302
    user = User.objects.get(username="nina.ny")
    assert user.check_password(NEW_USER["password"])
    assert Membership.objects.get(user=user).unit == personas.unit_b
    assert AuditEvent.objects.filter(action="create", object_type="org.user").exists()


def test_it_lets_a_leader_add_a_caseworker_to_her_own_unit(personas, login):
    data = {**NEW_USER, "unit": personas.unit_a.pk}
    response = login(personas.leader_a).post("/brukere/ny/", data)
    assert response.status_code == 302
    assert Membership.objects.get(user__username="nina.ny").unit == personas.unit_a


def test_it_refuses_a_leader_another_units_role_without_writing(personas, login):
    data = {**NEW_USER, "unit": personas.unit_b.pk}
    response = login(personas.leader_a).post("/brukere/ny/", data)
    assert response.status_code == 400
    assert not User.objects.filter(username="nina.ny").exists()


def test_it_refuses_a_leader_the_admin_role(personas, login):
    data = {**NEW_USER, "role": "admin"}
    response = login(personas.leader_a).post("/brukere/ny/", data)
    assert response.status_code == 400
    assert "role" in response.context["form"].errors


def test_it_explains_a_role_without_a_unit_in_norwegian(personas, login):
    response = login(personas.admin).post("/brukere/ny/", NEW_USER)
    assert response.status_code == 400
    assert "Velg enheten" in response.content.decode()


def test_it_refuses_a_weak_password(personas, login):
    data = {**NEW_USER, "password": "123", "unit": personas.unit_a.pk}
    response = login(personas.admin).post("/brukere/ny/", data)
    assert response.status_code == 400
    assert "password" in response.context["form"].errors


def test_it_ends_a_membership_and_access_stops_at_once(personas, login):
    membership = Membership.objects.get(user=personas.los_a)
    client = login(personas.leader_a)
    response = client.post(f"/medlemskap/{membership.pk}/avslutt/")
    assert response.status_code == 302
    personas.los_a.refresh_from_db()
    assert not policy.youth_visible_to(personas.los_a).exists()
    assert login(personas.los_a).get(f"/ungdom/{personas.youth_a.pk}/").status_code == 404


def test_it_does_not_let_a_leader_end_another_units_membership(personas, login):
    membership = Membership.objects.get(user=personas.los_b)
    response = login(personas.leader_a).post(f"/medlemskap/{membership.pk}/avslutt/")
    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.ends_on is None


def test_it_gives_a_second_role_to_an_existing_user(personas, login):
    client = login(personas.admin)
    response = client.post(
        f"/brukere/{personas.los_b.pk}/", {"role": "caseworker", "unit": personas.unit_a.pk}
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=personas.los_b, unit=personas.unit_a).exists()


def test_it_lets_an_admin_create_a_unit_but_not_a_leader(personas, login):
    data = {"name": "Nærværsteam Vest", "kind": "presence_team"}
    assert login(personas.leader_a).post("/organisasjon/enheter/ny/", data).status_code == 404
    response = login(personas.admin).post("/organisasjon/enheter/ny/", data)
    assert response.status_code == 302
    response = login(personas.admin).post("/organisasjon/enheter/ny/", data)
    assert response.status_code == 400  # the name is taken


def test_it_shows_admins_no_case_content(personas, login):
    client = login(personas.admin)
    assert client.get(f"/ungdom/{personas.youth_a.pk}/").status_code == 404
    assert client.get("/ungdom/").status_code == 404
    assert "Anna" not in client.get("/").content.decode()


def test_it_lets_an_admin_add_partners_and_places(personas, login):
    client = login(personas.admin)
    response = client.post(
        "/organisasjon/samarbeidsparter/ny/", {"name": "NAV Testvik", "kind": "nav"}
    )
    assert response.status_code == 302
    response = client.post("/organisasjon/steder/ny/", {"name": "Torget", "kind": "street"})
    assert response.status_code == 302
    page = client.get("/organisasjon/").content.decode()
    assert "NAV Testvik" in page and "Torget" in page


def test_it_checks_the_place_of_a_role_in_the_service_too(personas):
    with pytest.raises(ValidationError) as exc:
        services.membership_add(
            actor=personas.admin,
            user=personas.los_b,
            role="caseworker",
            municipality=personas.municipality,
            partner=personas.school,
        )
    assert set(exc.value.message_dict) == {"unit", "partner"}
    assert not Membership.objects.filter(user=personas.los_b, partner=personas.school).exists()
