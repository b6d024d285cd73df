"""End-to-end: a referral's way through a unit, in Chromium with the CSP enforced. The school
counselor refers a youth from inside Ungsam; the leader finds her on the waiting list, triages
her and makes Lise her contact person. Lise reveals the national id (audited), assesses her
across the domains, makes the case active, makes an action plan (a measurable goal, a measure
from the catalog), writes a journal entry with an attachment, signs it and corrects it by a new
version, and raises the case for the team meeting, where the leader records the decision onto
the case. Lise reads it, reviews the plan at the follow-up meeting, prints it, and closes the
case with its outcome. Every page on the way passes axe-core."""

import random
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Recorder, log_in, log_out, page_problems, submit
from ungsam.access.models import AuditEvent
from ungsam.cases.models import Case, JournalEntry
from ungsam.people.demo import synthetic_national_id
from ungsam.plans.models import Goal

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BORN = date(2011, 4, 9)
# The smallest file a PDF reader opens: the journal checks a file by its first bytes.
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def test_a_referral_goes_from_the_school_to_a_closed_case(demo, live_server, page):
    base = live_server.url
    recorder = Recorder(page, base)
    problems: list[str] = []
    number = synthetic_national_id(random.Random(99), BORN)

    # The counselor refers from the dashboard.
    log_in(page, base, "sara.skole")
    page.get_by_role("link", name="Ny henvisning").click()
    page.wait_for_url(f"{base}/saker/henvisning/ny/")
    problems.extend(page_problems(page, "/saker/henvisning/ny/"))
    page.select_option("#id_unit", label="Los Nordby")
    page.fill("#id_first_name", "Elin")
    page.fill("#id_last_name", "Nettleser")
    page.fill("#id_birth_date", BORN.isoformat())
    page.fill("#id_national_id", number)
    page.fill("#id_reason", "Fravær over 20 prosent siden august.")
    page.fill("#id_tried", "Samtaler med kontaktlærer.")
    page.fill("#id_youth_view", "Vil gjerne ha en los.")
    page.select_option("#id_consent", "written")
    submit(page)
    expect(page.locator("#form-errors")).to_be_visible()  # her own name and contact are asked
    problems.extend(page_problems(page, "/saker/henvisning/ny/ (errors)"))
    page.fill("#id_referrer_name", "Sara Skolebakken")
    page.fill("#id_referrer_contact", "sara@fiktivik.example")
    submit(page)
    page.wait_for_url(f"{base}/")
    expect(page.get_by_role("status")).to_contain_text("Henvisningen er sendt til Los Nordby")
    case = Case.objects.get(youth__last_name="Nettleser")
    log_out(page, base)

    # The leader: waiting list, triage, contact person.
    log_in(page, base, "leo.leder")
    page.get_by_role("link", name="Venteliste").click()
    problems.extend(page_problems(page, "/saker/venteliste/"))
    page.get_by_role("link", name="Elin Nettleser").click()
    page.wait_for_url(f"{base}/saker/{case.pk}/")
    problems.extend(page_problems(page, "/saker/<id>/ (referral)"))
    expect(page.locator("main")).to_contain_text("Fravær over 20 prosent")
    page.select_option("#id_complexity", "2")
    page.select_option("#id_severity", "3")
    page.get_by_role("button", name="Lagre vurdering").click()
    expect(page.locator(".ds-alert[data-color=success]")).to_contain_text("vurdert")
    page.select_option("#id_primary", label="Lise Losvik")
    page.get_by_role("button", name="Lagre kontaktpersoner").click()
    expect(page.locator("main")).to_contain_text("Kartlegging")
    page.goto(f"{base}/saker/status/")
    problems.extend(page_problems(page, "/saker/status/"))
    log_out(page, base)

    # Lise: the youth's page, the number on request, the case to active and closed.
    log_in(page, base, "lise.los")
    page.goto(f"{base}/ungdom/{case.youth_id}/")
    expect(page.locator("main")).to_contain_text(number[:6] + "*****")
    assert number not in page.content()
    page.get_by_role("button", name="Vis hele nummeret").click()
    expect(page.locator("#national-id")).to_have_text(number)
    assert AuditEvent.objects.filter(fields=["national_id"], actor__username="lise.los").exists()
    assert number not in page.url
    # The assessment, in the form and then as a line per domain.
    page.goto(f"{base}/saker/{case.pk}/")
    page.get_by_role("link", name="Kartlegginger").click()
    page.get_by_role("link", name="Ny kartlegging").click()
    problems.extend(page_problems(page, "/saker/<id>/kartlegging/ny/"))
    page.select_option("#id_score_attendance", "2")
    page.fill("#id_note_attendance", "Fravær rundt 20 %")
    page.select_option("#id_score_academic_matematikk", "1")
    page.fill("#id_youth_view", "Jeg vil klare matte.")
    submit(page)
    page.wait_for_url(f"{base}/saker/{case.pk}/kartlegging/")
    expect(page.locator("main")).to_contain_text("Jeg vil klare matte.")
    problems.extend(page_problems(page, "/saker/<id>/kartlegging/"))
    page.goto(f"{base}/saker/{case.pk}/")
    page.get_by_role("button", name="Kartlegging ferdig: gjør aktiv").click()
    expect(page.locator(".ds-alert[data-color=success]")).to_contain_text("Saken er aktiv")
    # The action plan: a measurable goal and a measure from the catalog.
    page.get_by_role("link", name="Tiltaksplan").click()
    page.wait_for_url(f"{base}/saker/{case.pk}/plan/")
    problems.extend(page_problems(page, "/saker/<id>/plan/ (empty)"))
    page.get_by_role("link", name="Nytt mål").click()
    problems.extend(page_problems(page, "/saker/<id>/plan/mal/ny/"))
    page.fill("#id_what", "Fravær under 10 prosent")
    page.fill("#id_indicator", "Fravær i prosent per måned")
    page.fill("#id_baseline", "22")
    page.fill("#id_target", "10")
    page.fill("#id_due_on", date(date.today().year + 1, 3, 1).isoformat())
    submit(page)
    page.wait_for_url(f"{base}/saker/{case.pk}/plan/")
    page.get_by_role("link", name="Nytt tiltak").click()
    problems.extend(page_problems(page, "/saker/<id>/plan/tiltak/nytt/"))
    page.select_option("#id_type", label="Leksehjelp")
    page.fill("#id_description", "To ettermiddager i uka på biblioteket.")
    page.fill("#id_responsible", "Lise Losvik")
    submit(page)
    page.wait_for_url(f"{base}/saker/{case.pk}/plan/")
    expect(page.locator("main")).to_contain_text("To ettermiddager i uka")
    problems.extend(page_problems(page, "/saker/<id>/plan/"))
    # The journal: a draft with an attachment, signed, then corrected by a new version.
    page.goto(f"{base}/saker/{case.pk}/")
    page.get_by_role("link", name="Journal", exact=True).click()
    page.wait_for_url(f"{base}/saker/{case.pk}/journal/")
    problems.extend(page_problems(page, "/saker/<id>/journal/ (empty)"))
    page.select_option("#id_kind", "conversation")
    page.fill("#id_text", "Samtale om fraværet. Hun sover dårlig og vil ha hjelp om morgenen.")
    page.get_by_role("button", name="Lagre som utkast").click()
    page.wait_for_url(f"{base}/saker/journal/*/")
    problems.extend(page_problems(page, "/saker/journal/<id>/ (draft)"))
    page.set_input_files(
        "#id_file",
        files=[{"name": "avtale.pdf", "mimeType": "application/pdf", "buffer": TINY_PDF}],
    )
    page.get_by_role("button", name="Legg til vedlegg").click()
    expect(page.locator("main")).to_contain_text("avtale.pdf")
    page.get_by_role("button", name="Signer").click()
    expect(page.locator("main")).to_contain_text("Signert")
    page.get_by_role("link", name="Korriger").click()
    problems.extend(page_problems(page, "/saker/journal/<id>/korriger/"))
    page.fill("#id_text", "Samtale om fraværet. Hun sover dårlig og vil ha vekking om morgenen.")
    page.fill("#id_correction_note", "Det var vekking hun ba om, ikke hjelp generelt.")
    page.get_by_role("button", name="Lagre og signer").click()
    expect(page.locator("main")).to_contain_text("vil ha vekking")
    expect(page.locator("main")).to_contain_text("vil ha hjelp om morgenen")  # the history
    problems.extend(page_problems(page, "/saker/journal/<id>/ (corrected)"))
    entries = JournalEntry.objects.filter(case=case).order_by("version")
    assert [(e.version, e.status) for e in entries] == [(1, "signed"), (2, "signed")]
    page.goto(f"{base}/saker/{case.pk}/")
    # She raises the case for the team meeting.
    page.fill("#id_question", "Trenger hun leksehjelp i matte?")
    page.get_by_role("button", name="Sett på listen").click()
    expect(page.locator(".ds-alert[data-color=success]")).to_contain_text("teammøtet")
    log_out(page, base)

    # The leader records the meeting's decision onto the case.
    log_in(page, base, "leo.leder")
    page.get_by_role("link", name="Teammøte").click()
    page.wait_for_url(f"{base}/saker/teammote/")
    problems.extend(page_problems(page, "/saker/teammote/"))
    item = page.locator("article", has_text="Elin Nettleser")
    item.get_by_label("Beslutning").fill("Leksehjelp to dager i uka fra neste uke.")
    item.get_by_role("button", name="Lagre beslutning").click()
    expect(page.locator(".ds-alert[data-color=success]")).to_contain_text("Beslutningen er lagret")
    problems.extend(page_problems(page, "/saker/teammote/ (decided)"))
    log_out(page, base)

    # Lise reads the decision on the case and, later, closes it.
    log_in(page, base, "lise.los")
    page.goto(f"{base}/saker/{case.pk}/")
    expect(page.locator("main")).to_contain_text("Leksehjelp to dager i uka")
    # The follow-up meeting reviews the plan: the goal's value now, on track, the decision.
    page.get_by_role("link", name="Tiltaksplan").click()
    page.get_by_role("link", name="Gjennomgå planen").click()
    problems.extend(page_problems(page, "/saker/<id>/plan/gjennomgang/ny/"))
    goal = Goal.objects.get(plan__case=case)
    page.fill(f"#id_value_{goal.pk}", "15")
    page.select_option(f"#id_on_track_{goal.pk}", "yes")
    page.fill("#id_participants", "Elin, mor, kontaktlærer og Lise")
    page.fill("#id_decisions", "Fortsetter med leksehjelp ut skoleåret.")
    page.fill("#id_next_review_on", date(date.today().year + 1, 2, 1).isoformat())
    submit(page)
    page.wait_for_url(f"{base}/saker/{case.pk}/plan/")
    expect(page.locator("main")).to_contain_text("Fortsetter med leksehjelp")
    page.get_by_role("link", name="Skriv ut").click()
    problems.extend(page_problems(page, "/saker/<id>/plan/utskrift/"))
    page.goto(f"{base}/saker/{case.pk}/")
    page.get_by_role("link", name="Avslutt saken").click()
    problems.extend(page_problems(page, "/saker/<id>/avslutt/"))
    page.select_option("#id_outcome", "in_school")
    page.fill("#id_reason", "Fast oppmøte i åtte uker.")
    submit(page)
    expect(page.locator(".ds-alert[data-color=success]")).to_contain_text("Saken er avsluttet")
    problems.extend(page_problems(page, "/saker/<id>/ (closed)"))
    case.refresh_from_db()
    assert (case.stage, case.closure_outcome) == ("closed", "in_school")
    stages = list(case.stage_changes.values_list("stage", flat=True))
    assert stages == ["referral", "waiting", "assessment", "active", "closed"]

    problems.extend(recorder.problems())
    assert not problems, "\n".join(problems)
