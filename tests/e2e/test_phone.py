"""A 360 px phone (the field workers' screen): the header folds its menu behind one button, and
tables turn into labelled rows, so a row's name and its buttons are never out of sight."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

from tests.e2e.conftest import DESKTOP, PHONE, Recorder, log_in, run_axe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HEADER_MAX = 90  # px: one row, the logo and the menu button


def header_height(page: Page) -> float:
    return page.locator("header.site-header").bounding_box()["height"]


def test_the_header_is_one_row_with_a_menu_button_on_a_phone(demo, live_server, page):
    base = live_server.url
    recorder = Recorder(page, base)
    log_in(page, base, "leo.leder")  # a leader has the longest menu
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/")
    button = page.locator("header summary.site-menu__button")
    menu = page.locator("nav.site-nav")
    assert button.is_visible() and button.inner_text().strip() == "Meny"
    assert not menu.is_visible(), "the menu is open before anyone asked"
    assert not page.get_by_role("button", name="Logg ut").is_visible()
    assert header_height(page) <= HEADER_MAX, f"the closed header is {header_height(page)}px"

    # By keyboard, as a screen reader user would: the button is a native disclosure.
    button.focus()
    page.keyboard.press("Enter")
    assert page.locator("details.site-menu[open]").count() == 1
    assert menu.is_visible() and page.get_by_role("button", name="Logg ut").is_visible()
    assert header_height(page) > HEADER_MAX
    problems = [f"menu open (360px): axe {line}" for line in run_axe(page)]
    for link in menu.locator("a").all():
        box = link.bounding_box()
        assert box and 0 <= box["x"] and box["x"] + box["width"] <= PHONE["width"], box

    menu.get_by_role("link", name="Ungdom").click()
    page.wait_for_url(f"{base}/ungdom/")
    assert urlsplit(page.url).path == "/ungdom/"
    assert not menu.is_visible(), "the menu stays open on the next page"

    # Wider, the menu is simply there and the button is not.
    page.set_viewport_size(DESKTOP)
    assert menu.is_visible() and not button.is_visible()
    assert page.get_by_role("button", name="Logg ut").is_visible()
    problems.extend(recorder.problems())
    assert not problems, "\n".join(problems)


OUT_OF_SIGHT = """([width]) => {
    const out = [];
    for (const table of document.querySelectorAll('main table')) {
        const cells = [...table.querySelectorAll('tbody tr > :first-child'),
                       ...table.querySelectorAll('tbody a.ds-button, tbody button')];
        for (const el of cells) {
            const box = el.getBoundingClientRect();
            if (box.width && (box.left < 0 || box.right > width + 1)) {
                out.push(`${el.textContent.trim().slice(0, 40)}: ${box.left}-${box.right}px`);
            }
        }
    }
    return out;
}"""


@pytest.mark.parametrize(
    ("username", "paths"),
    [
        ("adam.admin", ["/brukere/", "/organisasjon/", "/tilganger/endringer/", "user"]),
        ("leo.leder", ["/ungdom/", "/logg/"]),
    ],
)
def test_tables_keep_their_first_column_and_buttons_in_sight(
    demo, live_server, page, username, paths
):
    base = live_server.url
    log_in(page, base, username)
    page.set_viewport_size(PHONE)
    problems, tables = [], 0
    for path in paths:
        if path == "user":  # a user's roles, with the "End role" button
            page.goto(f"{base}/brukere/")
            page.locator("main tbody a").nth(2).click()
            page.wait_for_load_state()
            assert page.locator("main table a.ds-button").count() > 0, "no button to check"
        else:
            page.goto(f"{base}{path}")
        tables += page.locator("main table tbody tr").count() > 0
        where = urlsplit(page.url).path
        problems.extend(f"{where}: {p}" for p in page.evaluate(OUT_OF_SIGHT, [PHONE["width"]]))
    assert tables == len(paths), "a page showed no table rows to check"
    assert not problems, "out of sight on a 360 px phone:\n" + "\n".join(problems)
