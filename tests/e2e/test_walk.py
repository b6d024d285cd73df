"""End-to-end: every demo role logs in with two factors in a real browser and walks every page
it can reach. Each page must answer without error, pass axe-core's WCAG 2.1 A/AA rules, load
nothing from outside the server, and keep the CSP (no inline script, no style attributes)."""

import re
from collections import deque
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

from tests.e2e.conftest import (
    Recorder,
    csp_problems,
    fresh_totp_code,
    log_in,
    page_problems,
    run_axe,
)
from ungsam.people.models import Youth
from ungsam.web.demo import DEMO_PASSWORD, DEMO_USERS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
# One user of each role is enough: users of one role see the same pages.
ONE_PER_ROLE = []
for _demo in DEMO_USERS:
    if _demo.role not in {d.role for d in ONE_PER_ROLE}:
        ONE_PER_ROLE.append(_demo)
# The account pages a user reaches from the header and the account menu. The rest of allauth
# (activating a key, recovery codes, ...) is allauth's own flow and needs re-authentication.
ACCOUNT_PAGES = ["/konto/2fa/", "/konto/sessions/", "/konto/password/change/"]
NEVER_FOLLOW = ("/konto/logout/", "/i18n/")
DOWNLOAD = re.compile(r"\.(pdf|json)$")
MAX_PAGES = 30


def pattern(path: str) -> str:
    """/ungdom/17/ and /ungdom/18/ are the same page: walk one of them."""
    return re.sub(r"/\d+(?=/|$|\.)", "/<id>", path)


def same_origin_links(page: Page, selector: str, netloc: str) -> list[str]:
    hrefs = page.eval_on_selector_all(selector, "els => els.map(e => e.href)")
    return [h for h in hrefs if urlsplit(h).netloc == netloc]


def check_page(page: Page, url: str, problems: list[str]) -> bool:
    """Open one page and note everything wrong with it. False if it did not load."""
    response = page.goto(url)
    path = urlsplit(page.url).path
    if response is None or response.status >= 400:
        problems.append(f"{url}: status {response.status if response else 'none'}")
        return False
    problems.extend(f"{path}: {p}" for p in csp_problems(response.text()))
    problems.extend(page_problems(page, path))
    return True


@pytest.mark.parametrize("demo_user", ONE_PER_ROLE, ids=lambda d: f"{d.role}-{d.username}")
def test_each_role_walks_every_page_it_can_reach(demo, live_server, page, demo_user):
    base = live_server.url
    netloc = urlsplit(base).netloc
    recorder = Recorder(page, base)
    log_in(page, base, demo_user.username)

    problems: list[str] = []
    nav = same_origin_links(page, "nav.site-nav a[href]", netloc)
    assert nav, "the main menu has no links"
    queue = deque([f"{base}/", *nav, *(f"{base}{p}" for p in ACCOUNT_PAGES)])
    seen: set[str] = set()
    downloads: set[str] = set()
    walked: list[str] = []
    while queue and len(walked) < MAX_PAGES:
        url = queue.popleft().split("#")[0]
        parts = urlsplit(url)
        if parts.query or pattern(parts.path) in seen:
            continue
        seen.add(pattern(parts.path))
        if not check_page(page, url, problems):
            continue
        walked.append(parts.path)
        # From every page: the main menu, and in the content the first link of each kind (the
        # first youth of the list, the first user, "New user", ...).
        for link in same_origin_links(page, "nav.site-nav a[href], main a[href]", netloc):
            path = urlsplit(link).path
            if DOWNLOAD.search(path):
                downloads.add(link.split("#")[0])
            elif path.startswith(NEVER_FOLLOW):
                continue
            elif path.startswith("/konto/") and path not in ACCOUNT_PAGES:
                continue
            elif pattern(path) not in seen:
                queue.append(link)

    for url in sorted(downloads):
        response = page.request.get(url)
        if response.status != 200:
            problems.append(f"{urlsplit(url).path}: download answered {response.status}")

    print(f"{demo_user.username} walked {len(walked)} pages: {walked}; downloads {downloads}")
    assert len(walked) < MAX_PAGES, f"the walk did not end: {walked}"
    assert "/" in walked and "/konto/2fa/" in walked and "/konto/sessions/" in walked
    if demo_user.role in ("caseworker", "leader", "field_worker"):
        assert any(pattern(p) == "/ungdom/<id>/" for p in walked), "no youth page was walked"
    if demo_user.role == "admin":
        assert any(pattern(p) == "/brukere/<id>/" for p in walked), "no user page was walked"
    assert not recorder.foreign, f"requests outside the server: {recorder.foreign}"
    assert not problems, "\n".join(problems)


def test_analyst_admin_and_partner_do_not_see_youth(demo, live_server, new_context):
    base = live_server.url
    youth_id = Youth.objects.order_by("pk").values_list("pk", flat=True).first()
    assert youth_id is not None
    problems: list[str] = []
    for username in ("ana.analytiker", "adam.admin", "sara.skole"):
        page = new_context().new_page()
        log_in(page, base, username)
        links = page.locator("nav.site-nav a")
        hrefs = [urlsplit(h).path for h in links.evaluate_all("els => els.map(e => e.href)")]
        labels = [t.strip() for t in links.all_inner_texts()]

        response = page.goto(f"{base}/ungdom/{youth_id}/")
        assert response is not None and response.status == 404, f"{username} saw a youth"
        problems.extend(f"404 for {username}: axe {line}" for line in run_axe(page))
        for fmt in ("pdf", "json"):
            download = page.request.get(f"{base}/ungdom/{youth_id}/innsyn.{fmt}")
            assert download.status == 404, f"{username} got the {fmt} subject access export"

        if username == "sara.skole":
            # Partners see a youth only with consent and a care team: none in the demo.
            response = page.goto(f"{base}/ungdom/")
            assert response is not None and response.status == 200
            assert page.locator("#youth-rows table").count() == 0
            assert page.locator(f"a[href^='/ungdom/{youth_id}']").count() == 0
        else:
            assert "/ungdom/" not in hrefs, f"{username} has a youth link in the menu"
            assert not {"Ungdom", "Youth"} & set(labels), f"{username} menu: {labels}"
            response = page.goto(f"{base}/ungdom/")
            assert response is not None and response.status == 404
    assert not problems, "\n".join(problems)


def nb_catalog_has(msgid: str) -> bool:
    po = ROOT / "locale" / "nb" / "LC_MESSAGES" / "django.po"
    if not po.exists():
        return False
    match = re.search(rf'msgid "{re.escape(msgid)}"\nmsgstr "(.+)"', po.read_text("utf-8"))
    return bool(match)


def test_it_speaks_norwegian_by_default(demo, live_server, page):
    base = live_server.url
    problems: list[str] = []
    response = page.goto(f"{base}/konto/login/")
    assert response is not None and response.status == 200
    assert page.get_attribute("html", "lang") == "nb"
    if nb_catalog_has("Log in to Ungsam"):
        assert "Logg inn" in page.inner_text("main h1")
    # The two login pages are seen by everyone: check them here, once.
    problems.extend(page_problems(page, "/konto/login/"))

    page.fill("input[name=login]", "lise.los")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/konto/2fa/authenticate/")
    assert page.get_attribute("html", "lang") == "nb"
    problems.extend(page_problems(page, "/konto/2fa/authenticate/"))
    page.fill("input[name=code]", fresh_totp_code())
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/")
    assert page.get_attribute("html", "lang") == "nb"
    assert page.locator("#language-select").input_value() == "nb"
    assert not problems, "\n".join(problems)
