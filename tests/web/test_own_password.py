"""First login of an account someone else made: the password they chose works once, and only to
choose one's own; then MFA set-up. Demo accounts are exempt while DEBUG is on."""

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from ungsam.access.models import AuditEvent
from ungsam.org.models import Membership, User

GIVEN = "gitt-av-admin-123"
OWN = "mitt-eget-lange-passord"


def new_account(personas, username="ny_bruker", **fields):
    user = User.objects.create_user(
        username=username, password=GIVEN, must_set_password=True, **fields
    )
    Membership.objects.create(
        status="direct",
        user=user,
        municipality=personas.municipality,
        role="caseworker",
        unit=personas.unit_a,
    )
    return user


def log_in(user, password=GIVEN):
    client = Client()
    response = client.post("/konto/login/", {"login": user.username, "password": password})
    return client, response


def test_it_sends_the_user_to_choose_a_password_before_anything_else(personas):
    user = new_account(personas)
    client, response = log_in(user)
    assert response.status_code == 302
    target = reverse("account:choose_password")
    # Every page, MFA set-up and allauth's account pages included, leads there first.
    for url in ("/", "/ungdom/", reverse("account:mfa_setup"), "/konto/2fa/", "/konto/sessions/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == target, url
    assert client.get(target).status_code == 200
    # Language and logout stay open.
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/ungdom/"})
    assert response["Location"] == "/ungdom/"
    assert client.post("/konto/logout/").status_code == 302
    assert client.get("/")["Location"].startswith("/konto/login/")


def test_the_password_someone_else_chose_works_for_one_login_only(personas):
    user = new_account(personas)
    log_in(user)
    user.refresh_from_db()
    assert user.initial_password_used
    failed_before = AuditEvent.objects.filter(action="login_failed").count()
    client, response = log_in(user)
    assert response.status_code == 200, "a second login with the given password got in"
    assert AuditEvent.objects.filter(action="login_failed").count() == failed_before + 1
    assert client.get("/")["Location"].startswith("/konto/login/")
    # It counts towards the lockout like any wrong password (5 per account).
    for _ in range(4):
        log_in(user)
    user.must_set_password = False
    user.save()
    _, response = log_in(user)
    assert response.status_code in (200, 429), "the lockout did not count the refused logins"


def test_it_lets_the_user_choose_a_password_and_go_on_to_mfa_set_up(personas):
    user = new_account(personas)
    client, _ = log_in(user)
    url = reverse("account:choose_password")
    for new1, new2 in ((OWN, OWN + "x"), ("123", "123"), (GIVEN, GIVEN)):
        response = client.post(url, {"new_password1": new1, "new_password2": new2})
        assert response.status_code == 400, (new1, new2)
        assert 'id="form-errors"' in response.content.decode()
    response = client.post(url, {"new_password1": OWN, "new_password2": OWN})
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.must_set_password and user.check_password(OWN)
    row = AuditEvent.objects.filter(action="update", object_id=str(user.pk)).first()
    assert row is not None and row.fields == ["password"] and row.actor_id == user.pk
    # Still logged in, on to MFA set-up, and not asked for the password again.
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("account:mfa_setup")
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    assert client.get(url)["Location"] == reverse("web:dashboard")
    # The own password logs in (more than once); the given one no longer does.
    for _ in range(2):
        assert log_in(user, OWN)[1].status_code == 302
    assert log_in(user, GIVEN)[1].status_code == 200


def test_a_user_with_mfa_gives_the_second_factor_before_choosing(personas):
    user = new_account(personas)
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    client, response = log_in(user)
    assert response["Location"].startswith("/konto/2fa/authenticate/")
    assert client.get("/")["Location"].startswith("/konto/login/")


@pytest.mark.parametrize("debug", [True, False])
def test_demo_accounts_are_exempt_only_while_debug_is_on(personas, settings, debug):
    settings.DEBUG = debug
    settings.DEMO_SKIP_MFA = True  # only so the demo user reaches the dashboard without MFA
    user = new_account(personas, username="lise.los")
    for _ in range(2):
        client, response = log_in(user)
        assert response.status_code == 302
        if not debug:
            break
    if debug:
        assert client.get("/").status_code == 200
    else:
        assert client.get("/")["Location"] == reverse("account:choose_password")
        assert log_in(user)[1].status_code == 200
