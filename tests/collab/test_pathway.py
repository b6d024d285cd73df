"""The common service pathway (felles tjenesteløp): admins configure the templates (rule 4),
a case's workers move it along the pathway with its history kept (rule 1), the case page shows
where she is, what is overdue and who coordinates, and a leader sees her unit's cases by step,
overdue first, in a constant number of queries, with one audit row naming everyone shown."""

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ungsam.access.audit import SystemActor
from ungsam.access.models import AuditEvent, AuditSubject
from ungsam.cases.models import Case, CaseContact
from ungsam.collab import pathway_selectors, pathway_services, team_services
from ungsam.collab.models import PathwayStay, PathwayStep, ServicePathway
from ungsam.people.models import Youth

SYSTEM = SystemActor("test")


def make_pathway(personas, *, active=True, name="Felles tjenesteløp"):
    pathway = pathway_services.pathway_create(
        actor=personas.admin, municipality=personas.municipality, name=name
    )
    for i, (step, service, days, level) in enumerate(
        [
            ("Bekymring oppdaget", "skole", 14, 0),
            ("Kartlegging", "oppsokende_tjeneste", 30, 1),
            ("Samordnet innsats", "barnevern", 90, 3),
        ],
        start=1,
    ):
        pathway_services.step_create(
            actor=personas.admin,
            pathway=pathway,
            name=step,
            responsible_service=service,
            expected_days=days,
            bti_level=level,
            position=i,
        )
    return pathway


@pytest.fixture
def pathway(personas):
    return make_pathway(personas)


def steps(pathway):
    return list(pathway.steps.order_by("position"))


def anna_case(p):
    return p.youth_a.cases.get()


def move(actor, case, step, *, since=None, note="Drøftet med ungdommen."):
    return pathway_services.pathway_move(
        actor=actor, purpose="casework", case_id=case.pk, step_id=step.pk, since=since, note=note
    )


# --- Configuration (rule 4) ---------------------------------------------------------------


def test_it_lets_the_admin_configure_a_pathway_and_retire_a_step(personas, login):
    client = login(personas.admin)
    response = client.post("/organisasjon/tjenestelop/ny/", {"name": "Tjenesteløpet"})
    pathway = ServicePathway.objects.get(name="Tjenesteløpet")
    assert response.status_code == 302 and pathway.active  # the first is active
    data = {
        "position": "1",
        "name": "Kartlegging",
        "description": "Kartlegg sammen med ungdommen.",
        "responsible_service": "oppsokende_tjeneste",
        "expected_days": "30",
        "bti_level": "1",
    }
    response = client.post(f"/organisasjon/tjenestelop/{pathway.pk}/steg/ny/", data)
    assert response.status_code == 302
    step = pathway.steps.get()
    assert (step.service, step.expected_days, step.bti_level) == ("oppsokende_tjeneste", 30, 1)
    response = client.post(f"/organisasjon/tjenestelop/steg/{step.pk}/", data)  # active off
    assert response.status_code == 302
    step.refresh_from_db()
    assert not step.active  # retired, kept
    page = client.get(f"/organisasjon/tjenestelop/{pathway.pk}/").content.decode()
    assert "Kartlegging" in page and "Tatt ut" in page
    rows = AuditEvent.objects.filter(purpose="administration", object_type="collab.pathwaystep")
    assert list(rows.values_list("action", flat=True).order_by("id")) == ["create", "update"]


@pytest.mark.parametrize("persona", ["los_a", "leader_a", "partner", "analyst"])
def test_it_answers_404_to_anyone_but_the_admin(personas, login, pathway, persona):
    client = login(getattr(personas, persona))
    step = steps(pathway)[0]
    for url in (
        "/organisasjon/tjenestelop/",
        f"/organisasjon/tjenestelop/{pathway.pk}/",
        f"/organisasjon/tjenestelop/steg/{step.pk}/",
    ):
        assert client.get(url).status_code == 404
    response = client.post("/organisasjon/tjenestelop/ny/", {"name": "Snik"})
    assert response.status_code == 404
    assert not ServicePathway.objects.filter(name="Snik").exists()


def test_the_services_refuse_anyone_but_an_admin_of_the_municipality(personas, pathway):
    from tests.conftest import admin_of_another_municipality

    _other, stranger = admin_of_another_municipality()
    for actor in (personas.leader_a, stranger):
        with pytest.raises(PermissionDenied):
            pathway_services.pathway_create(
                actor=actor, municipality=personas.municipality, name="Annet"
            )
        with pytest.raises(PermissionDenied):
            pathway_services.step_update(
                actor=actor,
                step=steps(pathway)[0],
                name="Omdøpt",
                responsible_service="nav",
                expected_days=3,
                bti_level=0,
                position=1,
                active=True,
            )
    assert steps(pathway)[0].name == "Bekymring oppdaget"


def test_the_admin_of_another_municipality_gets_404(personas, client, pathway):
    from tests.conftest import admin_of_another_municipality

    _other, stranger = admin_of_another_municipality()
    client.force_login(stranger)
    assert client.get(f"/organisasjon/tjenestelop/{pathway.pk}/").status_code == 404
    assert b"Felles tjenel" not in client.get("/organisasjon/tjenestelop/").content


def test_activating_a_pathway_retires_the_one_active_before(personas, pathway):
    second = pathway_services.pathway_create(
        actor=personas.admin, municipality=personas.municipality, name="Nytt løp"
    )
    assert not second.active  # waits while its steps are made
    pathway_services.pathway_update(
        actor=personas.admin, pathway=second, name="Nytt løp", active=True
    )
    pathway.refresh_from_db()
    assert not pathway.active
    assert ServicePathway.objects.filter(active=True).get() == second


def test_a_bad_step_gives_norwegian_messages_and_writes_nothing(personas, login, pathway):
    client = login(personas.admin)
    before = PathwayStep.objects.count()
    response = client.post(
        f"/organisasjon/tjenestelop/{pathway.pk}/steg/ny/",
        {"position": "0", "name": "", "responsible_service": "hemmelig", "expected_days": "abc"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Velg et gyldig valg" in page  # Django's nb for the service and BTI level
    assert "Oppgi et helt tall" in page or "heltall" in page
    assert PathwayStep.objects.count() == before
    with pytest.raises(ValidationError) as raised:
        pathway_services.step_create(
            actor=personas.admin,
            pathway=pathway,
            name="X",
            responsible_service="nav",
            expected_days=0,
            bti_level=7,
            position=1,
        )
    assert set(raised.value.message_dict) == {"expected_days", "bti_level"}


# --- Moving a case (rule 1) ---------------------------------------------------------------


def test_the_contact_person_places_and_moves_the_case_keeping_history(personas, pathway):
    case = anna_case(personas)
    first, second, _third = steps(pathway)
    today = timezone.localdate()
    move(personas.los_a, case, first, since=today - timedelta(days=10), note="")
    stay = move(personas.los_a, case, second, note="Kartlegging startet.")
    stays = list(PathwayStay.objects.filter(case=case).order_by("id"))
    assert [s.step_id for s in stays] == [first.pk, second.pk]
    assert stays[0].ended_at is not None and stays[1].ended_at is None
    assert (stay.since, stay.moved_by) == (today, personas.los_a)
    # Back again, by the leader.
    move(personas.leader_a, case, first, note="Ny bekymring; vi starter på nytt.")
    assert PathwayStay.objects.filter(case=case).count() == 3
    event = AuditEvent.objects.filter(object_type="collab.pathwaystay").latest("id")
    assert event.fields == ["pathway_step", "since", "note"]
    assert AuditSubject.objects.get(event=event).youth_id == personas.youth_a.pk


@pytest.mark.parametrize("persona", ["los_b", "field_c", "partner", "admin", "analyst"])
def test_nobody_else_can_move_the_case(personas, pathway, persona):
    case = anna_case(personas)
    with pytest.raises(Http404):
        move(getattr(personas, persona), case, steps(pathway)[0])
    assert not PathwayStay.objects.exists()


def test_a_worker_of_another_unit_gets_404_from_the_pages(personas, login, pathway):
    case = anna_case(personas)
    client = login(personas.los_b)
    assert client.get(f"/saker/{case.pk}/tjenestelop/").status_code == 404
    response = client.post(
        f"/saker/{case.pk}/tjenestelop/flytt/", {"step": steps(pathway)[0].pk, "note": "x"}
    )
    assert response.status_code == 404
    assert not PathwayStay.objects.exists()


def test_a_move_is_refused_in_norwegian_and_writes_nothing(personas, login, pathway):
    case = anna_case(personas)
    first, second, _ = steps(pathway)
    move(personas.los_a, case, first, note="")
    client = login(personas.los_a)
    url = f"/saker/{case.pk}/tjenestelop/flytt/"
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    cases = [
        ({"step": second.pk, "note": ""}, "Skriv hvorfor saken flyttes."),
        ({"step": first.pk, "note": "Igjen"}, "Saken står allerede på dette steget."),
        ({"step": second.pk, "note": "Videre", "since": tomorrow}, "kan ikke være etter i dag"),
        ({"step": "999999", "note": "Videre"}, "Velg et gyldig valg"),
        ({"step": second.pk, "note": "Videre", "since": "1999-12-31"}, "Datoen er for tidlig."),
    ]
    for data, message in cases:
        response = client.post(url, data)
        assert response.status_code == 400, data
        assert message in response.content.decode(), data
    assert PathwayStay.objects.count() == 1


def test_a_retired_step_or_an_inactive_pathway_takes_no_move(personas, pathway):
    case = anna_case(personas)
    first = steps(pathway)[0]
    first.active = False
    first.save()
    with pytest.raises(ValidationError):
        move(personas.los_a, case, first)
    other = make_pathway(personas, active=False, name="Gammelt")
    with pytest.raises(ValidationError):
        move(personas.los_a, case, steps(other)[1])
    assert not PathwayStay.objects.exists()


text = st.text(max_size=300)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    note=text,
    since=st.one_of(text, st.dates().map(str)),
    step=st.one_of(text, st.integers().map(str)),
)
def test_any_input_to_the_move_gives_a_redirect_or_a_4xx(
    personas, login, pathway, note, since, step
):
    client = login(personas.los_a)
    before = PathwayStay.objects.count()
    response = client.post(
        f"/saker/{anna_case(personas).pk}/tjenestelop/flytt/",
        {"note": note, "since": since, "step": step},
    )
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert PathwayStay.objects.count() == before


# --- Overdue, on a clock the test sets ------------------------------------------------------


def test_overdue_counts_the_days_beyond_the_expected_duration(personas, pathway):
    case = anna_case(personas)
    first = steps(pathway)[0]  # 14 days expected
    move(personas.los_a, case, first, since=date(2026, 1, 1), note="")
    on_time = pathway_selectors.case_pathway(case=case, today=date(2026, 1, 15))
    assert (on_time.days_on_step, on_time.days_overdue, on_time.overdue) == (14, 0, False)
    late = pathway_selectors.case_pathway(case=case, today=date(2026, 1, 20))
    assert (late.days_on_step, late.days_overdue, late.overdue) == (19, 5, True)
    assert [s.state for s in late.steps] == ["current", "upcoming", "upcoming"]
    case.status = "closed"  # as the case page reads it after closure
    closed = pathway_selectors.case_pathway(case=case, today=date(2026, 1, 20))
    assert (closed.days_on_step, closed.overdue) == (19, False)  # a closed case waits for nothing


# --- The case page ---------------------------------------------------------------------------


def test_the_case_page_shows_the_stepper_overdue_coordinator_and_service(personas, login, pathway):
    case = anna_case(personas)
    first, second, _ = steps(pathway)
    long_ago = timezone.localdate() - timedelta(days=200)
    move(personas.los_a, case, first, since=long_ago, note="")
    move(personas.los_a, case, second, since=long_ago + timedelta(days=5), note="Videre.")
    team_services.team_create(actor=personas.los_a, purpose="casework", case_id=case.pk, role="Los")
    page = login(personas.los_a).get(f"/saker/{case.pk}/").content.decode()
    stepper = re.search(r'<ol class="pathway-steps">(.*?)</ol>', page, re.S).group(1)
    items = re.findall(r"<li [^>]*>", stepper)
    assert len(items) == 3
    assert sum('aria-current="step"' in li for li in items) == 1
    assert 'aria-current="step"' in items[1]
    assert "(passert)" in stepper  # said to screen readers, not by colour alone
    assert "165 dager lenger enn forventet" in page
    assert "Oppsøkende tjeneste" in page  # the current step's responsible service
    assert "Lise Testperson" in page  # the coordinator


def test_the_case_page_says_nothing_of_a_pathway_when_there_is_none(personas, login):
    page = login(personas.los_a).get(f"/saker/{anna_case(personas).pk}/").content.decode()
    assert "pathway-steps" not in page


# --- The leader's overview ---------------------------------------------------------------------


def add_cases(personas, pathway, n, *, unit=None, contact=None):
    """n youth with open cases in unit A (Lise's), placed round the steps; every second one
    overdue."""
    unit, contact = unit or personas.unit_a, contact or personas.los_a
    all_steps = steps(pathway)
    start = Youth.objects.count()
    for i in range(n):
        youth = Youth.objects.create(
            municipality=personas.municipality,
            first_name=f"Ung{start + i}",
            last_name="Fiktivsen",
            birth_date=date(2010, 1, 1),
        )
        case = Case.objects.create(youth=youth, unit=unit)
        CaseContact.objects.create(case=case, user=contact, primary=True)
        step = all_steps[i % len(all_steps)]
        days = step.expected_days + 10 if i % 2 else 1
        move(contact, case, step, since=timezone.localdate() - timedelta(days=days), note="")


def test_the_leader_sees_her_units_cases_by_step_overdue_first(personas, login, pathway):
    add_cases(personas, pathway, 6)
    add_cases(personas, pathway, 3, unit=personas.unit_b, contact=personas.los_b)
    response = login(personas.leader_a).get("/tjenestelop/")
    assert response.status_code == 200
    overview = response.context["overview"]
    assert [r.count for r in overview.rows] == [2, 2, 2]
    assert overview.total == 6 and overview.overdue == 3
    assert overview.not_placed == 2  # Anna and Aksel
    for row in overview.rows:
        overdue = [s.days_overdue_now for s in row.stays]
        assert overdue == sorted(overdue, reverse=True)  # overdue first
    shown = {s.case.youth_id for r in overview.rows for s in r.stays}
    assert not shown & set(
        Case.objects.filter(unit=personas.unit_b).values_list("youth", flat=True)
    )
    page = response.content.decode()
    assert "Åpne saker per steg" in page and "<caption" in page
    assert 'role="img"' in page and "<title id=" in page
    event = AuditEvent.objects.filter(action="list").latest("id")
    assert set(AuditSubject.objects.filter(event=event).values_list("youth_id", flat=True)) == shown
    assert "pathway_step" in event.fields


def test_the_overview_is_a_leaders_alone(personas, login, pathway):
    add_cases(personas, pathway, 2)
    for persona in ("los_a", "los_b", "admin", "partner"):
        assert login(getattr(personas, persona)).get("/tjenestelop/").status_code == 404
    unit_b = personas.unit_b.pk
    assert login(personas.leader_a).get(f"/tjenestelop/?enhet={unit_b}").status_code == 404


def test_the_overview_keeps_its_queries_constant(personas, login, pathway):
    client = login(personas.leader_a)
    add_cases(personas, pathway, 3)
    team_services.team_create(
        actor=personas.los_a,
        purpose="casework",
        case_id=PathwayStay.objects.filter(ended_at__isnull=True).first().case_id,
        role="Los",
    )
    client.get("/tjenestelop/")
    with CaptureQueriesContext(connection) as few:
        first = client.get("/tjenestelop/")
    add_cases(personas, pathway, 15)
    with CaptureQueriesContext(connection) as many:
        second = client.get("/tjenestelop/")
    assert second.context["overview"].total > first.context["overview"].total
    assert len(many) == len(few), "\n".join(q["sql"] for q in many.captured_queries)
