"""The OT coordinator's list of youth without a next step, in a real browser (issue 18, point
4): otto.otleder opens it from the menu, sees a youth registered a month ago whom nobody has
reached (status OTUK, first contact overdue) with the reason, narrows the list to overdue first
contacts, opens the unit's deadlines; every page passes axe on a desktop and a phone."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from tests.e2e.conftest import Recorder, log_in, page_problems
from ungsam.ot.followup_rules import FIRST_CONTACT, Reason

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def nb(text: str) -> str:
    with translation.override("nb"):
        return translation.gettext(text)


def test_the_ot_leader_sees_an_overdue_first_contact_with_its_reason(demo, live_server, page):
    base = live_server.url
    recorder = Recorder(page, base)
    log_in(page, base, "otto.otleder")
    page.get_by_role("link", name=nb("No next step"), exact=True).first.click()
    page.wait_for_url("**/oppfolging/")
    problems = page_problems(page, "no next step")
    # Nora Myrvang (ungsam/ot/followup_demo.py): registered 30 days ago, nobody has reached
    # her; OT Fiktivik allows 14 days for the first contact.
    row = page.locator("tbody tr", has_text="Nora Myrvang")
    with translation.override("nb"):
        reason = Reason(FIRST_CONTACT, 16, 16).text
    expect(row).to_contain_text(reason)
    expect(row).to_contain_text("OTUK")
    expect(row).to_contain_text(nb("the system"))
    page.select_option("select[name=grunn]", FIRST_CONTACT)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/oppfolging/?*grunn=first_contact*")
    expect(page.locator("tbody tr", has_text="Nora Myrvang")).to_be_visible()
    expect(page.locator("tbody tr", has_text="Amalie")).to_have_count(0)
    # Each youth links to her case page.
    link = page.get_by_role("link", name="Nora Myrvang")
    expect(link).to_have_attribute("href", re.compile(r"^/saker/\d+/$"))
    problems += page_problems(page, "no next step, filtered")
    page.get_by_role("link", name=nb("OT deadlines")).click()
    page.wait_for_url("**/oppfolging/frister/")
    expect(page.locator("input[name=first_contact_days]")).to_have_value("14")
    problems += page_problems(page, "OT deadlines")
    assert problems == []
    assert recorder.problems() == []
