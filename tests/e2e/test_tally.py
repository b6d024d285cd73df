"""The tally on a 360 px phone, in a real browser: a contact takes at most three taps once the
place is chosen (channel, depth, cell), three taps record three contacts, undo takes one back,
and a tap made without network waits on the phone and arrives exactly once when the network
returns, also when the page was reloaded before it did."""

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DESKTOP, PHONE, Recorder, log_in, run_axe
from ungsam.org.models import User
from ungsam.outreach.models import ContactTally

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TAP_URL = "/feltarbeid/telling/trykk/"


def live_count(user, place_id) -> int:
    return ContactTally.objects.filter(
        recorded_by=user, place_id=place_id, undone_at__isnull=True
    ).count()


def settled(page: Page) -> None:
    """The phone's queue is empty and no send is under way. (The test reads the database only
    then: in-memory SQLite shared with the live server refuses a read beside a write.)"""
    expect(page.locator("#tally-status")).to_have_attribute("data-waiting", "0", timeout=10_000)


class Thumb:
    """Counts the taps of one contact."""

    def __init__(self, page: Page):
        self.page = page
        self.taps = 0

    def tap(self, selector: str) -> None:
        self.page.locator(selector).click()
        self.taps += 1

    def contact(self) -> int:
        taps, self.taps = self.taps, 0
        return taps


def cell(gender: str, age: str) -> str:
    return f".tally-cell[data-gender='{gender}'][data-age='{age}']"


def shown(page: Page, gender: str, age: str) -> int:
    return int(page.locator(f"{cell(gender, age)} .tally-count").inner_text())


def test_tally_on_a_phone_with_undo_and_without_network(demo, live_server, page, context):
    base = live_server.url
    recorder = Recorder(page, base)
    ulf = User.objects.get(username="ulf.ute")
    started = timezone.now()
    log_in(page, base, "ulf.ute")
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/feltarbeid/telling/")
    first_place = page.locator("a.tally-place-link").first
    box = first_place.bounding_box()
    assert box and box["height"] >= 44
    first_place.click()
    page.wait_for_url("**sted=*")
    place_id = int(parse_qs(urlsplit(page.url).query)["sted"][0])
    problems = [f"tally (360px): axe {line}" for line in run_axe(page)]
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"the tally page scrolls sideways ({width}px)"
    for button in page.locator(".tally-cell").all():
        b = button.bounding_box()
        assert b["width"] >= 44 and b["height"] >= 44, b
    before = live_count(ulf, place_id)
    status = page.locator("#tally-status")

    # Three contacts: a greeting in the field (the defaults: one tap), a conversation (two), a
    # conversation that matters on social media (three). Depth is back to a greeting after each.
    thumb = Thumb(page)
    shown_before = shown(page, "girl", "ungdomsskole")
    thumb.tap(cell("girl", "ungdomsskole"))
    assert thumb.contact() == 1
    thumb.tap("label[for=depth-2]")
    thumb.tap(cell("boy", "vgs"))
    assert thumb.contact() == 2
    expect(page.locator("#depth-1")).to_be_checked()
    thumb.tap("label[for=channel-social_media]")
    thumb.tap("label[for=depth-3]")
    thumb.tap(cell("other", "over18"))
    assert thumb.contact() == 3
    expect(status).to_have_text("Lagret")
    settled(page)
    assert live_count(ulf, place_id) == before + 3
    assert shown(page, "girl", "ungdomsskole") == shown_before + 1
    saved = ContactTally.objects.filter(recorded_by=ulf, place_id=place_id).order_by("-id")[:3]
    assert [(t.gender, t.depth, t.channel) for t in saved] == [
        ("other", 3, "social_media"),
        ("boy", 2, "field"),
        ("girl", 1, "field"),
    ]

    # Undo takes the last one back.
    page.locator("#tally-undo").click()
    settled(page)
    assert live_count(ulf, place_id) == before + 2
    assert (
        # This test's tap: the demo's own tallies may hold the same cell (just after midnight).
        ContactTally.objects.get(
            recorded_by=ulf,
            gender="other",
            age_group="over18",
            place_id=place_id,
            created_at__gte=started,
        ).undone_at
        is not None
    )

    # Without network: the tap waits on the phone, then arrives once.
    context.set_offline(True)
    waiting_before = shown(page, "boy", "barneskole")
    page.locator(cell("boy", "barneskole")).click()
    expect(status).to_have_text("1 trykk venter på nett")
    assert shown(page, "boy", "barneskole") == waiting_before + 1
    time.sleep(0.5)
    assert live_count(ulf, place_id) == before + 2
    context.set_offline(False)
    expect(status).to_have_text("Lagret", timeout=10_000)
    settled(page)
    assert live_count(ulf, place_id) == before + 3

    # Again, but the page is reloaded before the network returns: the tap is still on the
    # phone (and in the cell's number), and is sent once when it can be.
    context.set_offline(True)
    page.locator(cell("girl", "vgs")).click()
    expect(status).to_have_text("1 trykk venter på nett")
    page.route(f"**{TAP_URL}", lambda route: route.abort("internetdisconnected"))
    context.set_offline(False)
    page.reload()
    expect(status).to_have_text("1 trykk venter på nett")
    assert live_count(ulf, place_id) == before + 3
    page.unroute(f"**{TAP_URL}")
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    expect(status).to_have_text("Lagret", timeout=10_000)
    settled(page)
    assert live_count(ulf, place_id) == before + 4
    page.reload()
    time.sleep(1)
    assert live_count(ulf, place_id) == before + 4, "a tap arrived twice"
    keys = ContactTally.objects.filter(recorded_by=ulf).values_list("key", flat=True)
    assert len(keys) == len(set(keys))

    # The grid on a desktop too; then contacts entered afterwards, on the phone.
    page.set_viewport_size(DESKTOP)
    problems += [f"tally (desktop): axe {line}" for line in run_axe(page)]
    page.set_viewport_size(PHONE)
    page.get_by_role("link", name="Etterregistrer kontakter for en tidligere vakt").click()
    page.wait_for_url("**/etterregistrering/")
    problems += [f"entry (360px): axe {line}" for line in run_axe(page)]
    page.select_option("select[name=place]", str(place_id))
    page.fill("input[name=n_girl_vgs]", "4")
    page.fill("input[name=n_boy_over18]", "2")
    page.get_by_role("button", name="Lagre kontakter").click()
    expect(page.locator(".ds-alert")).to_contain_text("6 kontakter er lagret")
    entered = ContactTally.objects.filter(recorded_by=ulf, created_at__gte=started, count__gt=1)
    assert sorted(entered.values_list("count", flat=True)) == [2, 4]

    # Requests cut off while offline are the test's doing; anything else is a problem.
    problems += [p for p in recorder.problems() if TAP_URL not in p]
    assert not problems, "\n".join(problems)
