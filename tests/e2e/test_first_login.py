"""End-to-end: the first login of an account someone else made, as a person meets it in
Chromium with the CSP enforced. Choose one's own password, pick a second factor on the forced
set-up page, enrol it (an authenticator app answered with pyotp; a security key from Chromium's
virtual authenticator), and log in again with it or with a recovery code. Every page on the way
passes axe-core, and the password is asked once."""

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import Page, expect

from tests.e2e.conftest import (
    Recorder,
    enrol_totp,
    log_in_with_password,
    log_out,
    page_problems,
    submit,
    without_second_factor,
)
from ungsam.org.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OWN = "odas-eget-passord-2026"


def test_a_new_account_chooses_its_password_then_sets_up_an_authenticator_app(
    demo, live_server, page
):
    base = live_server.url
    recorder = Recorder(page, base)
    problems: list[str] = []
    without_second_factor("oda.ot", must_set_password=True)

    log_in_with_password(page, base, "oda.ot", DEMO_PASSWORD)
    page.wait_for_url(f"{base}/konto/velg-passord/")
    expect(page.locator("main h1")).to_have_text("Velg ditt eget passord")
    problems.extend(page_problems(page, "/konto/velg-passord/"))
    page.goto(f"{base}/ungdom/")
    page.wait_for_url(f"{base}/konto/velg-passord/")  # nothing else until then

    page.fill("#id_new_password1", OWN)
    page.fill("#id_new_password2", OWN + "!")
    submit(page)
    expect(page.locator("#form-errors")).to_be_visible()
    problems.extend(page_problems(page, "/konto/velg-passord/ (errors)"))
    page.fill("#id_new_password1", OWN)
    page.fill("#id_new_password2", OWN)
    submit(page)

    # Straight on to MFA set-up: no second password prompt on the way.
    page.wait_for_url(f"{base}/konto/tofaktor/")
    expect(page.get_by_role("status")).to_contain_text("Passordet ditt er lagret")
    codes = enrol_totp(page, base, problems)
    page.wait_for_url(f"{base}/")
    assert "/konto/reauthenticate/" not in recorder.visited, recorder.visited
    assert len(codes) >= 8

    # The admin's password opened the account once; now it is a wrong password.
    log_out(page, base)
    log_in_with_password(page, base, "oda.ot", DEMO_PASSWORD)
    assert page.url.startswith(f"{base}/konto/login/")
    expect(page.locator("main")).to_contain_text("passord")

    # Her own password, and a recovery code instead of the app.
    log_in_with_password(page, base, "oda.ot", OWN)
    page.wait_for_url(f"{base}/konto/2fa/authenticate/")
    page.fill("input[name=code]", codes[0])
    submit(page)
    page.wait_for_url(f"{base}/")

    problems.extend(recorder.problems())
    assert not problems, "\n".join(problems)


def add_virtual_security_key(page: Page) -> None:
    """Chromium's virtual authenticator: a USB security key with a PIN that always answers."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )


def test_a_user_adds_a_security_key_and_logs_in_with_it(demo, live_server, page):
    base = live_server.url
    recorder = Recorder(page, base)
    problems: list[str] = []
    add_virtual_security_key(page)
    user = without_second_factor("nora.naervaer")

    log_in_with_password(page, base, user.username, DEMO_PASSWORD)
    page.wait_for_url(f"{base}/konto/tofaktor/")
    page.get_by_role("link", name="Legg til sikkerhetsnøkkel").click()
    page.wait_for_url(f"{base}/konto/2fa/webauthn/add/")
    expect(page.locator("label[for=id_name]")).to_contain_text("Navn på nøkkelen")
    problems.extend(page_problems(page, "/konto/2fa/webauthn/add/"))
    page.click("#mfa_webauthn_add")
    page.wait_for_url(f"{base}/konto/2fa/recovery-codes/")
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.WEBAUTHN).exists()
    page.goto(f"{base}/")
    page.wait_for_url(f"{base}/")
    assert "/konto/reauthenticate/" not in recorder.visited, recorder.visited

    log_out(page, base)
    log_in_with_password(page, base, user.username, DEMO_PASSWORD)
    page.wait_for_url(f"{base}/konto/2fa/authenticate/")
    problems.extend(page_problems(page, "/konto/2fa/authenticate/ (security key)"))
    page.get_by_role("button", name="Bruk en sikkerhetsnøkkel").click()
    page.wait_for_url(f"{base}/")

    problems.extend(recorder.problems())
    assert not problems, "\n".join(problems)


def test_a_security_key_that_fails_says_why(demo, live_server, page):
    """At http://127.0.0.1 (what `make run` used to print) the browser refuses WebAuthn ("invalid
    domain": the relying-party id cannot be an IP address). The page must say so."""
    base = live_server.url.replace("localhost", "127.0.0.1")
    recorder = Recorder(page, base)
    user = without_second_factor("lise.los")

    log_in_with_password(page, base, user.username, DEMO_PASSWORD)
    page.wait_for_url(f"{base}/konto/tofaktor/")
    page.get_by_role("link", name="Legg til sikkerhetsnøkkel").click()
    page.wait_for_url(f"{base}/konto/2fa/webauthn/add/")
    page.click("#mfa_webauthn_add")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("IP-adresse")
    expect(alert).to_contain_text("localhost")
    problems = page_problems(page, "/konto/2fa/webauthn/add/ (failed)")
    problems.extend(recorder.problems())
    assert not problems, "\n".join(problems)
