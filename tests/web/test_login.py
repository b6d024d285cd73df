"""Login: password, MFA required, lockout after failed attempts, idle timeout, logout of all
sessions. Login goes through allauth; these tests pin the settings and the behaviour we rely on."""

import re
import time
from datetime import timedelta

from allauth.account import app_settings as account_settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ungsam.access.models import AuditEvent
from ungsam.org.models import Membership, User

PASSWORD = "riktig-passord-123"


def new_caseworker(personas, username="uten_mfa"):
    user = User.objects.create_user(username=username, password=PASSWORD)
    Membership.objects.create(
        status="direct",
        user=user,
        municipality=personas.municipality,
        role="caseworker",
        unit=personas.unit_a,
    )
    return user


def password_login(user) -> Client:
    """Log in through the login form (allauth records the password), as a person does."""
    client = Client()
    response = client.post("/konto/login/", {"login": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client


def test_it_logs_in_with_password_and_asks_for_the_second_factor(personas):
    client = Client()
    response = client.post("/konto/login/", {"login": "lise_a", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/2fa/authenticate/")
    # Until the code is given, the user is not logged in.
    assert client.get("/").status_code == 302


def test_it_sends_a_user_without_mfa_to_set_it_up(personas):
    user = new_caseworker(personas)
    client = Client()
    client.force_login(user)
    response = client.get("/ungdom/")
    assert response.status_code == 302
    assert response["Location"] == reverse("account:mfa_setup")


def test_it_offers_both_an_authenticator_app_and_a_security_key(personas):
    client = password_login(new_caseworker(personas))
    response = client.get(reverse("account:mfa_setup"))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'href="{reverse("mfa_activate_totp")}"' in page
    assert f'href="{reverse("mfa_add_webauthn")}"' in page
    assert "Autentiseringsapp" in page and "Sikkerhetsnøkkel" in page
    # Someone who has a second factor already manages it on allauth's page.
    client = Client()
    client.force_login(personas.los_a)
    assert client.get(reverse("account:mfa_setup"))["Location"] == reverse("mfa_index")


def test_it_does_not_ask_for_the_password_again_right_after_login(personas, monkeypatch):
    client = password_login(new_caseworker(personas))
    for name in ("mfa_activate_totp", "mfa_add_webauthn"):
        assert client.get(reverse(name)).status_code == 200, name
    # An old login is asked again (allauth's reauthentication) before a factor is added.
    later = time.time() + account_settings.REAUTHENTICATION_TIMEOUT + 60
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_it_names_the_security_key_field_in_norwegian(personas):
    page = password_login(new_caseworker(personas)).get(reverse("mfa_add_webauthn"))
    assert page.status_code == 200
    label = re.search(r'<label class="ds-label" for="id_name">(.*?)</label>', page.content.decode())
    assert label, "no label for the key's name"
    assert "Name" not in label.group(1)
    assert "Navn på nøkkelen" in label.group(1)


def test_it_lets_demo_users_skip_mfa_only_when_the_setting_says_so(personas, settings):
    user = new_caseworker(personas)
    settings.DEMO_SKIP_MFA = True
    client = Client()
    client.force_login(user)
    assert client.get("/").status_code == 200
    login_page = Client().get("/konto/login/").content.decode()
    assert 'class="ds-alert" data-color="warning"' in login_page


def test_it_locks_an_account_after_five_failed_logins(personas):
    client = Client()
    for _ in range(5):
        response = client.post("/konto/login/", {"login": "lise_a", "password": "feil"})
        assert response.status_code == 200
    # Even the right password is refused while the account is locked.
    response = client.post("/konto/login/", {"login": "lise_a", "password": PASSWORD})
    assert response.status_code in (200, 429)
    assert "/konto/2fa/authenticate/" not in response.get("Location", "")
    assert AuditEvent.objects.filter(action="login_failed").count() >= 5


def test_it_ends_a_session_after_the_idle_timeout(personas, login, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client = login(personas.los_a)
    assert client.get("/").status_code == 200
    session = Session.objects.get()
    # Each request moves the expiry forward (sliding idle timeout).
    assert session.expire_date > timezone.now() + timedelta(minutes=29)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


def test_it_logs_out_every_other_session(personas):
    phone, laptop = Client(), Client()
    phone.force_login(personas.los_a)
    laptop.force_login(personas.los_a)
    assert phone.get("/").status_code == 200
    assert laptop.get("/").status_code == 200
    response = laptop.post("/konto/sessions/")
    assert response.status_code == 302
    assert phone.get("/").status_code == 302
    assert laptop.get("/").status_code == 200


def test_it_has_no_self_sign_up(db):
    response = Client().get("/konto/signup/")
    assert response.status_code in (200, 404)
    assert 'name="password1"' not in response.content.decode()


def test_it_records_logins_and_logouts(personas):
    client = Client()
    client.force_login(personas.los_a)
    client.post("/konto/logout/")
    actions = list(AuditEvent.objects.filter(actor=personas.los_a).values_list("action", flat=True))
    assert "login" in actions and "logout" in actions


def test_it_protects_the_account_pages(db):
    for url in ("/konto/2fa/", "/konto/sessions/", "/konto/password/change/"):
        response = Client().get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/konto/login/"), url


def test_it_mails_a_password_reset_link(personas, mailoutbox):
    personas.los_a.email = "lise@fiktivik.kommune.no"
    personas.los_a.save()
    response = Client().post("/konto/password/reset/", {"email": "lise@fiktivik.kommune.no"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1


def test_it_survives_a_mail_server_that_is_down(personas, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    personas.los_a.email = "lise@fiktivik.kommune.no"
    personas.los_a.save()
    response = Client().post("/konto/password/reset/", {"email": "lise@fiktivik.kommune.no"})
    assert response.status_code == 302


def test_it_lets_a_user_enrol_a_second_factor_after_asking_for_a_password_reset(personas):
    # Asking for a reset makes allauth copy the account's email into an unverified address,
    # and allauth refuses to add a second factor while one is unverified.
    user = new_caseworker(personas)
    user.email = "uten.mfa@fiktivik.kommune.no"
    user.save()
    assert Client().post("/konto/password/reset/", {"email": user.email}).status_code == 302
    client = password_login(user)
    for name in ("mfa_activate_totp", "mfa_add_webauthn"):
        response = client.get(reverse(name))
        assert response.status_code == 200, f"{name}: {response.get('Location')}"


def test_it_mails_an_unknown_address_without_inviting_to_sign_up(personas, mailoutbox):
    personas.los_a.email = "lise@fiktivik.kommune.no"
    personas.los_a.save()
    known = Client().post("/konto/password/reset/", {"email": "lise@fiktivik.kommune.no"})
    unknown = Client().post("/konto/password/reset/", {"email": "ukjent@fiktivik.kommune.no"})
    # The same answer either way: the page tells nobody whether the address has an account.
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert [m.to for m in mailoutbox] == [
        ["lise@fiktivik.kommune.no"],
        ["ukjent@fiktivik.kommune.no"],
    ]
    mail = mailoutbox[1]
    text = f"{mail.subject}\n{mail.body}"
    assert "signup" not in text and "sign up" not in text.lower()
    assert "registrer" not in text.lower() and "opprette en konto" not in text.lower()
    assert "ukjent@fiktivik.kommune.no" in mail.body
    assert "Ingen konto i Ungsam har denne adressen" in mail.body  # Norwegian, by default
    assert "administrator" in mail.body  # who makes the accounts here
