"""The weekly team meeting (seed 003) and the move to upper-secondary school (seed 000), and the
dashboard's next appointments: a case is raised for the meeting from its page, the meeting's
decision lands on the case, the transition plan is made with the counselor in spring, and what
is missing before the first school day shows on the work list."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from tests.conftest import without_tokens
from ungsam.access.models import AuditEvent, Purpose
from ungsam.cases import services
from ungsam.cases.alerts import alerts_for, in_tenth_grade, transition_season
from ungsam.cases.models import Appointment, Discussion, Transition


def text_of(client, url) -> str:
    """The page's text, which must have answered 200 (a 404 or 500 has no names either)."""
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_a_case_goes_to_the_team_meeting_and_the_decision_stays_on_it(personas, login):
    anna = personas.youth_a.cases.get()
    lise = login(personas.los_a)
    response = lise.post(f"/saker/{anna.pk}/teammote/", {"question": "  "})
    assert response.status_code == 400
    assert "Skriv hva teamet skal drøfte" in response.content.decode()
    response = lise.post(f"/saker/{anna.pk}/teammote/", {"question": "Hjemmebesøk eller ikke?"})
    assert response.status_code == 302
    # Once on the list is enough: the case page offers no second raise until it is decided.
    assert "Sett på listen" not in text_of(lise, f"/saker/{anna.pk}/")
    with pytest.raises(ValidationError):
        services.discussion_raise(
            actor=personas.los_a, purpose=Purpose.CASEWORK, case_id=anna.pk, question="Igjen"
        )

    leo = login(personas.leader_a)
    page = text_of(leo, "/saker/teammote/")
    assert "Anna Fiktivsen" in page and "Hjemmebesøk eller ikke?" in page
    listed = AuditEvent.objects.filter(action="list", actor=personas.leader_a).latest("id")
    assert [s.youth_id for s in listed.subjects.all()] == [personas.youth_a.pk]
    item = Discussion.objects.get(case=anna)
    response = leo.post(f"/saker/teammote/{item.pk}/vedtak/", {f"d{item.pk}-decision": ""})
    assert response.status_code == 400
    assert "Skriv hva møtet besluttet" in response.content.decode()
    response = leo.post(
        f"/saker/teammote/{item.pk}/vedtak/", {f"d{item.pk}-decision": "Lise drar på hjemmebesøk."}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.decided_on, item.decided_by) == (timezone.localdate(), personas.leader_a)
    assert AuditEvent.objects.filter(
        action="update", actor=personas.leader_a, fields=["decision", "decided_on"]
    ).exists()
    case_page = text_of(lise, f"/saker/{anna.pk}/")
    assert "Lise drar på hjemmebesøk." in case_page and "Sett på listen" in case_page
    meeting = text_of(leo, "/saker/teammote/")
    assert "Besluttet de siste to ukene" in meeting and "Lise drar på hjemmebesøk." in meeting
    # A decision is made once.
    with pytest.raises(ValidationError):
        services.discussion_decide(
            actor=personas.leader_a,
            purpose=Purpose.CASEWORK,
            discussion_id=item.pk,
            decision="Noe annet",
        )


def test_the_team_meeting_shows_each_worker_only_what_the_policy_shows_her(personas, login):
    """Aksel's case is Leo's: Lise works in the same unit but is not his contact person."""
    aksel = personas.youth_a2.cases.get()
    services.discussion_raise(
        actor=personas.leader_a, purpose=Purpose.CASEWORK, case_id=aksel.pk, question="Skjermet?"
    )
    item = Discussion.objects.get(case=aksel)
    lise = login(personas.los_a)
    assert "Aksel" not in text_of(lise, "/saker/teammote/")
    assert lise.post(f"/saker/teammote/{item.pk}/vedtak/", {}).status_code == 404
    with pytest.raises(Http404):
        services.discussion_decide(
            actor=personas.los_a, purpose=Purpose.CASEWORK, discussion_id=item.pk, decision="x"
        )
    bea = login(personas.los_b)
    assert "Aksel" not in text_of(bea, "/saker/teammote/")
    assert bea.post(f"/saker/{aksel.pk}/teammote/", {"question": "x"}).status_code == 404
    assert login(personas.partner).get("/saker/teammote/").status_code == 404
    assert "Aksel" in login(personas.leader_a).get("/saker/teammote/").content.decode()


def test_a_closed_case_is_not_raised(personas):
    anna = personas.youth_a.cases.get()
    services.case_close(
        actor=personas.los_a,
        purpose=Purpose.CASEWORK,
        case_id=anna.pk,
        outcome="in_school",
        reason="Går på skolen igjen.",
    )
    with pytest.raises(ValidationError):
        services.discussion_raise(
            actor=personas.los_a, purpose=Purpose.CASEWORK, case_id=anna.pk, question="x"
        )


@pytest.mark.parametrize(
    "grade, tenth",
    [("10", True), ("10. trinn", True), ("10B", True), (" 10", True), ("100", False)]
    + [("9", False), ("Vg1", False), ("", False), ("1", False)],
)
def test_tenth_grade_is_read_from_the_registers_free_text(grade, tenth):
    assert in_tenth_grade(grade) is tenth


def test_transition_season_runs_from_march_to_the_first_school_day():
    assert not transition_season(date(2027, 2, 28))
    assert transition_season(date(2027, 3, 1))
    assert transition_season(date(2027, 8, 20))
    assert not transition_season(date(2027, 8, 21))


def test_a_tenth_grader_without_a_full_plan_is_flagged_in_spring(personas):
    anna = personas.youth_a.cases.get()
    anna.stage = "active"
    anna.save()
    youth = personas.youth_a
    youth.grade, youth.school = "10", "Testvik ungdomsskole"
    youth.save()
    anna.youth = youth
    spring = date(2027, 4, 14)
    anna.situation_confirmed_on = anna.opened_on = spring
    kinds = [a.kind for a in alerts_for(anna, [], spring)]
    assert kinds == ["transition"]
    assert not [a for a in alerts_for(anna, [], date(2027, 11, 1)) if a.kind == "transition"]
    plan = services.transition_save(
        actor=personas.los_a,
        purpose=Purpose.CASEWORK,
        case_id=anna.pk,
        reviewed_on=spring,
        counselor="Rådgiver Rød",
        summer_plan="Sommerjobb i parken.",
        first_day_plan="",
        new_school="Fiktivik vgs",
        programme="",
        new_school_contact="",
        new_school_contact_details="",
    )
    anna.transition = plan
    (alert,) = alerts_for(anna, [], spring)
    assert (
        "en plan for første skoledag" in alert.text and "en kontakt på den nye skolen" in alert.text
    )
    assert "sommeren" not in alert.text
    plan = services.transition_save(
        actor=personas.los_a,
        purpose=Purpose.CASEWORK,
        case_id=anna.pk,
        first_day_plan="Lise møter henne ved inngangen.",
        new_school_contact="Kontaktlærer Kari",
    )
    anna.transition = plan
    assert alerts_for(anna, [], spring) == []
    # Each save names the fields it changed; the first one created the plan.
    rows = AuditEvent.objects.filter(object_type__endswith="transition").order_by("id")
    assert [r.action for r in rows] == ["create", "update"]
    assert rows[1].fields == ["first_day_plan", "new_school_contact"]


def test_the_transition_plan_is_made_from_the_case_page(personas, login):
    anna = personas.youth_a.cases.get()
    youth = personas.youth_a
    youth.grade, youth.school = "10", "Testvik ungdomsskole"
    youth.save()
    lise = login(personas.los_a)
    assert "Planlegg overgangen" in text_of(lise, f"/saker/{anna.pk}/")
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = lise.post(f"/saker/{anna.pk}/overgang/", {"reviewed_on": tomorrow})
    assert response.status_code == 400
    assert "Velg en dato fra år 2000 til i dag" in response.content.decode()
    assert not Transition.objects.exists()
    form = {
        "reviewed_on": timezone.localdate().isoformat(),
        "counselor": "Rådgiver Rød",
        "summer_plan": "Sommerjobb.",
        "first_day_plan": "Møtes ved inngangen.",
        "new_school": "Fiktivik vgs",
        "programme": "Helse- og oppvekstfag",
        "new_school_contact": "Kari Kontakt",
        "new_school_contact_details": "kari@vgs.example",
    }
    assert lise.post(f"/saker/{anna.pk}/overgang/", form).status_code == 302
    listing = text_of(lise, "/saker/overgang/")
    assert "Testvik ungdomsskole" in listing and "Kari Kontakt" in listing
    assert "Ingenting: planen er klar" in listing
    # Filtered to one school; an unknown school is not a page.
    assert lise.get("/saker/overgang/?skole=Testvik+ungdomsskole").status_code == 200
    assert lise.get("/saker/overgang/?skole=Finnes+ikke").status_code == 404
    # Another unit's worker sees none of it and cannot plan it.
    bea = login(personas.los_b)
    assert "Anna" not in text_of(bea, "/saker/overgang/")
    assert bea.get(f"/saker/{anna.pk}/overgang/").status_code == 404


def test_the_dashboard_lists_her_next_appointments_in_one_audit_row(personas, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    anna = personas.youth_a.cases.get()
    now = timezone.now()
    Appointment.objects.create(case=anna, starts_at=now + timedelta(days=2), place="Kafeen")
    Appointment.objects.create(case=anna, starts_at=now - timedelta(days=2), place="Fortiden")
    lise = login(personas.los_a)
    page = text_of(lise, "/")
    assert "Kafeen" in page and "Fortiden" not in page
    assert f'href="/saker/{anna.pk}/"' in page
    # One list row names Anna once, for both the youth card and the appointment.
    listed = AuditEvent.objects.filter(action="list", actor=personas.los_a).latest("id")
    assert [s.youth_id for s in listed.subjects.all()] == [personas.youth_a.pk]
    assert "appointments" in listed.fields

    def statements():
        with CaptureQueriesContext(connection) as ctx:
            assert lise.get("/").status_code == 200
        return len(ctx.captured_queries)

    few = statements()
    from tests.test_query_counts import add_youth

    add_youth(personas, 6)  # more of her youth with appointments ahead: the same statements
    for case in personas.los_a.contact_cases.exclude(pk=anna.pk):
        Appointment.objects.create(case=case, starts_at=now + timedelta(hours=3), place="Torget")
    response = lise.get("/")
    upcoming = response.context["upcoming"]
    assert len(upcoming) == 7 and upcoming[-1].next_place == "Kafeen"  # soonest first
    assert statements() == few


def test_a_plan_review_due_puts_the_case_on_the_work_list(personas, login):
    from ungsam.plans.models import ActionPlan

    anna = personas.youth_a.cases.get()
    anna.stage, anna.situation_confirmed_on = "active", timezone.localdate()
    anna.save()
    Appointment.objects.create(
        case=anna,
        starts_at=timezone.now() - timedelta(days=1),
        place="Kontoret",
        outcome="attended",
    )
    plan = ActionPlan.objects.create(
        case=anna, next_review_on=timezone.localdate() + timedelta(days=1)
    )
    lise = login(personas.los_a)
    assert "Anna Fiktivsen" not in text_of(lise, "/saker/arbeidsliste/")
    plan.next_review_on = timezone.localdate()
    plan.save()
    work = text_of(lise, "/saker/arbeidsliste/")
    assert "Anna Fiktivsen" in work and "Gjennomgangen av tiltaksplanen" in work
    assert "Gjennomgangen av tiltaksplanen" in text_of(lise, f"/saker/{anna.pk}/")


def test_rule_8_hides_a_protected_youths_schools_on_the_transition_list(personas, login):
    """Aksel has a protected address and Leo as contact person; Lise, a case worker, is made
    his second contact person: she follows him, but rule 8 shows his school to leaders only."""
    from ungsam.cases.models import CaseContact

    aksel = personas.youth_a2.cases.get()
    CaseContact.objects.create(case=aksel, user=personas.los_a)
    youth = personas.youth_a2
    youth.grade, youth.school = "10", "Hemmelig ungdomsskole"
    youth.save()
    Transition.objects.create(
        case=aksel, new_school="Hemmelig vgs", new_school_contact="Kari", programme="Elektro"
    )
    lise = login(personas.los_a)
    listing = lise.get("/saker/overgang/")
    assert listing.status_code == 200
    body = listing.content.decode()
    assert "Aksel Fiktivsen" in body and "Skjult: beskyttet adresse" in body
    assert "Hemmelig" not in without_tokens(body) and "Kari" not in without_tokens(body)
    listed = AuditEvent.objects.filter(action="list", actor=personas.los_a).latest("id")
    assert "school" not in listed.fields
    case_page = lise.get(f"/saker/{aksel.pk}/")
    assert case_page.status_code == 200 and "Hemmelig" not in case_page.content.decode()
    form = lise.get(f"/saker/{aksel.pk}/overgang/")
    assert form.status_code == 200
    assert "Hemmelig" not in form.content.decode() and "id_new_school" not in form.content.decode()
    # Her save leaves what she cannot see as it was.
    assert (
        lise.post(f"/saker/{aksel.pk}/overgang/", {"summer_plan": "Sommerjobb"}).status_code == 302
    )
    plan = Transition.objects.get(case=aksel)
    assert (plan.new_school, plan.summer_plan) == ("Hemmelig vgs", "Sommerjobb")
    # The leader sees it all.
    leo = login(personas.leader_a).get("/saker/overgang/").content.decode()
    assert "Hemmelig ungdomsskole" in leo and "Hemmelig vgs" in leo


def test_opening_the_transition_form_is_recorded(personas, login):
    anna = personas.youth_a.cases.get()
    Transition.objects.create(case=anna, summer_plan="Sommerjobb i parken.")
    response = login(personas.leader_a).get(f"/saker/{anna.pk}/overgang/")
    assert "Sommerjobb i parken." in response.content.decode()
    viewed = AuditEvent.objects.filter(action="view", object_type="cases.transition").get()
    assert viewed.actor == personas.leader_a and "summer_plan" in viewed.fields


def test_a_refused_raise_keeps_its_probe_row_and_a_closed_case_takes_no_decision(personas, login):
    aksel = personas.youth_a2.cases.get()
    bea = login(personas.los_b)
    assert bea.post(f"/saker/{aksel.pk}/teammote/", {"question": "Hva?"}).status_code == 404
    denied = AuditEvent.objects.filter(action="access_denied", actor=personas.los_b).get()
    assert [s.youth_id for s in denied.subjects.all()] == [personas.youth_a2.pk]
    anna = personas.youth_a.cases.get()
    item = services.discussion_raise(
        actor=personas.los_a, purpose=Purpose.CASEWORK, case_id=anna.pk, question="Hva nå?"
    )
    services.case_close(
        actor=personas.los_a,
        purpose=Purpose.CASEWORK,
        case_id=anna.pk,
        outcome="moved",
        reason="Flyttet.",
        moved_to="Annenby",
    )
    with pytest.raises(ValidationError):
        services.discussion_decide(
            actor=personas.leader_a, purpose=Purpose.CASEWORK, discussion_id=item.pk, decision="x"
        )
