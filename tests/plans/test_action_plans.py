"""The action plan (tiltaksplan) as a los, her leader and an admin meet it: measurable goals,
measures from the municipality's catalog, reviews at follow-up meetings with progress per goal,
the next review's date, the A4 print page; through the case's gatekeeper, and recorded."""

import importlib
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ungsam.access.audit import SystemActor
from ungsam.access.models import AuditEvent, Purpose
from ungsam.cases import services as case_services
from ungsam.org.models import Municipality
from ungsam.plans import services
from ungsam.plans.catalog import SEED_MEASURES
from ungsam.plans.models import (
    ActionPlan,
    Goal,
    GoalProgress,
    MeasureType,
    PlanMeasure,
    PlanReview,
)

TODAY = timezone.localdate


@pytest.fixture
def catalog(personas):
    services.measure_catalog_seed(actor=SystemActor("test"), municipality=personas.municipality)
    return {t.name: t for t in MeasureType.objects.filter(municipality=personas.municipality)}


def close(actor, case):
    case_services.case_close(
        actor=actor, purpose=Purpose.CASEWORK, case_id=case.pk, outcome="in_school", reason="Ferdig"
    )


def anna_case(personas):
    return personas.youth_a.cases.get()


def plan_url(personas, tail=""):
    return f"/saker/{anna_case(personas).pk}/plan/{tail}"


def later(days):
    return (TODAY() + timedelta(days=days)).isoformat()


def add_goal(personas, what="Fravær under 10 %", actor=None, **values):
    args = {
        "indicator": "Fravær i prosent",
        "baseline": 25,
        "target": 10,
        "due_on": date(2030, 3, 1),
    }
    return services.goal_create(
        actor=actor or personas.los_a,
        purpose=Purpose.CASEWORK,
        case_id=anna_case(personas).pk,
        what=what,
        **{**args, **values},
    )


def add_measure(personas, kind, **values):
    args = {"responsible": "Skolen", "starts_on": TODAY()}
    return services.measure_create(
        actor=personas.los_a,
        purpose=Purpose.CASEWORK,
        case_id=anna_case(personas).pk,
        type_id=kind.pk,
        **{**args, **values},
    )


def add_review(personas, goals, held_on=None, next_review_on=None):
    return services.review_create(
        actor=personas.los_a,
        purpose=Purpose.CASEWORK,
        case_id=anna_case(personas).pk,
        held_on=held_on or TODAY(),
        participants="Anna, mor, kontaktlærer og los",
        progress=[(g.pk, Decimal(15), True, "", "open") for g in goals],
        decisions="Leksehjelp fortsetter.",
        next_review_on=next_review_on,
    )


def test_a_los_builds_the_plan_reviews_it_and_sees_the_progress(personas, login, catalog):
    client = login(personas.los_a)
    empty = client.get(plan_url(personas))
    assert empty.status_code == 200
    assert "Ingen tiltaksplan ennå" in empty.content.decode()
    assert not ActionPlan.objects.exists()  # reading makes no plan

    goal = client.post(
        plan_url(personas, "mal/ny/"),
        {
            "what": "Fravær under 10 %",
            "indicator": "Fravær i prosent siste måned",
            "baseline": "25",
            "target": "10",
            "due_on": later(90),
        },
    )
    assert goal.status_code == 302
    measure = client.post(
        plan_url(personas, "tiltak/nytt/"),
        {
            "type": catalog["Leksehjelp"].pk,
            "description": "Leksehjelp i matematikk tirsdag og torsdag",
            "responsible": "Skolen",
            "starts_on": TODAY().isoformat(),
            "status": "ongoing",
        },
    )
    assert measure.status_code == 302
    made = Goal.objects.get()
    form = client.get(plan_url(personas, "gjennomgang/ny/"))
    assert "Fravær under 10 %" in form.content.decode()  # a row per open goal
    review = client.post(
        plan_url(personas, "gjennomgang/ny/"),
        {
            "held_on": TODAY().isoformat(),
            "participants": "Anna, mor, kontaktlærer og los",
            f"value_{made.pk}": "15",
            f"on_track_{made.pk}": "yes",
            f"note_{made.pk}": "Bedre etter vekking",
            f"status_{made.pk}": "open",
            "decisions": "Vekking i tre uker til.",
            "next_review_on": later(30),
        },
    )
    assert review.status_code == 302

    plan = ActionPlan.objects.get(case=anna_case(personas))
    assert plan.next_review_on == TODAY() + timedelta(days=30)
    assert GoalProgress.objects.get().value == 15
    page = client.get(plan_url(personas))
    body = page.content.decode()
    # From 25 toward 10, now 15: two thirds of the way.
    assert "67 % av veien" in body
    assert "I rute ved siste gjennomgang" in body
    assert "Leksehjelp i matematikk tirsdag og torsdag" in body and "Pågår" in body
    assert "Vekking i tre uker til." in body and "Bedre etter vekking" in body
    assert "Anna, mor, kontaktlærer og los" in body

    written = AuditEvent.objects.filter(action="create").values_list("object_type", flat=True)
    assert {"plans.actionplan", "plans.goal", "plans.planmeasure", "plans.planreview"} <= set(
        written
    )
    read = AuditEvent.objects.filter(action="view", object_type="cases.case").latest("id")
    assert {"goals", "measures", "reviews"} <= set(read.fields)


def test_the_case_page_links_to_the_plan(personas, login):
    body = login(personas.los_a).get(f"/saker/{anna_case(personas).pk}/").content.decode()
    assert plan_url(personas) in body and "Tiltaksplan" in body


def test_a_measure_changes_status_and_the_change_is_recorded(personas, login, catalog):
    measure = add_measure(personas, catalog["Mentor eller miljøarbeider"])
    client = login(personas.leader_a)  # the leader writes too
    url = plan_url(personas, f"tiltak/{measure.pk}/")
    assert "Mentor eller miljøarbeider" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "type": measure.type_id,
            "responsible": "Skolen",
            "starts_on": measure.starts_on.isoformat(),
            "ends_on": later(10),
            "status": "done",
        },
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.status == "done"
    change = AuditEvent.objects.filter(action="update", object_type="plans.planmeasure").get()
    assert set(change.fields) == {"status", "ends_on"}
    assert AuditEvent.objects.filter(action="view", object_type="plans.planmeasure").exists()


def test_a_goal_is_changed_and_a_new_date_may_not_be_in_the_past(personas, login):
    goal = add_goal(personas, baseline=Decimal("12.5"))
    client = login(personas.los_a)
    url = plan_url(personas, f"mal/{goal.pk}/")
    shown = client.get(url).content.decode()
    assert 'value="12,5"' in shown and 'value="10"' in shown  # as she would type them
    fields = {
        "what": goal.what,
        "indicator": goal.indicator,
        "baseline": "22,5",  # a decimal comma
        "target": "10",
        "due_on": goal.due_on.isoformat(),
        "status": "reached",
    }
    assert client.post(url, fields).status_code == 302
    goal.refresh_from_db()
    assert goal.status == "reached" and goal.baseline == Decimal("22.5")
    past = client.post(url, {**fields, "due_on": (TODAY() - timedelta(days=1)).isoformat()})
    assert past.status_code == 400
    assert "Velg en dato etter i dag." in past.content.decode()
    goal.refresh_from_db()
    assert goal.due_on == date(2030, 3, 1)
    with pytest.raises(ValidationError):  # the service refuses it too
        services.goal_update(
            actor=personas.los_a,
            purpose=Purpose.CASEWORK,
            case_id=anna_case(personas).pk,
            goal_id=goal.pk,
            due_on=TODAY() - timedelta(days=3),
        )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"due_on": (date.today() - timedelta(days=1)).isoformat()}, "Velg en dato etter i dag."),
        ({"target": "25"}, "Målverdien må være ulik utgangspunktet"),
        ({"baseline": "mye"}, "Oppgi et tall."),
        ({"what": ""}, "Feltet er påkrevet."),
        ({"what": "Fravær\x00"}, "tillatt"),
    ],
)
def test_a_bad_goal_is_refused_in_norwegian_and_nothing_is_written(
    personas, login, change, message
):
    fields = {
        "what": "Fravær under 10 %",
        "indicator": "Fravær i prosent",
        "baseline": "25",
        "target": "10",
        "due_on": later(60),
    }
    response = login(personas.los_a).post(plan_url(personas, "mal/ny/"), {**fields, **change})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Goal.objects.exists() and not ActionPlan.objects.exists()


def test_bad_measures_and_reviews_are_refused(personas, login, catalog):
    client = login(personas.los_a)
    other, _admin = _andrevik_with_catalog()
    fields = {
        "type": catalog["Leksehjelp"].pk,
        "responsible": "Skolen",
        "starts_on": later(10),
        "status": "planned",
    }
    backwards = client.post(plan_url(personas, "tiltak/nytt/"), {**fields, "ends_on": later(5)})
    assert backwards.status_code == 400
    assert "Slutt kan ikke være før start." in backwards.content.decode()
    foreign = MeasureType.objects.filter(municipality=other).first()
    elsewhere = client.post(plan_url(personas, "tiltak/nytt/"), {**fields, "type": foreign.pk})
    assert elsewhere.status_code == 400  # not in her municipality's catalog
    with pytest.raises(ValidationError):
        add_measure(personas, foreign)
    assert not PlanMeasure.objects.exists()

    goal = add_goal(personas)
    review = {
        "held_on": later(2),  # a meeting not yet held
        "participants": "Anna og los",
        f"on_track_{goal.pk}": "yes",
        f"status_{goal.pk}": "open",
    }
    ahead = client.post(plan_url(personas, "gjennomgang/ny/"), review)
    assert ahead.status_code == 400
    assert "Velg en dato fra år 2000 til i dag." in ahead.content.decode()
    before = client.post(
        plan_url(personas, "gjennomgang/ny/"),
        {**review, "held_on": TODAY().isoformat(), "next_review_on": later(-3)},
    )
    assert before.status_code == 400
    assert "Velg en dato etter gjennomgangen." in before.content.decode()
    with pytest.raises(ValidationError):  # a goal of another plan
        services.review_create(
            actor=personas.los_a,
            purpose=Purpose.CASEWORK,
            case_id=anna_case(personas).pk,
            held_on=TODAY(),
            participants="Anna",
            progress=[(goal.pk + 999, None, True, "", "open")],
        )
    schedule = client.post(plan_url(personas, "neste-gjennomgang/"), {"next_review_on": later(-1)})
    assert schedule.status_code == 400
    assert "Velg i dag eller en senere dato." in schedule.content.decode()
    assert not PlanReview.objects.exists()
    assert ActionPlan.objects.get().next_review_on is None


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    what=st.text(max_size=400),
    baseline=st.text(max_size=20),
    due_on=st.text(max_size=12),
)
def test_any_goal_input_gives_a_page_never_an_error(personas, login, what, baseline, due_on):
    response = login(personas.los_a).post(
        plan_url(personas, "mal/ny/"),
        {"what": what, "indicator": "x", "baseline": baseline, "target": "10", "due_on": due_on},
    )
    assert response.status_code in (302, 400)


def test_only_the_cases_workers_read_or_write_the_plan(personas, login, catalog):
    goal = add_goal(personas)
    measure = add_measure(personas, catalog["Leksehjelp"])
    for persona in ("los_b", "partner", "field_c", "admin"):
        client = login(getattr(personas, persona))
        for tail in ("", "utskrift/", f"mal/{goal.pk}/", f"tiltak/{measure.pk}/"):
            assert client.get(plan_url(personas, tail)).status_code == 404, (persona, tail)
        posted = client.post(plan_url(personas, "mal/ny/"), {"what": "Inn", "due_on": later(9)})
        assert posted.status_code == 404
        assert client.post(plan_url(personas, "neste-gjennomgang/"), {}).status_code == 404
    with pytest.raises(Http404):
        add_goal(personas, actor=personas.los_b)
    # A goal id of Anna's plan under Aksel's case (Leo's) answers like one that does not exist.
    aksel = personas.youth_a2.cases.get()
    response = login(personas.leader_a).get(f"/saker/{aksel.pk}/plan/mal/{goal.pk}/")
    assert response.status_code == 404
    assert Goal.objects.count() == 1
    assert AuditEvent.objects.filter(action="access_denied").exists()


def test_a_closed_case_keeps_its_plan_read_only(personas, login, catalog):
    add_goal(personas)
    close(personas.los_a, anna_case(personas))
    client = login(personas.los_a)
    page = client.get(plan_url(personas)).content.decode()
    assert "Fravær under 10 %" in page and "Nytt mål" not in page
    refused = client.post(
        plan_url(personas, "mal/ny/"),
        {
            "what": "Nytt",
            "indicator": "x",
            "baseline": "1",
            "target": "2",
            "due_on": later(9),
        },
    )
    assert refused.status_code == 400
    assert "Saken er avsluttet." in refused.content.decode()
    assert Goal.objects.count() == 1


def test_the_plan_page_costs_the_same_queries_for_a_long_plan(personas, login, catalog):
    client = login(personas.los_a)
    kinds = list(catalog.values())

    def grow(n):
        goals = [add_goal(personas, what=f"Mål {len(kinds)}-{i}") for i in range(n)]
        for i in range(n):
            add_measure(personas, kinds[i])
        for _ in range(n):
            add_review(personas, goals)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(plan_url(personas)).status_code == 200
        return len(queries)

    grow(1)
    count()  # the first request of the session warms what every page loads once
    small = count()
    grow(5)
    assert count() == small
    assert Goal.objects.count() == 6 and PlanReview.objects.count() == 6
    shown = client.get(plan_url(personas)).context["plan"]
    assert len(shown.goals.all()) == 6 and len(shown.reviews.all()) == 6  # the page grew


def test_the_print_page_is_laid_out_for_a4(personas, login, catalog):
    goal = add_goal(personas)
    add_measure(personas, catalog["Fritidsaktivitet"], description="Fotball to ganger i uka")
    add_review(personas, [goal], next_review_on=TODAY() + timedelta(days=14))
    response = login(personas.los_a).get(plan_url(personas, "utskrift/"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Tiltaksplan for Anna Fiktivsen" in body
    assert "Los A" in body and f"sak {anna_case(personas).pk}" in body
    assert TODAY().strftime("%d.%m.%Y") in body  # printed on
    assert "Fotball to ganger i uka" in body and "Fravær under 10 %" in body
    assert "plan-table" in body and f"/plan/mal/{goal.pk}/" not in body  # no edit links
    read = AuditEvent.objects.filter(action="view", object_type="cases.case").latest("id")
    assert "print" in read.fields
    from django.contrib.staticfiles import finders

    css = open(finders.find("ungsam/ungsam.css"), encoding="utf-8").read()
    assert "size: A4" in css and "@media print" in css


def test_a_review_that_reaches_a_goal_closes_it_and_the_form_skips_it(personas, login):
    goal = add_goal(personas)
    services.review_create(
        actor=personas.los_a,
        purpose=Purpose.CASEWORK,
        case_id=anna_case(personas).pk,
        held_on=TODAY(),
        participants="Anna og los",
        progress=[(goal.pk, Decimal(8), True, "", "reached")],
    )
    goal.refresh_from_db()
    assert goal.status == "reached"
    form = login(personas.los_a).get(plan_url(personas, "gjennomgang/ny/"))
    assert f"value_{goal.pk}" not in form.content.decode()


def _andrevik_with_catalog():
    from tests.conftest import admin_of_another_municipality

    other, admin = admin_of_another_municipality()
    services.measure_catalog_seed(actor=SystemActor("test"), municipality=other)
    return other, admin


def test_the_catalog_is_seeded_once_for_every_municipality(personas):
    system = SystemActor("test")
    assert services.measure_catalog_seed(actor=system, municipality=personas.municipality) == len(
        SEED_MEASURES
    )
    assert services.measure_catalog_seed(actor=system, municipality=personas.municipality) == 0
    # The data migration does the same for the municipalities that exist when it runs.
    migration = importlib.import_module("ungsam.plans.migrations.0004_seed_measure_catalog")
    later_one = Municipality.objects.create(name="Nyvik kommune", number="9996")
    migration.seed(apps, None)
    assert MeasureType.objects.filter(municipality=later_one).count() == len(SEED_MEASURES)
    assert MeasureType.objects.filter(municipality=personas.municipality).count() == len(
        SEED_MEASURES
    )
    with pytest.raises(PermissionDenied):  # not her municipality
        services.measure_catalog_seed(actor=personas.los_a, municipality=later_one)


def test_the_admin_configures_the_catalog_and_retires_a_measure(personas, login, catalog):
    client = login(personas.admin)
    page = client.get("/organisasjon/").content.decode()
    assert "Tiltak i tiltaksplaner" in page and "Foreldreveiledningsgruppe (ICDP)" in page
    assert "<title>Organisasjon – Ungsam</title>" in page
    made = client.post("/organisasjon/tiltak/ny/", {"name": "Skolefravær-team"})
    assert made.status_code == 302
    taken = client.post("/organisasjon/tiltak/ny/", {"name": "leksehjelp"})
    assert taken.status_code == 400
    assert "Et tiltak med dette navnet finnes allerede." in taken.content.decode()
    homework = catalog["Leksehjelp"]
    measure = add_measure(personas, homework)
    retired = client.post(
        f"/organisasjon/tiltak/{homework.pk}/", {"name": "Leksehjelp", "active": ""}
    )
    assert retired.status_code == 302
    homework.refresh_from_db()
    assert not homework.active
    rows = AuditEvent.objects.filter(object_type="plans.measuretype", purpose="administration")
    assert set(rows.values_list("action", flat=True)) == {"create", "update"}
    # Retired: not offered for a new measure, kept by the one that has it.
    los = login(personas.los_a)
    new = los.get(plan_url(personas, "tiltak/nytt/")).content.decode()
    assert "Leksehjelp" not in new and "Skolefravær-team" in new
    kept = los.get(plan_url(personas, f"tiltak/{measure.pk}/")).content.decode()
    assert "Leksehjelp" in kept
    with pytest.raises(ValidationError):
        add_measure(personas, homework)
    # Another municipality's admin cannot touch it.
    _other, stranger = _andrevik_with_catalog()
    response = login(stranger).get(f"/organisasjon/tiltak/{homework.pk}/")
    assert response.status_code == 404


def test_the_demo_gives_every_followed_case_a_plan(db, demo_data):
    """Fiktivik's followed-up cases each have a plan with goals and measures from the catalog,
    some reviewed; most reviews lie ahead, some are due today or overdue (the dashboard's
    "plan review due")."""
    from ungsam.cases.models import FOLLOWED_STAGES
    from ungsam.cases.models import Case as CaseModel

    fiktivik = Municipality.objects.get(number="9999")
    assert MeasureType.objects.filter(municipality=fiktivik).count() == len(SEED_MEASURES)
    # Not the case of the youth outreach registered from a code name three days ago: too new.
    # The cases of the casework step's 80 youth: the OT steps (issue 18) add registrations and
    # quiet cases nobody has planned for, on purpose.
    from ungsam.people.models import Youth

    casework_youth = Youth.objects.order_by("pk").values("pk")[:80]
    followed = CaseModel.objects.filter(
        stage__in=FOLLOWED_STAGES,
        code_name__isnull=True,
        youth__in=casework_youth,
        ot_registration__isnull=True,
    )
    plans = ActionPlan.objects.filter(case__in=followed)
    assert plans.count() == followed.count() > 0
    for plan in plans.prefetch_related("goals", "measures", "reviews"):
        assert 1 <= len(plan.goals.all()) <= 3
        assert 2 <= len(plan.measures.all()) <= 4
        assert len(plan.reviews.all()) <= 2
        assert plan.next_review_on is not None
    today = timezone.localdate()
    due = plans.filter(next_review_on__lte=today).count()
    assert 0 < due < plans.count() // 2
    assert PlanReview.objects.exists() and GoalProgress.objects.exists()


def test_a_new_municipality_starts_with_the_catalog(db, capsys):
    from django.core.management import call_command

    call_command(
        "create_admin",
        "--municipality-number=0301",
        "--municipality-name=Oslo kommune",
        "--username=forste.admin",
    )
    oslo = Municipality.objects.get(number="0301")
    names = set(MeasureType.objects.filter(municipality=oslo).values_list("name", flat=True))
    assert names == set(SEED_MEASURES)
