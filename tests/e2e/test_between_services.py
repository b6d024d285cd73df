"""End-to-end: a collaboration request between services (issue 15 item 1), in two browser
sessions at once. Lise, the los, asks NAV to act for a youth she follows, sharing her contact
details on the youth's consent to NAV; Nina at NAV finds it in her inbox (opening it tells Lise
it was received) and accepts it; Lise's case page then shows it accepted. Every page passes
axe-core."""

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Recorder, log_in, page_problems, submit
from ungsam.access.models import Purpose
from ungsam.cases.models import Case, CaseContact
from ungsam.collab import services as consent_services
from ungsam.collab.models import CollaborationRequest, Disclosure
from ungsam.org.models import PartnerOrganization, Unit, User
from ungsam.people.models import Youth

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NAV = "NAV Fiktivik"


def _youth_of_lise_with_consent_to_nav() -> Case:
    """A youth Lise follows in Los Nordby, who consented to share her contact details and plan
    with NAV (recorded by Lise through the service)."""
    unit = Unit.objects.get(name="Los Nordby")
    youth = Youth.objects.create(
        municipality=unit.municipality,
        first_name="Vilde",
        last_name="Videresen",
        birth_date=date(2007, 9, 14),
        phone="47654321",
        address="Storgata 5",
    )
    case = Case.objects.create(youth=youth, unit=unit, stage="active")
    lise = User.objects.get(username="lise.los")
    CaseContact.objects.create(case=case, user=lise, primary=True)
    consent_services.consent_record(
        actor=lise, purpose=Purpose.CASEWORK, case_id=case.pk, status="given",
        partner_ids=[PartnerOrganization.objects.get(name=NAV).pk], unit_ids=[],
        categories=["contact_details", "plan"], sharing_purpose="Hjelp til arbeid og aktivitet.",
        given_by_youth=True, given_as="oral",
    )  # fmt: skip
    return case


def test_a_los_refers_a_youth_to_nav_who_accepts_it_from_the_inbox(demo, live_server, new_context):
    base = live_server.url
    case = _youth_of_lise_with_consent_to_nav()
    nav = PartnerOrganization.objects.get(name=NAV)
    problems: list[str] = []

    lise = new_context().new_page()
    nina = new_context().new_page()
    recorders = [Recorder(lise, base), Recorder(nina, base)]
    log_in(lise, base, "lise.los")
    log_in(nina, base, "nina.nav")

    # Lise asks NAV, from the case page.
    lise.goto(f"{base}/saker/{case.pk}/")
    lise.get_by_role("link", name="Ny forespørsel").click()
    lise.wait_for_url(f"{base}/saker/{case.pk}/foresporsler/ny/")
    lise.select_option("#id_partner", value=str(nav.pk))
    lise.fill("#id_asked", "Kan NAV ta en første samtale med Vilde om arbeidstrening?")
    lise.check("input[name=categories][value=contact_details]")
    lise.locator("input[name=basis][value^='consent:']").check()
    problems.extend(page_problems(lise, "request form"))
    submit(lise)
    lise.wait_for_url(f"{base}/saker/{case.pk}/")
    section = lise.locator("section[aria-labelledby=requests-heading]")
    expect(section).to_contain_text("Til NAV Fiktivik")
    expect(section).to_contain_text("Sendt")
    problems.extend(page_problems(lise, "case page with a request"))
    request = CollaborationRequest.objects.get(case=case)
    assert Disclosure.objects.filter(pk=request.disclosure_id, partner=nav).exists()

    # Nina sees it waiting on her home and in her inbox; opening it receives it.
    nina.goto(f"{base}/")
    # The demo has two more waiting for her: three new.
    nina.get_by_role("link", name="3 nye forespørsler til tjenesten din").click()
    nina.wait_for_url(f"{base}/samarbeid/foresporsler/")
    problems.extend(page_problems(nina, "inbox"))
    nina.get_by_role("link", name="Kan NAV ta en første samtale").click()
    nina.wait_for_url(f"{base}/samarbeid/foresporsler/{request.pk}/")
    main = nina.locator("main")
    expect(main).to_contain_text("Vilde")
    expect(main).to_contain_text("47654321")
    expect(main).to_contain_text("Mottatt")
    problems.extend(page_problems(nina, "request in the inbox"))
    nina.get_by_role("button", name="Godta forespørselen").click()
    nina.wait_for_url(f"{base}/samarbeid/foresporsler/{request.pk}/")
    expect(main).to_contain_text("Forespørselen er godtatt.")
    problems.extend(page_problems(nina, "accepted request"))

    # Lise's next look at the case: accepted.
    lise.reload()
    expect(section).to_contain_text("Godtatt")
    lise.get_by_role("link", name="Kan NAV ta en første samtale").click()
    lise.wait_for_url(f"{base}/saker/{case.pk}/foresporsler/{request.pk}/")
    expect(lise.locator("main")).to_contain_text("Nina Navesen")
    problems.extend(page_problems(lise, "request on the case"))
    # The form for a request that came by phone passes too.
    lise.goto(f"{base}/saker/{case.pk}/foresporsler/mottatt/")
    problems.extend(page_problems(lise, "incoming request form"))

    for recorder in recorders:
        problems.extend(recorder.problems())
    assert not problems, "\n".join(problems)
