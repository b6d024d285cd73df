"""End-to-end: OpenID Connect sign-in in Chromium, with the app's Content-Security-Policy
enforced, through a real provider implementation (panva's oidc-provider from npm, started on
127.0.0.1 by tests/e2e/oidc_provider/provider.mjs). Django's test client enforces no CSP, so only
a browser shows whether the login form's redirect to the provider is allowed (form-action).

A linked account at the required acr gets through to its second factor; a weaker acr, an unlinked
subject and an id_token carrying another nonce are refused with 403 and a `login_failed` row; the
authorize request uses PKCE (S256) and a nonce; replaying the callback URL is refused."""

import json
import secrets
import select
import socket
import subprocess
import tempfile
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
from allauth.socialaccount.models import SocialAccount
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.conftest import require_tool
from ungsam.access.models import AuditAction, AuditEvent
from ungsam.org import oidc_csp

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
PROVIDER_SCRIPT = Path(__file__).resolve().parent / "oidc_provider" / "provider.mjs"
CLIENT_ID = "ungsam-e2e"
CLIENT_SECRET = secrets.token_urlsafe(32)
LINKED = "linked-person"
UNLINKED = "unlinked-person"
HIGH, SUBSTANTIAL = "idporten-loa-high", "idporten-loa-substantial"
CALLBACK_PATH = "/konto/oidc/idporten/login/callback/"
STEP_TIMEOUT_MS = 10_000


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def issuer(live_server):
    """The provider, as a Node process on loopback for this module's tests; its issuer URL."""
    require_tool("node", "the OpenID Connect test runs oidc-provider on Node.js")
    require_tool(str(ROOT / "node_modules" / "oidc-provider"), "`npm ci` installs oidc-provider")
    config = {
        "port": free_port(),
        "clientId": CLIENT_ID,
        "clientSecret": CLIENT_SECRET,
        "redirectUri": f"{live_server.url}{CALLBACK_PATH}",
    }
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(
            ["node", str(PROVIDER_SCRIPT), json.dumps(config)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )
        try:
            ready, _, _ = select.select([process.stdout], [], [], 15)
            line = process.stdout.readline() if ready else ""
            if not line.startswith("ready "):
                log.seek(0)
                pytest.fail(f"oidc-provider did not start: {line!r} {log.read()}")
            yield line.split()[1]
        finally:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def idporten(settings, issuer):
    """The app configured for the provider through settings, as the environment would."""
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            **settings.SOCIALACCOUNT_PROVIDERS["openid_connect"],
            "APPS": [
                {
                    "provider_id": "idporten",
                    "name": "ID-porten",
                    "client_id": CLIENT_ID,
                    "secret": CLIENT_SECRET,
                    "settings": {"server_url": issuer},
                }
            ],
        }
    }
    settings.OIDC_REQUIRED_ACR = {"idporten": [HIGH]}
    oidc_csp.clear_cache()
    yield issuer
    oidc_csp.clear_cache()


@pytest.fixture
def linked(personas):
    """Lise (a case worker with TOTP enrolled), linked to the provider's subject LINKED."""
    SocialAccount.objects.create(user=personas.los_a, provider="idporten", uid=LINKED)
    return personas.los_a


@pytest.fixture
def open_browser(browser, browser_context_args):
    """A fresh browser (no cookies at the app or the provider) that enforces the CSP, and the
    CSP violations its console reports."""
    contexts = []

    def _open():
        context = browser.new_context(**{**browser_context_args, "bypass_csp": False})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(STEP_TIMEOUT_MS)
        violations: list[str] = []

        def on_console(message) -> None:
            if "Content Security Policy" in message.text:
                violations.append(message.text)

        page.on("console", on_console)
        return SimpleNamespace(page=page, context=context, csp_violations=violations)

    yield _open
    for context in contexts:
        context.close()


def assert_csp_enforced(browser, base: str) -> None:
    """The browser really applies the app's CSP: an injected inline script does not run."""
    probe = browser.context.new_page()
    probe.goto(f"{base}/konto/login/")
    ran = probe.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.cspProbe = true'; document.head.appendChild(s);"
        " return window.cspProbe === true; }"
    )
    probe.close()
    assert not ran, "the browser context does not enforce the CSP (bypass_csp?)"


def query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def begin_login(browser, base: str, issuer: str) -> str:
    """From Ungsam's login page to the provider's login form. Returns the authorize URL."""
    page = browser.page
    page.goto(f"{base}/konto/login/")
    page.click("a[href*='/konto/oidc/idporten/login/']")
    try:
        # allauth's "Continue" form posts to Ungsam, which answers with a redirect to the
        # provider: the step the CSP's form-action used to block.
        with page.expect_request(lambda r: r.url.startswith(f"{issuer}/auth?")) as authorize:
            page.click("main form button[type=submit]")
        page.wait_for_url(f"{issuer}/interaction/**")
    except PlaywrightTimeoutError:
        pytest.fail(f"the browser never reached the provider; CSP: {browser.csp_violations}")
    return authorize.value.url


def provider_login(browser, subject: str, acr: str):
    """Fill in the provider's login form; returns Ungsam's answer to the callback."""
    page = browser.page
    page.fill("input[name=sub]", subject)
    page.select_option("select[name=acr]", acr)
    with page.expect_response(lambda r: CALLBACK_PATH in r.url) as callback:
        page.click("button[type=submit]")
    page.wait_for_load_state()
    return callback.value


def failed_logins() -> list[tuple[str, str]]:
    rows = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED)
    return list(rows.values_list("object_type", "object_id"))


def test_a_linked_account_logs_in_with_pkce_and_a_nonce_and_the_callback_cannot_be_replayed(
    live_server, idporten, linked, open_browser
):
    base = live_server.url
    browser = open_browser()
    assert_csp_enforced(browser, base)

    authorize = query(begin_login(browser, base, idporten))
    assert authorize["code_challenge_method"] == "S256" and len(authorize["code_challenge"]) >= 43
    assert len(authorize["nonce"]) >= 32
    assert authorize["acr_values"] == HIGH
    assert authorize["redirect_uri"] == f"{base}{CALLBACK_PATH}"
    assert browser.page.inner_text("#requested-acr") == HIGH

    callback = provider_login(browser, LINKED, HIGH)
    assert callback.status == 302
    # The account has a second factor: Ungsam asks for it after the provider.
    browser.page.wait_for_url(f"{base}/konto/2fa/authenticate/")
    assert failed_logins() == []

    # The same callback again (state and code replayed): the state was used up.
    replay = browser.page.goto(callback.url)
    assert replay is not None and replay.status in (400, 401, 403), replay.status
    assert urlsplit(browser.page.url).path == CALLBACK_PATH
    assert not browser.csp_violations, browser.csp_violations


def test_a_login_below_the_required_acr_is_refused(live_server, idporten, linked, open_browser):
    browser = open_browser()
    begin_login(browser, live_server.url, idporten)
    callback = provider_login(browser, LINKED, SUBSTANTIAL)
    assert callback.status == 403
    assert "sikkerhetsnivå" in browser.page.inner_text("main")
    assert failed_logins() == [("org.user", str(linked.pk))]
    assert not browser.csp_violations, browser.csp_violations


def test_an_unlinked_subject_is_refused(live_server, idporten, linked, open_browser):
    browser = open_browser()
    begin_login(browser, live_server.url, idporten)
    callback = provider_login(browser, UNLINKED, HIGH)
    assert callback.status == 403
    text = browser.page.inner_text("main")
    assert "ingen Ungsam-konto er knyttet til denne innloggingen" in text
    assert UNLINKED not in browser.page.content()
    assert SocialAccount.objects.filter(uid=UNLINKED).count() == 0
    assert failed_logins() == [("", "")]
    assert not browser.csp_violations, browser.csp_violations


def test_an_id_token_with_another_nonce_is_refused(live_server, idporten, linked, open_browser):
    """The provider signs whatever nonce the authorize request carried: send it one that is not
    the one Ungsam stashed with the state, as an attacker replaying another login's answer."""
    browser = open_browser()
    parts = urlsplit(begin_login(browser, live_server.url, idporten))
    params = query(parts.geturl())
    params["nonce"] = secrets.token_urlsafe(32)
    browser.page.goto(urlunsplit(parts._replace(query=urlencode(params))))
    callback = provider_login(browser, LINKED, HIGH)
    assert callback.status == 403
    assert "Start innloggingen på nytt" in browser.page.inner_text("main")
    assert failed_logins() == [("org.user", str(linked.pk))]
    assert not browser.csp_violations, browser.csp_violations
