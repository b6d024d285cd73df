"""Changing an account (issue 12, section 3): its name and e-mail, deactivating it (she cannot
log in, her sessions and roles end), activating it again, and sending allauth's password-reset
e-mail. Each change is an audit row that the admins' *Tilgangsendringer* page names in words."""

import pytest
from allauth.usersessions.models import UserSession
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.conftest import bea_also_in_unit_a
from ungsam.access import policy
from ungsam.access.models import AuditEvent
from ungsam.org import services
from ungsam.org.models import Membership, Municipality


def account_rows(user):
    """Changes to the account (not her logins, which name the account too)."""
    return AuditEvent.objects.filter(
        object_type="org.user", object_id=str(user.pk), action="update"
    )


def access_changes(personas, login) -> str:
    return login(personas.admin).get("/tilganger/endringer/").content.decode()


# --- Name and e-mail --------------------------------------------------------------------------


def test_it_lets_an_admin_change_a_users_name_and_email(personas, login):
    client = login(personas.admin)
    page = client.get(f"/brukere/{personas.los_a.pk}/endre/").content.decode()
    assert 'value="Lise"' in page
    data = {"first_name": "Lise", "last_name": "Nyttnavn", "email": "lise@testvik.kommune.no"}
    response = client.post(f"/brukere/{personas.los_a.pk}/endre/", data)
    assert response.status_code == 302
    personas.los_a.refresh_from_db()
    assert personas.los_a.last_name == "Nyttnavn"
    assert personas.los_a.email == "lise@testvik.kommune.no"
    row = account_rows(personas.los_a).get()
    assert row.action == "update"
    assert row.fields == ["last_name", "email"]
    assert row.actor == personas.admin
    body = access_changes(personas, login)
    assert "Endret kontoen" in body
    assert "kontoen til Lise Nyttnavn" in body


def test_it_records_nothing_when_nothing_changed(personas):
    user = personas.los_a
    services.user_update(
        actor=personas.admin,
        user=user,
        first_name=user.first_name,
        last_name=user.last_name,
        email=user.email,
    )
    assert not account_rows(user).exists()


def test_it_lets_a_leader_change_a_worker_of_her_unit(personas, login):
    data = {"first_name": "Lisa", "last_name": "Testperson", "email": ""}
    response = login(personas.leader_a).post(f"/brukere/{personas.los_a.pk}/endre/", data)
    assert response.status_code == 302
    personas.los_a.refresh_from_db()
    assert personas.los_a.first_name == "Lisa"


def test_it_refuses_a_leader_an_account_with_roles_outside_her_units(personas, login):
    bea = bea_also_in_unit_a(personas)
    client = login(personas.leader_a)
    response = client.get(f"/brukere/{bea.pk}/endre/")
    assert response.status_code == 302
    assert "Spør en administrator" in client.get(response["Location"]).content.decode()
    data = {"first_name": "Snik", "last_name": "Snikesen", "email": "leo@example.com"}
    client.post(f"/brukere/{bea.pk}/endre/", data)
    client.post(f"/brukere/{bea.pk}/deaktiver/")
    bea.refresh_from_db()
    assert bea.first_name == "Bea" and bea.is_active and bea.email == ""


def test_it_refuses_an_admin_an_account_with_a_role_in_another_municipality(personas):
    other = Municipality.objects.create(name="Andrevik kommune", number="9997")
    Membership.objects.create(
        user=personas.los_a, municipality=other, role="analyst", status="direct"
    )
    with pytest.raises(PermissionDenied):
        services.user_deactivate(actor=personas.admin, user=personas.los_a)
    personas.los_a.refresh_from_db()
    assert personas.los_a.is_active
    assert Membership.objects.active().filter(user=personas.los_a).count() == 2


def test_it_refuses_a_leader_an_account_awaiting_a_role_outside_her_units(personas):
    """Deactivating would end that role too: it is not hers to end."""
    Membership.objects.create(
        user=personas.los_a,
        municipality=personas.municipality,
        unit=personas.unit_b,
        role="caseworker",
        status="pending",
        granted_by=personas.admin,
    )
    with pytest.raises(PermissionDenied):
        services.user_deactivate(actor=personas.leader_a, user=personas.los_a)
    personas.los_a.refresh_from_db()
    assert personas.los_a.is_active


def test_it_refuses_an_admin_her_own_account(personas, login):
    client = login(personas.admin)
    response = client.post(f"/brukere/{personas.admin.pk}/deaktiver/")
    assert response.status_code == 302
    personas.admin.refresh_from_db()
    assert personas.admin.is_active
    page = client.get(f"/brukere/{personas.admin.pk}/").content.decode()
    assert "Deaktiver kontoen" not in page


# --- Deactivating -----------------------------------------------------------------------------


def test_the_deactivation_page_says_what_happens_and_changes_nothing(personas, login):
    body = login(personas.admin).get(f"/brukere/{personas.los_a.pk}/deaktiver/").content.decode()
    assert "Deaktivere kontoen til Lise Testperson?" in body
    assert "Saksbehandler – Los A" in body  # the role that ends
    assert "avsluttes i dag" in body
    personas.los_a.refresh_from_db()
    assert personas.los_a.is_active


def test_the_deactivation_page_reads_her_roles_in_one_query(personas, login):
    """The roles that end are listed with their places: as many queries for three as for one."""
    admin = login(personas.admin)
    url = f"/brukere/{personas.los_a.pk}/deaktiver/"
    admin.get(url)  # the session's first request also records its activity
    with CaptureQueriesContext(connection) as one_role:
        admin.get(url)
    for unit in (personas.unit_b, personas.unit_c):
        Membership.objects.create(
            user=personas.los_a,
            municipality=personas.municipality,
            unit=unit,
            role="caseworker",
            status="direct",
        )
    with CaptureQueriesContext(connection) as three_roles:
        body = admin.get(url).content.decode()
    assert "OT B" in body and "Ute C" in body  # the list did grow
    assert len(three_roles.captured_queries) == len(one_role.captured_queries)


def test_it_deactivates_a_user_her_sessions_and_roles_end(personas, login):
    lise = Client()
    lise.force_login(personas.los_a)
    assert lise.get("/").status_code == 200
    assert UserSession.objects.filter(user=personas.los_a).exists()
    pending = Membership.objects.create(
        user=personas.los_a,
        municipality=personas.municipality,
        unit=personas.unit_b,
        role="caseworker",
        status="pending",
        granted_by=personas.admin,
    )

    response = login(personas.admin).post(f"/brukere/{personas.los_a.pk}/deaktiver/")
    assert response.status_code == 302

    personas.los_a.refresh_from_db()
    assert not personas.los_a.is_active
    ended_on = Membership.objects.filter(user=personas.los_a).values_list("ends_on", flat=True)
    assert set(ended_on) == {timezone.localdate()}
    pending.refresh_from_db()
    assert pending not in policy.memberships_awaiting_decision_by(personas.leader_a)
    # Her session is gone: her browser is sent to log in.
    assert not UserSession.objects.filter(user=personas.los_a).exists()
    answer = lise.get("/")
    assert answer.status_code == 302 and answer["Location"].startswith("/konto/login/")
    # One row for the account, one for each role ended.
    assert account_rows(personas.los_a).get().fields == ["is_active", "sessions"]
    assert (
        AuditEvent.objects.filter(
            object_type="org.membership", fields=["ends_on"], actor=personas.admin
        ).count()
        == 2
    )
    body = access_changes(personas, login)
    assert "Deaktiverte kontoen" in body


def test_a_deactivated_user_cannot_log_in(personas, client):
    services.user_deactivate(actor=personas.admin, user=personas.los_a)
    client.post("/konto/login/", {"login": "lise_a", "password": "riktig-passord-123"})
    assert "_auth_user_id" not in client.session


def test_a_deactivated_user_gets_no_role(personas, login):
    services.user_deactivate(actor=personas.admin, user=personas.los_a)
    data = {"role": "caseworker", "unit": personas.unit_b.pk}
    client = login(personas.admin)
    client.post(f"/brukere/{personas.los_a.pk}/", data)
    assert not Membership.objects.filter(user=personas.los_a, unit=personas.unit_b).exists()
    page = client.get(f"/brukere/{personas.los_a.pk}/").content.decode()
    assert "Deaktivert" in page
    assert "Gi rolle" not in page


def test_the_service_gives_a_deactivated_account_no_role(personas):
    services.user_deactivate(actor=personas.admin, user=personas.los_a)
    before = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        services.membership_add(
            actor=personas.admin,
            user=personas.los_a,
            role="caseworker",
            municipality=personas.municipality,
            unit=personas.unit_b,
        )
    assert AuditEvent.objects.count() == before


def test_deactivating_twice_records_once(personas):
    services.user_deactivate(actor=personas.admin, user=personas.los_a)
    services.user_deactivate(actor=personas.admin, user=personas.los_a)
    assert account_rows(personas.los_a).count() == 1


def test_it_activates_an_account_again_with_its_roles_still_ended(personas, login):
    services.user_deactivate(actor=personas.admin, user=personas.los_a)
    response = login(personas.admin).post(f"/brukere/{personas.los_a.pk}/aktiver/")
    assert response.status_code == 302
    personas.los_a.refresh_from_db()
    assert personas.los_a.is_active
    assert not Membership.objects.active().filter(user=personas.los_a).exists()
    assert account_rows(personas.los_a).order_by("id").last().fields == ["is_active"]
    assert "Aktiverte kontoen igjen" in access_changes(personas, login)


def test_the_user_list_shows_a_deactivated_account(personas, login):
    services.user_deactivate(actor=personas.admin, user=personas.los_a)
    body = login(personas.admin).get("/brukere/?q=lise").content.decode()
    assert "Deaktivert" in body


# --- Password e-mail --------------------------------------------------------------------------


def test_it_sends_allauths_password_reset_mail(personas, login):
    personas.los_a.email = "lise@testvik.kommune.no"
    personas.los_a.save()
    client = login(personas.admin)
    page = client.get(f"/brukere/{personas.los_a.pk}/").content.decode()
    assert "Send e-post om nytt passord" in page
    response = client.post(f"/brukere/{personas.los_a.pk}/passord-epost/")
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["lise@testvik.kommune.no"]
    assert "/konto/password/reset/key/" in sent.body
    assert account_rows(personas.los_a).get().fields == ["password_reset_email"]
    assert "Sendte e-post om passord" in access_changes(personas, login)
    personas.los_a.refresh_from_db()
    assert personas.los_a.check_password("riktig-passord-123")  # nothing changed yet


def test_it_sends_no_mail_to_an_account_without_email(personas, login):
    client = login(personas.admin)
    response = client.post(f"/brukere/{personas.los_a.pk}/passord-epost/")
    assert response.status_code == 302
    assert mail.outbox == []
    assert not account_rows(personas.los_a).exists()
    assert "ingen e-postadresse" in client.get(response["Location"]).content.decode()


def test_the_one_time_password_keeps_its_label(personas, login):
    services.user_set_one_time_password(actor=personas.admin, user=personas.los_a)
    body = access_changes(personas, login)
    assert "Ga et engangspassord" in body
    assert "Endret kontoen" not in body
