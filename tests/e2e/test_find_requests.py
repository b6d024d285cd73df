"""End-to-end, OT and outreach (issue 18, point 5), in real Chromium on the demo: Lars, who
leads Utekontakten Sentrum, opens "Requests from OT" from the menu, reads what OT Fiktivik
knows about Jonas, and answers "new contact established" with a note; the request then shows
only that it was answered. Oda at OT finds the answer among those not yet seen and marks it
seen; Otto, OT's leader, reads a handover from Los Nordby and acknowledges it; the sending los
sees the acknowledgement; Oda's page of fixed collaboration meetings shows the next meeting.
Every page passes axe-core on a desktop and a 360 px phone."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Recorder, log_in, page_problems, submit
from ungsam.ot.models import FindRequest, OTRegistration, UnitHandover

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_outreach_answers_new_contact_and_ot_reads_the_answer(demo, live_server, new_context):
    base = live_server.url
    problems: list[str] = []
    waiting = FindRequest.objects.get(
        answered_at__isnull=True, registration__case__youth__first_name="Jonas"
    )

    lars = new_context().new_page()
    recorders = [Recorder(lars, base)]
    log_in(lars, base, "lars.leder")
    lars.locator("a[href='/ot/finn/oppdrag/']").first.click()
    lars.wait_for_url(f"{base}/ot/finn/oppdrag/")
    expect(lars.locator("main")).to_contain_text("Jonas Fjellstuen")
    problems.extend(page_problems(lars, "requests from OT"))
    lars.get_by_role("link", name="Jonas Fjellstuen").click()
    lars.wait_for_url(f"{base}/ot/finn/oppdrag/{waiting.pk}/")
    expect(lars.locator("main")).to_contain_text("kjøpesenteret")
    problems.extend(page_problems(lars, "request from OT"))
    lars.check("input[name=answer][value=new_contact]")
    lars.fill("textarea[name=note]", "Møtte Jonas ved stasjonen. Han vil ringe OT i morgen.")
    submit(lars)
    lars.wait_for_url(f"{base}/ot/finn/oppdrag/")
    expect(lars.locator("main")).not_to_contain_text("Jonas Fjellstuen")
    problems.extend(page_problems(lars, "requests from OT, answered"))
    waiting.refresh_from_db()
    assert waiting.answer == "new_contact" and waiting.answered_by.username == "lars.leder"

    oda = new_context().new_page()
    recorders.append(Recorder(oda, base))
    log_in(oda, base, "oda.ot")
    oda.goto(f"{base}/ot/finn/svar/")
    expect(oda.locator("main")).to_contain_text("Han vil ringe OT i morgen")
    problems.extend(page_problems(oda, "answers from outreach"))
    oda.goto(f"{base}/ot/finn/registrering/{waiting.registration_id}/")
    problems.extend(page_problems(oda, "a registration's requests"))
    submit(oda, "main form[action$='/sett/']")
    oda.wait_for_url(f"{base}/ot/finn/registrering/{waiting.registration_id}/")
    waiting.refresh_from_db()
    assert waiting.seen_at is not None
    tobias = OTRegistration.objects.get(
        case__youth__first_name="Tobias", case__youth__last_name="Vikholmen"
    )
    oda.goto(f"{base}/overforinger/registrering/{tobias.pk}/samarbeidsmoter/")
    expect(oda.locator("main")).to_contain_text("OT-kontoret")
    problems.extend(page_problems(oda, "fixed collaboration meetings"))
    oda.goto(f"{base}/overforinger/registrering/{tobias.pk}/tilbake/")
    problems.extend(page_problems(oda, "hand back to los"))

    awaiting = UnitHandover.objects.get(acknowledged_at__isnull=True)
    otto = new_context().new_page()
    recorders.append(Recorder(otto, base))
    log_in(otto, base, "otto.otleder")
    otto.goto(f"{base}/overforinger/mottatt/")
    problems.extend(page_problems(otto, "handovers to the unit"))
    otto.goto(f"{base}/overforinger/{awaiting.pk}/")
    problems.extend(page_problems(otto, "a handover"))
    submit(otto)
    otto.wait_for_url(f"{base}/overforinger/{awaiting.pk}/")
    awaiting.refresh_from_db()
    assert awaiting.acknowledged_by.username == "otto.otleder"

    leo = new_context().new_page()
    recorders.append(Recorder(leo, base))
    log_in(leo, base, "leo.leder")
    leo.goto(f"{base}/saker/{awaiting.from_case_id}/")
    leo.locator(f"main a[href='/overforinger/sak/{awaiting.from_case_id}/']").click()
    leo.wait_for_url(f"{base}/overforinger/sak/{awaiting.from_case_id}/")
    expect(leo.locator("main")).to_contain_text("Otto Oppfølging")
    problems.extend(page_problems(leo, "hand over to OT"))

    for recorder in recorders:
        problems.extend(recorder.problems())
    assert problems == []
