"""End-to-end: a meeting's action lands on a partner's dashboard (issue 15 item 4), in two
browser sessions at once. Lise (los) has a team around a youth she follows with Nina (NAV) on
it; she plans a meeting held yesterday, writes the minutes, gives Nina an action with a
deadline and approves the minutes. Nina, in her own browser, sees the action on her dashboard
with its deadline, opens it (the youth's first name and the action, nothing more) and marks it
done with a note; Lise's relay log then shows it done. Every page passes axe-core."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import Recorder, log_in, page_problems
from ungsam.access import policy
from ungsam.cases.models import Case, CaseContact
from ungsam.collab import team_services
from ungsam.collab.models import MeetingAction, TeamMember
from ungsam.org.models import PartnerOrganization, Unit, User
from ungsam.people.models import Youth

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NAV = "NAV Fiktivik"


def _team_with_nina() -> Case:
    """A youth Lise follows in Los Nordby, with a team: Lise its coordinator, Nina for NAV."""
    unit = Unit.objects.get(name="Los Nordby")
    lise = User.objects.get(username="lise.los")
    youth = Youth.objects.create(
        municipality=unit.municipality,
        first_name="Mira",
        last_name="Møtesen",
        birth_date=date(2009, 4, 5),
    )
    case = Case.objects.create(youth=youth, unit=unit, stage="active")
    CaseContact.objects.create(case=case, user=lise, primary=True)
    team_services.team_create(actor=lise, purpose="casework", case_id=case.pk, role="Los")
    nina = User.objects.get(username="nina.nav")
    nav = PartnerOrganization.objects.get(name=NAV)
    team_services.team_member_add(
        actor=lise, purpose="casework", case_id=case.pk,
        seat_key=policy.Seat(nina, nav, None).key, role="Veileder i NAV",
    )  # fmt: skip
    for user in (lise, nina):
        policy.forget_memberships(user)
    return case


def test_a_los_gives_nav_an_action_and_nav_marks_it_done(demo, live_server, new_context):
    base = live_server.url
    case = _team_with_nina()
    nina_seat = TeamMember.objects.get(team__case=case, user__username="nina.nav")
    problems: list[str] = []

    lise = new_context().new_page()
    nina = new_context().new_page()
    recorders = [Recorder(lise, base), Recorder(nina, base)]
    log_in(lise, base, "lise.los")
    log_in(nina, base, "nina.nav")

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
    lise.fill("#id_minutes", "Mira vil jobbe i sommer. Skolen går bedre.")
    lise.fill("#id_decisions", "NAV hjelper med søknaden om sommerjobb.")
    lise.get_by_role("button", name="Lagre referatet").click()
    lise.wait_for_url(f"{base}/saker/{case.pk}/moter/*/")
    lise.fill("#id_text", "Hjelpe Mira med søknaden om sommerjobb")
    lise.select_option("#id_owner", value=str(nina_seat.pk))
    deadline = timezone.localdate() + timedelta(days=10)
    lise.fill("#id_deadline", deadline.isoformat())
    lise.get_by_role("button", name="Legg til oppgaven").click()
    lise.wait_for_url(f"{base}/saker/{case.pk}/moter/*/")
    expect(lise.locator("main")).to_contain_text("Hjelpe Mira med søknaden om sommerjobb")
    lise.get_by_role("button", name="Godkjenn og lås referatet").click()
    lise.wait_for_url(f"{base}/saker/{case.pk}/moter/*/")
    expect(lise.locator("main")).to_contain_text("Referatet er godkjent og låst")
    problems.extend(page_problems(lise, "meeting (approved)"))

    # The case page's task list shows it.
    lise.goto(f"{base}/saker/{case.pk}/")
    expect(lise.locator("main")).to_contain_text("Hjelpe Mira med søknaden om sommerjobb")

    # Nina's dashboard: the action with its deadline; its page shows only the first name.
    nina.goto(f"{base}/")
    main = nina.locator("main")
    expect(main).to_contain_text("Dine oppgaver fra teamene")
    expect(main).to_contain_text(f"frist {deadline:%d.%m.%Y}")
    problems.extend(page_problems(nina, "partner dashboard"))
    nina.get_by_role("link", name="Hjelpe Mira med søknaden om sommerjobb").click()
    nina.wait_for_url(f"{base}/samarbeid/oppgaver/*/")
    expect(nina.locator("main")).to_contain_text("Mira")
    expect(nina.locator("main")).not_to_contain_text("Møtesen")
    expect(nina.locator("main")).not_to_contain_text("Skolen går bedre")
    problems.extend(page_problems(nina, "action page"))
    nina.fill("#id_note", "Søknaden er sendt.")
    nina.get_by_role("button", name="Merk som utført").click()
    nina.wait_for_url(f"{base}/samarbeid/oppgaver/*/")
    expect(nina.locator("main")).to_contain_text("Merket som utført")
    action = MeetingAction.objects.get(meeting__team__case=case)
    assert action.done_at is not None and action.done_by.username == "nina.nav"
    nina.goto(f"{base}/")
    expect(nina.locator("main")).not_to_contain_text("Hjelpe Mira med søknaden")

    # Lise's relay log shows it done, with Nina's note.
    lise.goto(f"{base}/saker/{case.pk}/moter/")
    expect(lise.locator("main")).to_contain_text("Søknaden er sendt.")
    problems.extend(page_problems(lise, "relay log"))

    for recorder in recorders:
        problems.extend(recorder.problems())
    assert not problems, "\n".join(problems)
