"""Browser fixtures for the end-to-end walk: Debian's Chromium, no outside network, the app's
CSP enforced (every violation the console reports fails the test), and the demo municipality
Fiktivik. Demo users set up their second factor in the browser as a person does; the tests that
only need someone logged in take a fast path (a TOTP secret written to the database)."""

import html
import re
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.utils.translation import trans_real
from playwright.sync_api import Page

from tests.conftest import require_tool
from ungsam.org.demo import DEMO_PASSWORD, DEMO_USERS
from ungsam.org.models import User

CHROMIUM = "/usr/bin/chromium"
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # 160 bits: pyotp refuses fewer than 112
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    require_tool(CHROMIUM, "the end-to-end tests drive Debian's Chromium")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            # Chromium's own look-ups of outside hosts go nowhere; the live server still loads.
            "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost, EXCLUDE 127.0.0.1",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # The app's CSP is enforced, as for a real user: axe-core goes in through page.evaluate(),
    # which the CSP does not govern (see run_axe), and Recorder fails a test on any violation.
    return {**browser_context_args, "locale": "nb-NO"}


@pytest.fixture
def demo(transactional_db, demo_data):
    """Fiktivik (restored from the run's snapshot, see tests/conftest.py's `demo_data`). The
    demo accounts are made by seed_demo and must choose their own password at first login
    (DEBUG is off here); `first_login` walks that in the browser, so the others start with
    their own password already chosen. Each has the same TOTP secret (the fast path)."""
    # allauth remembers used TOTP codes (and login attempts) in the cache, which the live
    # server thread shares with the test: start each test with a clean slate.
    cache.clear()
    users = User.objects.filter(username__in=[d.username for d in DEMO_USERS])
    users.update(must_set_password=False, initial_password_used=False)
    for user in users:
        Authenticator.objects.create(
            user=user, type=Authenticator.Type.TOTP, data={"secret": TOTP_SECRET}
        )
    yield
    cache.clear()


def without_second_factor(username: str, *, must_set_password: bool = False) -> User:
    """A demo user as an admin leaves a new account: no second factor yet and, if asked, the
    admin's password to be replaced at first login."""
    user = User.objects.get(username=username)
    Authenticator.objects.filter(user=user).delete()
    user.must_set_password = must_set_password
    user.initial_password_used = False
    user.save()
    return user


def fresh_totp_code(secret: str = TOTP_SECRET) -> str:
    """The current code, but never one that expires before the server checks it (tolerance 0)."""
    if 30 - time.time() % 30 < 3:
        time.sleep(30 - time.time() % 30 + 0.1)
    return pyotp.TOTP(secret).now()


def submit(page: Page, form: str = "main form") -> None:
    page.click(f"{form} button[type=submit]")


def log_in_with_password(page: Page, base_url: str, username: str, password: str) -> None:
    """The login form; the page that follows depends on the account."""
    page.goto(f"{base_url}/konto/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        submit(page)


# The last code each user logged in with: allauth refuses a code used once (a replay), so a
# user who logs in again within the same 30 seconds waits for the next code, as a person would.
_last_code: dict[str, str] = {}


def log_in(page: Page, base_url: str, username: str) -> None:
    """Password, then the TOTP code on allauth's MFA page; ends on the dashboard."""
    log_in_with_password(page, base_url, username, DEMO_PASSWORD)
    page.wait_for_url("**/konto/2fa/authenticate/")
    code = fresh_totp_code()
    if _last_code.get(username) == code:
        time.sleep(30 - time.time() % 30 + 0.1)
        code = fresh_totp_code()
    _last_code[username] = code
    page.fill("input[name=code]", code)
    submit(page)
    page.wait_for_url(f"{base_url}/")


def enrol_totp(page: Page, base_url: str, problems: list[str] | None = None) -> list[str]:
    """From the forced MFA set-up page: the authenticator app, answered with the secret the
    activation page shows (as a person types it into the app). Returns the recovery codes
    allauth then shows; ends on the dashboard. With `problems`, checks each page on the way."""

    def check(label: str) -> None:
        if problems is not None:
            problems.extend(page_problems(page, label))

    page.wait_for_url(f"{base_url}/konto/tofaktor/")
    check("/konto/tofaktor/")
    page.get_by_role("link", name="Sett opp autentiseringsapp").click()
    page.wait_for_url(f"{base_url}/konto/2fa/totp/activate/")
    check("/konto/2fa/totp/activate/")
    secret = page.input_value("#authenticator_secret")
    page.fill("input[name=code]", fresh_totp_code(secret))
    submit(page)
    page.wait_for_url(f"{base_url}/konto/2fa/recovery-codes/")
    check("/konto/2fa/recovery-codes/")
    codes = page.input_value("#recovery_codes").split()
    page.goto(f"{base_url}/")
    return codes


def log_out(page: Page, base_url: str) -> None:
    page.get_by_role("button", name="Logg ut").click()
    page.wait_for_url(f"{base_url}/konto/login/")


class Recorder:
    """What a page does behind the scenes: every request (nothing may leave the live server),
    every CSP violation the console reports, every uncaught script error, and every resource
    that failed to load (a style sheet, a script, an image, the browser's own /favicon.ico).
    A page the test navigates to may answer an error status: the test checks that itself."""

    def __init__(self, page: Page, base_url: str):
        self.netloc = urlsplit(base_url).netloc
        self.foreign: list[str] = []
        self.csp: list[str] = []
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.visited: list[str] = []
        self.documents: set[str] = set()
        page.on("request", self._on_request)
        page.on("response", self._on_response)
        page.on("requestfailed", self._on_request_failed)
        page.on("console", lambda message: self._on_console(page, message))
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))
        page.on("framenavigated", self._on_navigated)

    def _on_request(self, request) -> None:
        parts = urlsplit(request.url)
        # data: and blob: URLs never reach the network; everything else must be the server.
        if parts.scheme in ("data", "blob"):
            return
        if parts.netloc != self.netloc:
            self.foreign.append(request.url)

    def _on_response(self, response) -> None:
        if response.request.is_navigation_request():
            self.documents.add(response.url)
        elif response.status >= 400:
            self.failed.append(f"{response.url}: {response.status}")

    def _on_request_failed(self, request) -> None:
        # A load cut short by the next navigation is aborted, not failed.
        if request.failure != "net::ERR_ABORTED":
            self.failed.append(f"{request.url}: {request.failure}")

    def _on_console(self, page: Page, message) -> None:
        where = message.location.get("url") or page.url
        if "Content Security Policy" in message.text:
            self.csp.append(f"{urlsplit(where).path}: {message.text}")
        elif message.text.startswith("Failed to load resource") and where not in self.documents:
            # "... the server responded with a status of 404", also for the requests the
            # browser makes on its own and reports nowhere else (/favicon.ico).
            self.failed.append(f"{where}: {message.text}")

    def _on_navigated(self, frame) -> None:
        if frame.parent_frame is None:
            self.visited.append(urlsplit(frame.url).path)

    def problems(self) -> list[str]:
        return (
            [f"request outside the server: {url}" for url in self.foreign]
            + [f"CSP violation: {text}" for text in self.csp]
            + [f"script error: {text}" for text in self.errors]
            + [f"failed to load {text}" for text in sorted(set(self.failed))]
        )


AXE_SOURCE = AXE_JS.read_text(encoding="utf-8") if AXE_JS.exists() else ""


def run_axe(page: Page) -> list[str]:
    """The WCAG 2.1 A/AA violations on the page, one readable line per violation."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, not as a <script> the page's CSP would block.
        page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        "o => axe.run(document, o)",
        {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    lines = []
    for v in result["violations"]:
        targets = [" ".join(map(str, n["target"])) for n in v["nodes"]]
        summary = v["nodes"][0].get("failureSummary", "").replace("\n", " ") if v["nodes"] else ""
        lines.append(
            f"{v['id']} ({v['impact']}): {v['help']}; targets {targets[:6]}"
            f"{' …' if len(targets) > 6 else ''}; {summary}"
        )
    return lines


DESKTOP = {"width": 1280, "height": 720}
PHONE = {"width": 360, "height": 740}


def page_problems(page: Page, label: str) -> list[str]:
    """axe on the open page on a desktop and on a 360 px phone (the field workers' screen),
    and whether the page scrolls sideways on the phone."""
    page.set_viewport_size(DESKTOP)
    problems = [f"{label}: axe {line}" for line in run_axe(page)]
    page.set_viewport_size(PHONE)
    problems += [f"{label} (360px): axe {line}" for line in run_axe(page)]
    width = page.evaluate("() => document.documentElement.scrollWidth")
    if width > PHONE["width"] + 1:
        problems.append(f"{label} (360px): the page scrolls sideways, {width}px wide")
    page.set_viewport_size(DESKTOP)
    return problems


# A <script> without src= runs inline, unless it is data (json_script's type="application/json").
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle=", re.I)


def csp_problems(html: str) -> list[str]:
    """What the app's CSP forbids in the HTML itself (the browser reports what it blocked, see
    Recorder; this names the markup even where nothing happened to run)."""
    problems = []
    if INLINE_SCRIPT.search(html):
        problems.append("inline <script>")
    if STYLE_ATTRIBUTE.search(html):
        problems.append("style= attribute")
    return problems


class Untranslated:
    """The messages the server looked up in Bokmål and found in no catalog (ours, Django's,
    allauth's): gettext then gives back the English msgid. Records every thread's look-ups, so
    the live server's too; `on_page` keeps those whose words the open page shows."""

    PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifr]|\{[^}]*\}")

    def __init__(self, monkeypatch):
        self.missed: set[str] = set()
        self._translated: set[str] | None = None
        self._lock = threading.Lock()
        translation = trans_real.DjangoTranslation
        gettext, ngettext = translation.gettext, translation.ngettext
        record = self._record

        def recording_gettext(self, message):
            record(self, message, (message, 0))
            return gettext(self, message)

        def recording_ngettext(self, singular, plural, n):
            record(self, (singular, 0), (singular, 1))
            return ngettext(self, singular, plural, n)

        monkeypatch.setattr(translation, "gettext", recording_gettext)
        monkeypatch.setattr(translation, "ngettext", recording_ngettext)

    def _record(self, translation, *keys) -> None:
        message = keys[0][0] if isinstance(keys[0], tuple) else keys[0]
        if translation.language() != "nb":
            return
        if any(key in translation._catalog for key in keys):
            return
        # Nor does a translation handed to gettext again ({% get_available_languages %} does so
        # with settings.LANGUAGES): it is Bokmål already.
        if self._translated is None:
            self._translated = set(translation._catalog._catalogs[0].values()).union(
                *(catalog.values() for catalog in translation._catalog._catalogs[1:])
            )
        if message in self._translated:
            return
        with self._lock:
            self.missed.add(message.split(trans_real.CONTEXT_SEPARATOR)[-1])

    def clear(self) -> None:
        with self._lock:
            self.missed.clear()

    def on_page(self, page: Page) -> list[str]:
        return self.shown_in(page.content())

    def shown_in(self, markup: str) -> list[str]:
        """The missed messages whose every word-bearing part is in the page's HTML (a message is
        looked up in more places than it is shown: form error texts, choices)."""
        shown = " ".join(html.unescape(markup).split())
        with self._lock:
            missed = sorted(self.missed)
        found = []
        for message in missed:
            parts = [" ".join(p.split()) for p in self.PLACEHOLDER.split(message)]
            parts = [p for p in parts if re.search(r"[A-Za-z]{2}", p)]
            if parts and all(p in shown for p in parts):
                found.append(message)
        return found


@pytest.fixture
def untranslated(monkeypatch) -> Untranslated:
    return Untranslated(monkeypatch)


# Common English words that are no Norwegian words: one on a Bokmål page is text that never
# went through gettext (the catalog check above sees only what did).
ENGLISH_WORDS = re.compile(
    r"\b(the|your|you|please|this|that|with|which|should|been|there|here|could|would|"
    r"password|account|enter|click|select|required|invalid|error)\b",
    re.I,
)


def english_on_page(page: Page) -> list[str]:
    """Visible lines of a Bokmål page with an English word in them."""
    text = page.evaluate(
        """() => [document.body.innerText,
                  ...[...document.querySelectorAll('[aria-label],[placeholder],[title]')]
                      .map(e => ['aria-label', 'placeholder', 'title']
                          .map(a => e.getAttribute(a) || '').join(' '))].join('\\n')"""
    )
    return [line.strip() for line in text.splitlines() if ENGLISH_WORDS.search(line)]
