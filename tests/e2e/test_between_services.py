"""End-to-end, between services (issue 15), in two browser sessions at once. Lise, the los, asks
NAV to act for a youth she follows, sharing her contact details on the youth's consent to NAV
(item 1); Nina at NAV finds it in her inbox (opening it tells Lise it was received) and accepts
it; Lise's case page then shows it accepted. Nina joins the team around the youth; Lise holds a
meeting, gives Nina an action with a deadline and approves the minutes (item 4); Nina sees the
action on her dashboard, opens it (the youth's first name and the action, nothing more) and
marks it done; Lise's relay log shows it done. Every page passes axe-core."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import Recorder, log_in, page_problems, submit
from ungsam.access import policy
from ungsam.access.models import Purpose
from ungsam.cases.models import Case, CaseContact
from ungsam.collab import services as consent_services
from ungsam.collab import team_services
from ungsam.collab.models import CollaborationRequest, Disclosure, MeetingAction, TeamMember
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


def test_a_los_refers_a_youth_to_nav_who_accepts_it_and_gets_an_action_from_a_meeting(
    demo, live_server, new_context
):
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

    # Nina joins the team around Vilde, Lise its coordinator (the team pages have their own tests).
    team_services.team_create(actor=User.objects.get(username="lise.los"), purpose="casework",
                              case_id=case.pk, role="Los")  # fmt: skip
    team_services.team_member_add(
        actor=User.objects.get(username="lise.los"), purpose="casework", case_id=case.pk,
        seat_key=policy.Seat(User.objects.get(username="nina.nav"), nav, None).key,
        role="Veileder i NAV",
    )  # fmt: skip
    for username in ("lise.los", "nina.nav"):
        policy.forget_memberships(User.objects.get(username=username))
    nina_seat = TeamMember.objects.get(team__case=case, user__username="nina.nav")

    # Lise plans the meeting, held yesterday, on the team's relay log.
    lise.goto(f"{base}/saker/{case.pk}/moter/")
    problems.extend(page_problems(lise, "relay log (empty)"))
    morning = timezone.localtime().replace(hour=8, minute=0) - timedelta(days=1)
    lise.select_option("#id_kind", value="care_team")
    lise.fill("#id_starts_at", morning.strftime("%Y-%m-%dT%H:%M"))
    lise.fill("#id_place", "NAV Fiktivik, møterom 1")
    lise.fill("#id_agenda", "Sommerjobb\nSkole")
    lise.get_by_role("button", name="Planlegg møtet").click()
    lise.wait_for_url(f"{base}/saker/{case.pk}/moter/")
    lise.get_by_role("link", name=f"Ansvarsgruppemøte {morning:%d.%m.%Y}").click()
    lise.wait_for_url(f"{base}/saker/{case.pk}/moter/*/")
    problems.extend(page_problems(lise, "meeting (open)"))

    # The minutes, an action for Nina, and the approval.
    lise.fill("#id_minutes", "Vilde vil jobbe i sommer. Skolen går bedre.")
    lise.fill("#id_decisions", "NAV hjelper med søknaden om sommerjobb.")
    lise.get_by_role("button", name="Lagre referatet").click()
    lise.wait_for_url(f"{base}/saker/{case.pk}/moter/*/")
    lise.fill("#id_text", "Hjelpe Vilde med søknaden om sommerjobb")
    lise.select_option("#id_owner", value=str(nina_seat.pk))
    deadline = timezone.localdate() + timedelta(days=10)
    lise.fill("#id_deadline", deadline.isoformat())
    lise.get_by_role("button", name="Legg til oppgaven").click()
    lise.wait_for_url(f"{base}/saker/{case.pk}/moter/*/")
    expect(lise.locator("main")).to_contain_text("Hjelpe Vilde med søknaden om sommerjobb")
    lise.get_by_role("button", name="Godkjenn og lås referatet").click()
    lise.wait_for_url(f"{base}/saker/{case.pk}/moter/*/")
    expect(lise.locator("main")).to_contain_text("Referatet er godkjent og låst")
    problems.extend(page_problems(lise, "meeting (approved)"))

    # The case page's task list shows it.
    lise.goto(f"{base}/saker/{case.pk}/")
    expect(lise.locator("main")).to_contain_text("Hjelpe Vilde med søknaden om sommerjobb")

    # Nina's dashboard: the action with its deadline; its page shows only the first name.
    nina.goto(f"{base}/")
    main = nina.locator("main")
    expect(main).to_contain_text("Dine oppgaver fra teamene")
    expect(main).to_contain_text(f"frist {deadline:%d.%m.%Y}")
    problems.extend(page_problems(nina, "partner dashboard"))
    nina.get_by_role("link", name="Hjelpe Vilde med søknaden om sommerjobb").click()
    nina.wait_for_url(f"{base}/samarbeid/oppgaver/*/")
    expect(nina.locator("main")).to_contain_text("Vilde")
    expect(nina.locator("main")).not_to_contain_text("Videresen")
    expect(nina.locator("main")).not_to_contain_text("Skolen går bedre")
    problems.extend(page_problems(nina, "action page"))
    nina.fill("#id_note", "Søknaden er sendt.")
    nina.get_by_role("button", name="Merk som utført").click()
    nina.wait_for_url(f"{base}/samarbeid/oppgaver/*/")
    expect(nina.locator("main")).to_contain_text("Merket som utført")
    action = MeetingAction.objects.get(meeting__team__case=case)
    assert action.done_at is not None and action.done_by.username == "nina.nav"
    nina.goto(f"{base}/")
    expect(nina.locator("main")).not_to_contain_text("Hjelpe Vilde med søknaden")

    # Lise's relay log shows it done, with Nina's note.
    lise.goto(f"{base}/saker/{case.pk}/moter/")
    expect(lise.locator("main")).to_contain_text("Søknaden er sendt.")
    problems.extend(page_problems(lise, "relay log"))

    for recorder in recorders:
        problems.extend(recorder.problems())
    assert not problems, "\n".join(problems)
