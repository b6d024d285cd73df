"""End-to-end: every demo role logs in in a real browser, sets up its authenticator app as a
person does, and walks every kind of page it can reach. Each page must answer without error,
pass axe-core's WCAG 2.1 A/AA rules, load nothing from outside the server and every resource it
names, keep the CSP (no inline script or style attribute, and no violation reported by the
browser, which enforces it), and speak Bokmål only (no message missing from the catalogs, no
English words)."""

import re
from collections import Counter, deque
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve
from playwright.sync_api import Page

from tests.e2e.conftest import (
    Recorder,
    Untranslated,
    csp_problems,
    english_on_page,
    enrol_totp,
    fresh_totp_code,
    log_in,
    log_in_with_password,
    page_problems,
    run_axe,
    without_second_factor,
)
from ungsam.org.demo import DEMO_PASSWORD, DEMO_USERS
from ungsam.people.models import Youth

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
# The account pages a user reaches from the header and the account menu. The rest of allauth
# (activating a key, recovery codes, ...) is allauth's own flow and needs re-authentication.
ACCOUNT_PAGES = ["/konto/2fa/", "/konto/sessions/", "/konto/password/change/"]
NEVER_FOLLOW = ("/konto/logout/", "/i18n/")
DOWNLOAD = re.compile(r"\.(pdf|json|xlsx)$")
# What each download must answer as (its Content-Type holds this).
DOWNLOAD_TYPES = {"pdf": "pdf", "json": "json", "xlsx": "spreadsheetml.sheet"}
# Stored files (a journal attachment, a consent's signed form): sent as downloads, so fetched,
# never navigated to (a browser does not render them as a page).
STORED_FILE = re.compile(r"/(journal/vedlegg/\d+|samtykke/\d+/skjema|sak/\d+/vedlegg/\d+)/$")
# /ungdom/17/ and /ungdom/18/ are one kind of page: the walk takes this many of each kind.
PAGES_PER_KIND = 1


def kind(path: str) -> str:
    """The URL pattern a path matches ("ungdom/<int:pk>/"); one kind for every unknown path.
    The URLconf has a fixed number of patterns, so a walk that opens at most PAGES_PER_KIND
    pages of each kind ends, however many links the pages have."""
    try:
        return resolve(path).route
    except Resolver404:
        return "(no such page)"


def pattern(path: str) -> str:
    """/ungdom/17/ → /ungdom/<id>/, for reading the walk's assertions."""
    return re.sub(r"/\d+(?=/|$|\.)", "/<id>", path)


def same_origin_links(page: Page, selector: str, netloc: str) -> list[str]:
    hrefs = page.eval_on_selector_all(selector, "els => els.map(e => e.href)")
    return [h for h in hrefs if urlsplit(h).netloc == netloc]


def check_page(
    page: Page, url: str, problems: list[str], untranslated: Untranslated | None = None
) -> bool:
    """Open one page and note everything wrong with it. False if it did not load."""
    if untranslated:
        untranslated.clear()
    response = page.goto(url)
    path = urlsplit(page.url).path
    if response is None or response.status >= 400:
        problems.append(f"{url}: status {response.status if response else 'none'}")
        return False
    if path != urlsplit(url).path:
        problems.append(f"{urlsplit(url).path}: redirected to {path}")  # e.g. logged out
    problems.extend(f"{path}: {p}" for p in csp_problems(response.text()))
    if "<" in page.title():
        problems.append(f"{path}: markup in the <title>: {page.title()!r}")
    if untranslated:
        problems.extend(bokmal_problems(page, path, untranslated))
    problems.extend(page_problems(page, path))
    return True


@pytest.mark.parametrize("demo_user", DEMO_USERS, ids=lambda d: f"{d.role}-{d.username}")
def test_each_role_walks_every_page_it_can_reach(demo, live_server, page, demo_user, untranslated):
    base = live_server.url
    netloc = urlsplit(base).netloc
    recorder = Recorder(page, base)
    without_second_factor(demo_user.username)
    log_in_with_password(page, base, demo_user.username, DEMO_PASSWORD)
    enrol_totp(page, base)

    problems: list[str] = []
    nav = same_origin_links(page, "nav.site-nav a[href]", netloc)
    assert nav, "the main menu has no links"
    queue = deque([f"{base}/", *nav, *(f"{base}{p}" for p in ACCOUNT_PAGES)])
    queued: set[str] = set()
    walked_kinds: Counter[str] = Counter()
    downloads: set[str] = set()
    files: set[str] = set()
    walked: list[str] = []
    while queue:
        url = queue.popleft().split("#")[0]
        parts = urlsplit(url)
        if parts.query or walked_kinds[kind(parts.path)] >= PAGES_PER_KIND:
            continue
        walked_kinds[kind(parts.path)] += 1
        if not check_page(page, url, problems, untranslated):
            continue
        walked.append(parts.path)
        # From every page: the main menu, and in the content every link to a page of a kind
        # not walked yet (the first youth of the list, the first user, "New user", ...).
        for link in same_origin_links(page, "nav.site-nav a[href], main a[href]", netloc):
            link = link.split("#")[0]
            path = urlsplit(link).path
            if DOWNLOAD.search(path):
                downloads.add(link)
            elif STORED_FILE.search(path):
                files.add(link)
            elif path.startswith(NEVER_FOLLOW):
                continue
            elif path.startswith("/konto/") and path not in ACCOUNT_PAGES:
                continue
            elif link not in queued and walked_kinds[kind(path)] < PAGES_PER_KIND:
                queued.add(link)
                queue.append(link)

    for url in sorted(downloads):
        response = page.request.get(url, max_redirects=0)
        content_type = response.headers.get("content-type", "")
        extension = urlsplit(url).path.rsplit(".", 1)[1]
        if response.status != 200 or DOWNLOAD_TYPES[extension] not in content_type:
            answer = f"{response.status} {content_type}"
            problems.append(f"{urlsplit(url).path}: download answered {answer}")

    for url in sorted(files):
        response = page.request.get(url, max_redirects=0)
        disposition = response.headers.get("content-disposition", "")
        if response.status != 200 or not disposition.startswith("attachment"):
            answer = f"{response.status} {disposition}"
            problems.append(f"{urlsplit(url).path}: stored file answered {answer}")

    print(f"{demo_user.username} walked {len(walked)} pages: {walked}; downloads {downloads}")
    assert "/" in walked and "/konto/2fa/" in walked and "/konto/sessions/" in walked
    if demo_user.role in ("caseworker", "leader", "field_worker"):
        assert any(pattern(p) == "/ungdom/<id>/" for p in walked), "no youth page was walked"
    if demo_user.role == "leader":
        subject_access = [d for d in downloads if "/innsyn." in d]
        assert len(subject_access) == 2, "a leader sees the subject access PDF and JSON links"
    if demo_user.role == "admin":
        assert any(pattern(p) == "/brukere/<id>/" for p in walked), "no user page was walked"
    assert "/konto/reauthenticate/" not in recorder.visited, "the password was asked twice"
    problems.extend(recorder.problems())
    assert not problems, "\n".join(problems)


def test_analyst_admin_and_partner_do_not_see_youth(demo, live_server, new_context):
    base = live_server.url
    youth_id = Youth.objects.order_by("pk").values_list("pk", flat=True).first()
    assert youth_id is not None
    problems: list[str] = []
    for username in ("ana.analytiker", "adam.admin", "sara.skole"):
        page = new_context().new_page()
        recorder = Recorder(page, base)
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
            # Partners see a youth only on their shared pages (consent and a care team), never
            # in the register: the demo's youth who shared with the school is not on /ungdom/.
            response = page.goto(f"{base}/ungdom/")
            assert response is not None and response.status == 200
            assert page.locator("#youth-rows table").count() == 0
            assert page.locator(f"a[href^='/ungdom/{youth_id}']").count() == 0
        else:
            assert "/ungdom/" not in hrefs, f"{username} has a youth link in the menu"
            assert not {"Ungdom", "Youth"} & set(labels), f"{username} menu: {labels}"
            response = page.goto(f"{base}/ungdom/")
            assert response is not None and response.status == 404
        problems.extend(f"{username}: {p}" for p in recorder.problems())
    assert not problems, "\n".join(problems)


def nb_catalog_has(msgid: str) -> bool:
    po = ROOT / "locale" / "nb" / "LC_MESSAGES" / "django.po"
    if not po.exists():
        return False
    # A translated entry that is not fuzzy (fuzzy entries are left out of the compiled .mo).
    entry = re.search(
        rf'(#, fuzzy\n)?msgid "{re.escape(msgid)}"\nmsgstr ((?:".*"\n?)+)', po.read_text("utf-8")
    )
    return bool(entry and not entry.group(1) and "".join(re.findall(r'"(.*)"', entry.group(2))))


def bokmal_problems(page: Page, label: str, untranslated: Untranslated) -> list[str]:
    return [f"{label}: not in Bokmål: {m!r}" for m in untranslated.on_page(page)] + [
        f"{label}: English on the page: {line!r}" for line in english_on_page(page)
    ]


def test_it_speaks_norwegian_by_default(demo, live_server, page, untranslated):
    base = live_server.url
    problems: list[str] = []
    recorder = Recorder(page, base)
    response = page.goto(f"{base}/konto/login/")
    assert response is not None and response.status == 200
    problems.extend(f"/konto/login/: {p}" for p in csp_problems(response.text()))
    assert page.get_attribute("html", "lang") == "nb"
    if nb_catalog_has("Log in to Ungsam"):
        heading = page.inner_text("main h1")
        assert "Logg inn" in heading, (
            f"the nb catalog translates the heading, but the page says {heading!r}: "
            "is django.mo compiled (`make messages`)?"
        )
    # The two login pages are seen by everyone: check them here, once.
    problems.extend(page_problems(page, "/konto/login/"))
    problems.extend(bokmal_problems(page, "/konto/login/", untranslated))

    page.fill("input[name=login]", "lise.los")
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_response(lambda r: r.url.endswith("/konto/2fa/authenticate/")) as mfa:
        page.click("main form button[type=submit]")
    page.wait_for_url("**/konto/2fa/authenticate/")
    assert page.get_attribute("html", "lang") == "nb"
    problems.extend(f"/konto/2fa/authenticate/: {p}" for p in csp_problems(mfa.value.text()))
    problems.extend(page_problems(page, "/konto/2fa/authenticate/"))
    problems.extend(bokmal_problems(page, "/konto/2fa/authenticate/", untranslated))
    page.fill("input[name=code]", fresh_totp_code())
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/")
    assert page.get_attribute("html", "lang") == "nb"
    assert page.locator("#language-select").input_value() == "nb"
    problems.extend(recorder.problems())
    assert not problems, "\n".join(problems)


def test_search_and_form_errors_stay_accessible(demo, live_server, new_context):
    """The two states a walk of plain pages never sees: htmx's live search and a form with
    errors."""
    base = live_server.url
    problems: list[str] = []

    page = new_context().new_page()
    recorders = [Recorder(page, base)]
    log_in(page, base, "lise.los")
    page.goto(f"{base}/ungdom/")
    first = page.locator("#youth-rows tbody a").first.inner_text()  # "Surname, First name"
    surname = first.split(",")[0]
    with page.expect_response(lambda r: "/ungdom/?q=" in r.url) as search:
        page.fill("#youth-q", surname)
    assert search.value.status == 200
    assert search.value.request.headers.get("hx-request") == "true", "the search reloaded"
    page.wait_for_function(
        "s => [...document.querySelectorAll('#youth-rows tbody a')]"
        ".every(a => a.textContent.startsWith(s))",
        arg=surname,
    )
    assert page.url == f"{base}/ungdom/"
    problems.extend(page_problems(page, "/ungdom/ (searched)"))
    with page.expect_response(lambda r: "/ungdom/?q=" in r.url):
        page.fill("#youth-q", "Ingen-slik-ungdom")
    page.wait_for_function("() => !document.querySelector('#youth-rows table')")
    problems.extend(page_problems(page, "/ungdom/ (no match)"))

    page = new_context().new_page()
    recorders.append(Recorder(page, base))
    log_in(page, base, "adam.admin")
    page.goto(f"{base}/brukere/ny/")
    with page.expect_response(lambda r: r.request.method == "POST") as post:
        page.click("main form button[type=submit]")
    assert post.value.status == 400
    assert page.locator("#form-errors").is_visible()
    assert page.locator("[aria-invalid=true]").count() > 0
    problems.extend(page_problems(page, "/brukere/ny/ (errors)"))
    problems.extend(p for recorder in recorders for p in recorder.problems())
    assert not problems, "\n".join(problems)
