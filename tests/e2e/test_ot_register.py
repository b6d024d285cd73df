"""End-to-end: the OT coordinator's register in Chromium with the CSP enforced. Otto (leader of
OT Fiktivik) opens the register, opens a youth still at OTUK past the first-contact deadline,
records the contact he just had with her and sets OTOV; the history shows the change with the
contact it rests on. Every page on the way passes axe-core, on a desktop and a 360 px phone."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import Recorder, log_in, page_problems, submit
from ungsam.ot.models import OTRegistration

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_ot_leader_records_a_contact_and_sets_otov(demo, live_server, page):
    base = live_server.url
    recorder = Recorder(page, base)
    problems: list[str] = []

    log_in(page, base, "otto.otleder")
    problems.extend(page_problems(page, "/ (OT leader)"))
    page.goto(f"{base}/ot/register/")
    problems.extend(page_problems(page, "/ot/register/"))
    page.get_by_role("link", name="Heggem, Kasper").click()
    page.wait_for_url(f"{base}/ot/register/*/")
    problems.extend(page_problems(page, "/ot/register/<id>/"))

    status_form = "form[action$='/status/']"
    page.select_option("#id_code", "OTOV")
    submit(page, status_form)  # no contact yet: refused, the form again
    expect(page.locator("#form-errors")).to_be_visible()
    problems.extend(page_problems(page, "/ot/register/<id>/ (errors)"))
    page.select_option("#id_code", "OTOV")
    page.fill("#id_contact_on", timezone.localdate().isoformat())
    page.select_option("#id_contact_kind", "phone")
    page.fill("#id_contact_note", "Ringte henne; hun vil gjerne møtes neste uke.")
    submit(page, status_form)
    expect(page.locator(".ds-alert[data-color=success]")).to_be_visible()
    problems.extend(page_problems(page, "/ot/register/<id>/ (OTOV)"))

    registration = OTRegistration.objects.get(case__youth__last_name="Heggem")
    assert registration.status == "OTOV"
    assert registration.first_contact_on == timezone.localdate()
    change = registration.status_changes.order_by("-at", "-id").first()
    assert change.previous == "OTUK" and change.contact.kind == "phone"
    assert change.by.username == "otto.otleder"

    page.goto(f"{base}/ot/register/meldinger/")
    problems.extend(page_problems(page, "/ot/register/meldinger/"))
    page.goto(f"{base}/ot/register/rapport/")
    problems.extend(page_problems(page, "/ot/register/rapport/"))
    page.goto(f"{base}/ot/register/liste/")
    problems.extend(page_problems(page, "/ot/register/liste/"))

    problems.extend(recorder.problems())
    assert not problems, "\n".join(problems)
