"""The municipality's rules (issue 18, point 2): its admins see and change them (no student),
bad input is refused in Norwegian with nothing written, and a change is recorded and
re-evaluates the flags of the latest periods at once."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.ot.early_warning_data import AUTUMN, SPRING, evaluate_all, student
from ungsam.access.models import AuditEvent
from ungsam.ot.models import RiskFlag, RiskRule
from ungsam.ot.risk_rules import ensure_default_rules

RULES = "/tidlig-innsats/regler/"


def rule(personas, kind):
    return next(r for r in ensure_default_rules(personas.municipality) if r.kind == kind)


def test_the_first_visit_makes_the_default_rules(personas, login):
    assert not RiskRule.objects.exists()
    response = login(personas.admin).get(RULES)
    assert response.status_code == 200
    kinds = {r.kind for r in response.context["rules"]}
    assert kinds == {
        "absence", "failing_subject", "rising_absence", "known_concern", "low_grade_average"
    }  # fmt: skip
    # The rules page names no student.
    student(personas.school, "Zelda", [(SPRING, "20")])
    assert b"Zelda" not in login(personas.admin).get(RULES).content


def test_a_change_is_recorded_and_re_evaluates_the_latest_periods(personas, login):
    old = student(personas.school, "Old", [(AUTUMN, "12")])  # not the latest period
    ada = student(personas.school, "Ada", [(SPRING, "12")])
    bo = student(personas.school, "Bo", [(SPRING, "17")])
    evaluate_all(personas.municipality)
    absence = rule(personas, "absence")
    assert RiskFlag.objects.filter(rule=absence).count() == 3
    client = login(personas.admin)
    response = client.post(
        f"{RULES}{absence.pk}/", {"threshold": "15", "weight": "5", "active": "on"}
    )
    assert response.status_code == 302
    absence.refresh_from_db()
    assert (absence.threshold, absence.weight, absence.changed_by) == (15, 5, personas.admin)
    flagged = set(RiskFlag.objects.filter(rule=absence).values_list("period_id", flat=True))
    # Ada's 12 % no longer meets 15 %; Bo's 17 % does; the older period is left as it was.
    assert flagged == {bo.pk, old.pk}
    assert ada.pk not in flagged
    row = AuditEvent.objects.filter(object_type="ot.riskrule").latest("id")
    assert (row.action, row.purpose) == ("update", "administration")
    assert set(row.fields) == {"threshold", "weight"}
    assert not row.subjects.exists()
    # Switching the rule off removes its flags from the latest periods.
    client.post(f"{RULES}{absence.pk}/", {"threshold": "15", "weight": "5"})
    assert set(RiskFlag.objects.filter(rule=absence).values_list("period_id", flat=True)) == {
        old.pk
    }


def test_saving_without_a_change_writes_nothing(personas, login):
    absence = rule(personas, "absence")
    client = login(personas.admin)
    response = client.post(
        f"{RULES}{absence.pk}/", {"threshold": "10", "weight": "3", "active": "on"}
    )
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(object_type="ot.riskrule").exists()
    assert RiskRule.objects.get(pk=absence.pk).changed_by is None


@pytest.mark.parametrize(
    "kind, data, field",
    [
        ("absence", {"threshold": "100.5", "weight": "3"}, "threshold"),
        ("absence", {"threshold": "-1", "weight": "3"}, "threshold"),
        ("absence", {"weight": "3"}, "threshold"),
        ("absence", {"threshold": "10", "weight": "11"}, "weight"),
        ("absence", {"threshold": "10", "weight": "0"}, "weight"),
        ("failing_subject", {"subjects": "MAT;N-O-R", "weight": "3"}, "subjects"),
        ("failing_subject", {"subjects": "  ", "weight": "3"}, "subjects"),
        ("low_grade_average", {"threshold": "7", "weight": "1"}, "threshold"),
    ],
)
def test_it_refuses_bad_values_with_a_message_and_writes_nothing(
    personas, login, kind, data, field
):
    target = rule(personas, kind)
    response = login(personas.admin).post(f"{RULES}{target.pk}/", data)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    fresh = RiskRule.objects.get(pk=target.pk)
    assert (fresh.threshold, fresh.subjects, fresh.weight) == (
        target.threshold, target.subjects, target.weight
    )  # fmt: skip


def test_subject_codes_are_tidied(personas, login):
    target = rule(personas, "failing_subject")
    login(personas.admin).post(
        f"{RULES}{target.pk}/", {"subjects": "mat, nor ;eng", "weight": "3", "active": "on"}
    )
    assert RiskRule.objects.get(pk=target.pk).subjects == "MAT,NOR,ENG"


text = st.one_of(st.none(), st.text(max_size=60), st.integers().map(str), st.floats().map(str))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    kind=st.sampled_from(["absence", "failing_subject", "rising_absence", "low_grade_average"]),
    threshold=text,
    subjects=text,
    weight=text,
    active=text,
)
def test_any_input_is_a_400_that_wrote_nothing_or_a_valid_rule(
    personas, login, kind, threshold, subjects, weight, active
):
    target = rule(personas, kind)
    data = {
        k: v
        for k, v in {
            "threshold": threshold,
            "subjects": subjects,
            "weight": weight,
            "active": active,
        }.items()
        if v is not None
    }
    before = AuditEvent.objects.filter(object_type="ot.riskrule").count()
    snapshot = RiskRule.objects.filter(pk=target.pk).values().get()
    response = login(personas.admin).post(f"{RULES}{target.pk}/", data)
    assert response.status_code in (302, 400)
    fresh = RiskRule.objects.get(pk=target.pk)
    if response.status_code == 400:
        assert RiskRule.objects.filter(pk=target.pk).values().get() == snapshot
        assert AuditEvent.objects.filter(object_type="ot.riskrule").count() == before
    else:
        assert 1 <= fresh.weight <= 10
        if kind in ("absence", "rising_absence"):
            assert Decimal(0) <= fresh.threshold <= Decimal(100)


def test_the_rules_of_another_municipality_answer_404(personas, login):
    from tests.conftest import admin_of_another_municipality

    _other, stranger = admin_of_another_municipality()
    target = rule(personas, "absence")
    assert login(stranger).get(f"{RULES}{target.pk}/").status_code == 404
    assert (
        login(stranger).post(f"{RULES}{target.pk}/", {"threshold": "50", "weight": "3"}).status_code
        == 404
    )
    assert RiskRule.objects.get(pk=target.pk).threshold == 10
    evaluate_all(personas.municipality)
