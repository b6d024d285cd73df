"""Who sees a school's students (issue 18, point 2): a counselor her own school's, on the
ground "the student's school", every read audited; nobody else sees a student list."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.ot.early_warning_data import AUTUMN, SPRING, evaluate_all, other_school, student
from ungsam.access.models import AuditEvent
from ungsam.ot import early_warning_selectors as selectors
from ungsam.ot import early_warning_services as services
from ungsam.ot.models import RiskRule
from ungsam.ot.risk_rules import ensure_default_rules

LIST = "/tidlig-innsats/"


@pytest.fixture
def schools(personas):
    """Two flagged students at Sara's school, one at Nina's."""
    nabo, nina = other_school(personas)
    personas.nina = nina
    personas.ada = student(personas.school, "Ada", [(AUTUMN, "4"), (SPRING, "14")])
    personas.bo = student(personas.school, "Bo", [(SPRING, "1")], failing_subjects="MAT0010")
    personas.cia = student(nabo, "Cia", [(SPRING, "30")])
    evaluate_all(personas.municipality)
    return personas


def names(response):
    return [f"{r.period.youth.first_name}" for r in response.context["page"].object_list]


def test_it_shows_a_counselor_her_own_schools_students_only(schools, login):
    response = login(schools.partner).get(LIST)
    assert response.status_code == 200
    assert names(response) == ["Ada", "Bo"]
    other = login(schools.nina).get(LIST)
    assert names(other) == ["Cia"]


@pytest.mark.parametrize("persona", ["los_a", "leader_a", "los_b", "field_c", "analyst", "admin"])
def test_it_answers_404_to_everyone_else(schools, login, persona):
    client = login(getattr(schools, persona))
    assert client.get(LIST).status_code == 404
    assert client.get(f"/tidlig-innsats/elev/{schools.ada.pk}/").status_code == 404
    assert client.get("/tidlig-innsats/eksport/").status_code == 404


def test_it_answers_404_for_another_schools_student_and_records_the_probe(schools, login):
    client = login(schools.nina)
    assert client.get(f"/tidlig-innsats/elev/{schools.ada.pk}/").status_code == 404
    probe = AuditEvent.objects.filter(action="access_denied").latest("id")
    assert probe.actor == schools.nina and probe.purpose == "early_warning"
    # Another school's id in the list's choice of school is refused alike.
    assert client.get(f"{LIST}?skole={schools.school.pk}").status_code == 404


def test_the_list_writes_one_row_naming_every_student_shown_on_the_school_ground(schools, login):
    client = login(schools.partner)
    before = AuditEvent.objects.filter(purpose="early_warning").count()
    client.get(LIST)
    assert AuditEvent.objects.filter(purpose="early_warning").count() == before + 1
    row = AuditEvent.objects.latest("id")
    assert (row.action, row.purpose) == ("list", "early_warning")
    subjects = list(row.subjects.all())
    assert {s.youth_id for s in subjects} == {schools.ada.youth_id, schools.bo.youth_id}
    assert {s.basis for s in subjects} == {"school"}
    assert row.acting_membership.partner == schools.school


def test_the_student_page_writes_a_view_row(schools, login):
    login(schools.partner).get(f"/tidlig-innsats/elev/{schools.ada.pk}/")
    row = AuditEvent.objects.latest("id")
    assert (row.action, row.purpose) == ("view", "early_warning")
    assert [(s.youth_id, s.basis) for s in row.subjects.all()] == [(schools.ada.youth_id, "school")]


def test_the_export_writes_one_export_row_naming_everyone(schools, login):
    response = login(schools.partner).get(f"{LIST}eksport/?vis=alle")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    row = AuditEvent.objects.latest("id")
    assert row.action == "export"
    assert {s.youth_id for s in row.subjects.all()} == {schools.ada.youth_id, schools.bo.youth_id}


def test_the_selectors_refuse_whoever_the_policy_refuses(schools):
    for user in (schools.los_a, schools.leader_a, schools.admin, schools.analyst):
        with pytest.raises(Http404):
            selectors.school_choice(actor=user)
        with pytest.raises(Http404):
            selectors.student_detail(actor=user, period_id=schools.ada.pk)
        with pytest.raises(Http404):
            selectors.referral_prefill(actor=user, period_id=schools.ada.pk)
    with pytest.raises(Http404):
        selectors.student_detail(actor=schools.nina, period_id=schools.ada.pk)


@pytest.mark.parametrize("persona", ["partner", "analyst", "leader_a", "los_b"])
def test_the_rule_service_refuses_all_but_the_municipalitys_admins(schools, persona):
    rule = next(r for r in ensure_default_rules(schools.municipality) if r.kind == "absence")
    with pytest.raises(PermissionDenied):
        services.risk_rule_update(
            actor=getattr(schools, persona), rule=rule, threshold=20, subjects="",
            weight=5, active=True,
        )  # fmt: skip
    rule.refresh_from_db()
    assert (rule.threshold, rule.weight, rule.changed_by) == (10, 3, None)
    assert not AuditEvent.objects.filter(object_type="ot.riskrule").exists()
    with pytest.raises(PermissionDenied):
        services.risk_rules_for(actor=getattr(schools, persona))


def test_an_admin_of_another_municipality_cannot_change_the_rule(schools):
    from tests.conftest import admin_of_another_municipality

    _municipality, stranger = admin_of_another_municipality()
    rule = ensure_default_rules(schools.municipality)[0]
    with pytest.raises(PermissionDenied):
        services.risk_rule_update(
            actor=stranger, rule=rule, threshold=rule.threshold, subjects=rule.subjects,
            weight=9, active=True,
        )  # fmt: skip
    assert RiskRule.objects.get(pk=rule.pk).weight == rule.weight


def test_the_download_holds_the_list_as_shown(schools, login):
    import io

    from openpyxl import load_workbook

    response = login(schools.partner).get(f"{LIST}eksport/")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3  # the header and the two flagged students, highest risk first
    assert rows[1][0] == "Ada Elevsen" and rows[1][2] == 14.0 and rows[1][3] == 10.0


@pytest.mark.parametrize(
    "persona, url",
    [
        ("partner", "/tidlig-innsats/"),
        ("admin", "/tidlig-innsats/regler/"),
        ("analyst", "/tidlig-innsats/regler/etterprov/"),
        ("los_b", None),
        ("leader_a", None),
    ],
)
def test_the_menu_offers_early_intervention_to_whom_it_concerns(schools, login, persona, url):
    response = login(getattr(schools, persona)).get("/")
    offered = [i["url"] for i in response.context["nav_items"] if "tidlig-innsats" in i["url"]]
    assert offered == ([url] if url else [])


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    params=st.dictionaries(
        st.sampled_from(["skole", "trinn", "vis", "side"]),
        st.one_of(st.text(max_size=30), st.integers().map(str)),
    )
)
def test_any_list_parameters_answer_200_or_404_never_500(schools, login, params):
    client = login(schools.partner)
    for url in (LIST, f"{LIST}eksport/"):
        assert client.get(url, params).status_code in (200, 404)
