"""Browser fixtures for the end-to-end walk: Debian's Chromium, no outside network, the demo
municipality Fiktivik with a known TOTP secret for every demo user."""

import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.core.management import call_command
from playwright.sync_api import Page

from tests.conftest import require_tool
from ungsam.org.models import User
from ungsam.web.demo import DEMO_PASSWORD, DEMO_USERS

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
    return {
        **browser_context_args,
        # Only so axe-core can be injected as an inline <script>: the app's CSP (script-src
        # 'self') would block it. The app itself never relies on this; `assert_csp_clean`
        # checks every page's HTML for inline scripts and style attributes instead.
        "bypass_csp": True,
        "locale": "nb-NO",
    }


@pytest.fixture
def demo(transactional_db):
    """Fiktivik, with every demo user enrolled in TOTP under one known secret."""
    # allauth remembers used TOTP codes (and login attempts) in the cache, which the live
    # server thread shares with the test: start each test with a clean slate.
    cache.clear()
    call_command("seed_demo", verbosity=0)
    for user in User.objects.filter(username__in=[d.username for d in DEMO_USERS]):
        Authenticator.objects.create(
            user=user, type=Authenticator.Type.TOTP, data={"secret": TOTP_SECRET}
        )
    yield
    cache.clear()


def fresh_totp_code() -> str:
    """The current code, but never one that expires before the server checks it (tolerance 0)."""
    if 30 - time.time() % 30 < 3:
        time.sleep(30 - time.time() % 30 + 0.1)
    return pyotp.TOTP(TOTP_SECRET).now()


def log_in(page: Page, base_url: str, username: str) -> None:
    """Password, then the TOTP code on allauth's MFA page; ends on the dashboard."""
    page.goto(f"{base_url}/konto/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/konto/2fa/authenticate/")
    page.fill("input[name=code]", fresh_totp_code())
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base_url}/")


class Recorder:
    """Every request a page makes, to prove nothing leaves the live server."""

    def __init__(self, page: Page, base_url: str):
        self.netloc = urlsplit(base_url).netloc
        self.foreign: list[str] = []
        page.on("request", self._on_request)

    def _on_request(self, request) -> None:
        parts = urlsplit(request.url)
        # data: and blob: URLs never reach the network; everything else must be the server.
        if parts.scheme in ("data", "blob"):
            return
        if parts.netloc != self.netloc:
            self.foreign.append(request.url)


def run_axe(page: Page) -> list[str]:
    """The WCAG 2.1 A/AA violations on the page, one readable line per violation."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
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
    """What the browser would block under the app's CSP, which bypass_csp hides from the test."""
    problems = []
    if INLINE_SCRIPT.search(html):
        problems.append("inline <script>")
    if STYLE_ATTRIBUTE.search(html):
        problems.append("style= attribute")
    return problems
