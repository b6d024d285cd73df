"""The individual plan (individuell plan): one plan in force per youth across the services, on
the case whose care team holds the coordinator; its page, form, print view and PDF through the
case's gatekeeper (another unit's worker gets 404, and so does a partner: she sees the plan
only on her shared page, and only while a consent shares the plan with her service); every
read and write recorded; bad input a Norwegian 400; a page whose cost does not grow with it."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.access.test_subject_access_pdf import pdf_text
from ungsam.access import policy
from ungsam.access.audit import SystemActor
from ungsam.access.models import AuditEvent, Purpose
from ungsam.cases.models import Case, CaseContact
from ungsam.collab import services as consent_services
from ungsam.collab import team_services
from ungsam.plans import ip_services
from ungsam.plans import services as plan_services
from ungsam.plans.models import IndividualPlan, MeasureType, PlanContribution

TODAY = timezone.localdate
GOAL = "Møte på skolen hver dag før jul"


def case_of(youth):
    return youth.cases.get()


def url(case, tail=""):
    return f"/saker/{case.pk}/individuell-plan/{tail}"


def text(response):
    return response.content.decode()


def seat_key(user, partner=None, unit=None):
    return policy.Seat(user, partner, unit).key


@pytest.fixture
def team(personas):
    """Anna's team, made by Lise (her contact person, coordinator), with the school's counselor."""
    case = case_of(personas.youth_a)
    team = team_services.team_create(
        actor=personas.los_a,
        purpose=Purpose.CASEWORK,
        case_id=case.pk,
        role="Los",
        responsibility="Holder i planen.",
        coordinating_service="annet",
    )
    team_services.team_member_add(
        actor=personas.los_a,
        purpose=Purpose.CASEWORK,
        case_id=case.pk,
        seat_key=seat_key(personas.partner, partner=personas.school),
        role="Rådgiver",
        responsibility="",
    )
    return team


def make_plan(personas, actor=None, case=None, **extra):
    case = case or case_of(personas.youth_a)
    values = {
        "actor": actor or personas.los_a,
        "purpose": Purpose.CASEWORK,
        "case_id": case.pk,
        "youth_words": "Jeg vil klare skolen og få meg sommerjobb.",
        "resources": "Spiller fotball.",
        "needs": "Hjelp til å komme seg opp.",
        "valid_from": TODAY(),
        "valid_to": TODAY() + timedelta(days=365),
        "consent_on": TODAY(),
        "consent_by": "both",
    }
    values.update(extra)
    return ip_services.individual_plan_create(**values)


def add_goal(personas, what=GOAL):
    return plan_services.goal_create(
        actor=personas.los_a,
        purpose=Purpose.CASEWORK,
        case_id=case_of(personas.youth_a).pk,
        what=what,
        indicator="Fravær i %",
        baseline=20,
        target=0,
        due_on=TODAY() + timedelta(days=90),
    )


def share(personas, categories):
    """A consent of Anna, recorded by Lise, sharing `categories` with the school."""
    return consent_services.consent_record(
        actor=personas.los_a,
        purpose=Purpose.CASEWORK,
        case_id=case_of(personas.youth_a).pk,
        status="given",
        partner_ids=[personas.school.pk],
        unit_ids=[],
        categories=categories,
        sharing_purpose="Samarbeid med skolen.",
        given_by_youth=True,
        given_as="written",
    )


def bror_second_case_in_unit_b(personas):
    """Anna followed by unit B too (Bea), with a team of Bea's: another service's case."""
    case = Case.objects.create(youth=personas.youth_a, unit=personas.unit_b)
    CaseContact.objects.create(case=case, user=personas.los_b, primary=True)
    team_services.team_create(
        actor=personas.los_b,
        purpose=Purpose.CASEWORK,
        case_id=case.pk,
        role="OT",
        responsibility="",
        coordinating_service="oppfolgingstjenesten",
    )
    return case


# --- One plan per youth ------------------------------------------------------------------------


def test_it_makes_the_plan_from_the_form_and_records_it(personas, team, login):
    client = login(personas.los_a)
    case = case_of(personas.youth_a)
    page = text(client.get(url(case)))
    assert "Lag individuell plan" in page
    school_seat = team.members.get(partner=personas.school)
    response = client.post(
        url(case, "endre/"),
        {
            "youth_words": "Jeg vil bli elektriker.",
            "resources": "Flink med hendene.",
            "needs": "Matte.",
            "youth_contribution": "Står opp selv.",
            "guardians_contribution": "",
            "carried_out": "Møte hver 6. uke.",
            "valid_from": TODAY().isoformat(),
            "valid_to": (TODAY() + timedelta(days=200)).isoformat(),
            "next_review_on": (TODAY() + timedelta(days=42)).isoformat(),
            "consent_by": "youth",
            "consent_on": TODAY().isoformat(),
            f"contribution_{school_seat.pk}": "Tilrettelegger timeplanen.",
        },
    )
    assert response.status_code == 302, text(response)
    plan = IndividualPlan.objects.get(youth=personas.youth_a)
    assert plan.case == case and plan.ended_on is None
    assert PlanContribution.objects.get(plan=plan).member == school_seat
    page = text(client.get(url(case)))
    assert "Jeg vil bli elektriker." in page
    assert "Tilrettelegger timeplanen." in page
    assert "Koordinator" in page and "Lise Testperson" in page
    assert case.action_plan.next_review_on == TODAY() + timedelta(days=42)
    written = AuditEvent.objects.filter(object_type="plans.individualplan")
    assert {e.action for e in written} == {"create", "update"}
    seen = AuditEvent.objects.filter(action="view", object_type="cases.case").last()
    assert "individual_plan" in seen.fields and "contributions" in seen.fields


def test_a_youth_has_at_most_one_plan_in_force_across_services(personas, team, login):
    make_plan(personas)
    other = bror_second_case_in_unit_b(personas)
    with pytest.raises(ValidationError) as refused:
        make_plan(personas, actor=personas.los_b, case=other)
    assert "allerede en individuell plan" in " ".join(refused.value.messages)
    # Bea's page says so, and her form answers a Norwegian 400.
    client = login(personas.los_b)
    assert "allerede en individuell plan" in text(client.get(url(other)))
    response = client.post(
        url(other, "endre/"),
        {
            "valid_from": TODAY().isoformat(),
            "valid_to": (TODAY() + timedelta(days=30)).isoformat(),
            "consent_by": "youth",
            "consent_on": TODAY().isoformat(),
        },
    )
    assert response.status_code == 400
    assert "Det skal være én plan på tvers av tjenestene" in text(response)
    assert IndividualPlan.objects.filter(youth=personas.youth_a).count() == 1


def test_the_database_refuses_a_second_plan_in_force(personas, team):
    plan = make_plan(personas)
    with pytest.raises(IntegrityError), transaction.atomic():
        IndividualPlan.objects.create(
            youth=personas.youth_a,
            case=plan.case,
            valid_from=TODAY(),
            valid_to=TODAY(),
            consent_on=TODAY(),
            consent_by="youth",
        )


def test_an_ended_plan_is_history_and_a_new_one_may_be_made(personas, team, login):
    make_plan(personas)
    client = login(personas.los_a)
    case = case_of(personas.youth_a)
    empty = client.post(url(case, "avslutt/"), {"reason": ""})
    assert empty.status_code == 400 and "Feltet er påkrevet." in text(empty)
    done = client.post(url(case, "avslutt/"), {"reason": "Målene er nådd."})
    assert done.status_code == 302
    assert IndividualPlan.objects.get().ended_on == TODAY()
    make_plan(personas)
    assert IndividualPlan.objects.filter(ended_on__isnull=True).count() == 1


def test_the_plan_needs_a_team_with_a_coordinator(personas, login):
    with pytest.raises(ValidationError) as refused:
        make_plan(personas)
    assert "ansvarsgruppe" in " ".join(refused.value.messages).lower() or "team" in " ".join(
        refused.value.messages
    )
    page = text(login(personas.los_a).get(url(case_of(personas.youth_a))))
    assert "Saken har ingen ansvarsgruppe ennå" in page


# --- Access ------------------------------------------------------------------------------------


@pytest.mark.parametrize("tail", ["", "endre/", "utskrift/", "individuell-plan.pdf"])
def test_another_units_worker_and_a_partner_get_404(personas, team, login, tail):
    make_plan(personas)
    share(personas, ["plan"])
    case = case_of(personas.youth_a)
    for user in (personas.los_b, personas.partner, personas.admin, personas.analyst):
        assert login(user).get(url(case, tail)).status_code == 404, user.username


def test_the_services_refuse_the_wrong_user(personas, team):
    case = case_of(personas.youth_a)
    for user in (personas.los_b, personas.partner, personas.analyst, personas.admin):
        with pytest.raises(Http404):
            make_plan(personas, actor=user)
    make_plan(personas)
    for user in (personas.los_b, personas.partner):
        with pytest.raises(Http404):
            ip_services.individual_plan_update(
                actor=user, purpose=Purpose.CASEWORK, case_id=case.pk, needs="Noe annet"
            )
        with pytest.raises(Http404):
            ip_services.individual_plan_end(
                actor=user, purpose=Purpose.CASEWORK, case_id=case.pk, reason="Nei"
            )
    assert IndividualPlan.objects.get().needs == "Hjelp til å komme seg opp."


def test_a_partner_sees_the_plan_only_while_a_consent_shares_the_plan(personas, team, login):
    make_plan(personas)
    case = case_of(personas.youth_a)
    client = login(personas.partner)
    shared = f"/samarbeid/sak/{case.pk}/"
    consent = share(personas, ["contact_details"])
    page = text(client.get(shared))
    assert client.get(shared).status_code == 200
    assert "Jeg vil klare skolen" not in page and "Individuell plan" not in page
    share(personas, ["plan"])
    page = text(client.get(shared))
    assert "Individuell plan" in page
    assert "Jeg vil klare skolen og få meg sommerjobb." in page
    assert consent.pk  # the first consent stands; the plan came with the second


# --- Print view and PDF ------------------------------------------------------------------------


def test_the_print_view_has_no_navigation(personas, team, login):
    make_plan(personas)
    add_goal(personas)
    page = text(login(personas.los_a).get(url(case_of(personas.youth_a), "utskrift/")))
    assert "<nav" not in page and "site-header" not in page and "Logg ut" not in page
    assert "Individuell plan for Anna Fiktivsen" in page
    assert GOAL in page
    assert "ip_print.css" in page


def test_the_pdf_is_a_pdf_with_her_goals_in_plain_words(personas, team, login):
    make_plan(personas)
    add_goal(personas)
    case = case_of(personas.youth_a)
    response = login(personas.los_a).get(url(case, "individuell-plan.pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    words = pdf_text(response.content)
    assert "Min individuelle plan" in words
    assert GOAL in words
    assert "Koordinatoren din er Lise Testperson" in words
    exported = AuditEvent.objects.filter(action="export", object_type="plans.individualplan")
    assert exported.count() == 1 and "pdf" in exported.get().fields


# --- Bad input ---------------------------------------------------------------------------------


def test_bad_dates_answer_400_in_norwegian(personas, team, login):
    client = login(personas.los_a)
    case = case_of(personas.youth_a)
    response = client.post(
        url(case, "endre/"),
        {
            "valid_from": TODAY().isoformat(),
            "valid_to": (TODAY() - timedelta(days=1)).isoformat(),
            "consent_by": "tante",
            "consent_on": (TODAY() + timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 400
    page = text(response)
    assert "Planperioden må slutte etter at den starter." in page
    assert "Velg en dato fra år 2000 til i dag." in page
    assert "Velg et gyldig valg" in page
    assert not IndividualPlan.objects.exists()


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(words=st.text(max_size=300))
def test_free_text_is_saved_or_refused_never_a_500(personas, team, login, words):
    client = login(personas.los_a)
    case = case_of(personas.youth_a)
    response = client.post(
        url(case, "endre/"),
        {
            "youth_words": words,
            "valid_from": TODAY().isoformat(),
            "valid_to": TODAY().isoformat(),
            "consent_by": "youth",
            "consent_on": TODAY().isoformat(),
        },
    )
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        page = text(response)
        assert "Teksten inneholder" in page or "Null-tegn er ikke tillatt." in page


# --- Cost --------------------------------------------------------------------------------------


def test_the_plan_page_costs_the_same_however_many_measures_and_members(personas, team, login):
    make_plan(personas)
    case = case_of(personas.youth_a)
    plan_services.measure_catalog_seed(
        actor=SystemActor("test"), municipality=personas.municipality
    )
    kind = MeasureType.objects.filter(municipality=personas.municipality).first()
    client = login(personas.los_a)

    def grow(n):
        add_goal(personas, what=f"Mål {n}")
        member = team.members.filter(left_at__isnull=True).order_by("id").last()
        plan_services.measure_create(
            actor=personas.los_a,
            purpose=Purpose.CASEWORK,
            case_id=case.pk,
            type_id=kind.pk,
            responsible="Skolen",
            scope="2 timer i uka",
            starts_on=TODAY(),
            assignee_id=member.pk,
        )

    def cost():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(case)).status_code == 200
        return len(queries)

    grow(1)
    share(personas, ["plan"])
    cost()  # the first request warms the caches (compiled questions, memberships)
    before = cost()
    for n in range(2, 6):
        grow(n)
    team_services.team_member_add(
        actor=personas.los_a,
        purpose=Purpose.CASEWORK,
        case_id=case.pk,
        seat_key=seat_key(personas.leader_a, unit=personas.unit_a),
        role="Leder",
        responsibility="Følger med.",
    )
    share(personas, ["school_data"])
    assert cost() == before
