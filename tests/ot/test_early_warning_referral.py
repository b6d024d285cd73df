"""One step from a flagged student to a referral (issue 18, point 2): "Henvis" opens the
referral form with her name, birth date and figures filled in — for her own school's
counselor only."""

import pytest
from django.utils import translation

from tests.ot.early_warning_data import AUTUMN, SPRING, evaluate_all, other_school, student
from ungsam.ot.models import RiskFlag
from ungsam.ot.risk_rules import explain

FORM = "/saker/henvisning/ny/"


@pytest.fixture
def flagged(personas):
    period = student(
        personas.school, "Ada", [(AUTUMN, "4"), (SPRING, "12.5")],
        failing_subjects="MAT0010", at_risk_subjects="NOR0214,ENG0012",
    )  # fmt: skip
    evaluate_all(personas.municipality)
    return period


def test_the_student_page_links_to_the_form_with_an_id_only(personas, login, flagged):
    page = login(personas.partner).get(f"/tidlig-innsats/elev/{flagged.pk}/").content.decode()
    assert f'href="{FORM}?elev={flagged.pk}"' in page


def test_the_form_is_filled_in_with_her_figures(personas, login, flagged):
    response = login(personas.partner).get(f"{FORM}?elev={flagged.pk}")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["first_name"] == "Ada"
    assert form.initial["last_name"] == "Elevsen"
    assert form.initial["birth_date"] == flagged.youth.birth_date
    assert str(form.initial["absence_percent"]) == "12.5"
    assert form.initial["absence_period"] == "5. januar 2026–19. juni 2026"
    assert form.initial["subjects_at_risk"] == "MAT0010, NOR0214, ENG0012"
    # The flags' explanations first, one a line, as the student page gives them.
    with translation.override("nb"):
        expected = {
            explain(flag.rule.kind, flag.figures) + "."
            for flag in RiskFlag.objects.filter(period=flagged)
        }
    lines = form.initial["reason"].splitlines()
    assert set(lines[:2]) == expected and len(expected) == 2
    assert any("12,5" in line for line in lines[:2])
    # Her own name and contact as the referrer, as without a student.
    assert form.initial["referrer_name"] == personas.partner.get_full_name()


def test_another_schools_counselor_gets_404_and_no_figures(personas, login, flagged):
    _school, nina = other_school(personas)
    response = login(nina).get(f"{FORM}?elev={flagged.pk}")
    assert response.status_code == 404
    assert b"Ada" not in response.content and b"12.5" not in response.content


@pytest.mark.parametrize("persona", ["los_a", "leader_a"])
def test_a_worker_with_a_student_id_gets_404(personas, login, flagged, persona):
    assert login(getattr(personas, persona)).get(f"{FORM}?elev={flagged.pk}").status_code == 404


@pytest.mark.parametrize("bad", ["x", "", "99999999", "1e9", "%00", "9" * 60])
def test_a_bad_student_id_answers_404_never_500(personas, login, flagged, bad):
    assert login(personas.partner).get(f"{FORM}?elev={bad}").status_code == 404


def test_the_form_without_a_student_is_as_before(personas, login, flagged):
    response = login(personas.partner).get(FORM)
    assert response.status_code == 200
    assert "first_name" not in response.context["form"].initial


def test_with_her_national_id_filled_in_the_referral_finds_her_record(personas, login, flagged):
    """The school's file gave her national id: the form starts with it (its own audit row), so
    the referral joins her record in the register instead of adding a second person."""
    from tests.cases.conftest import referral_form as referral_form_fixture
    from tests.people.test_register import number_for
    from ungsam.access.models import AuditEvent
    from ungsam.cases.models import Case
    from ungsam.people.models import Youth
    from ungsam.people.national_id import validate
    from ungsam.people.services import _store_national_id

    youth = flagged.youth
    number = number_for(youth.birth_date, seed=5)
    _store_national_id(youth, validate(number, allow_synthetic=True))
    youth.save()
    client = login(personas.partner)
    form = client.get(f"{FORM}?elev={flagged.pk}").context["form"]
    assert form.initial["national_id"] == number
    reads = AuditEvent.objects.filter(action="view", actor_id=personas.partner.pk)
    assert ["national_id"] in [e.fields for e in reads]
    people = Youth.objects.count()
    posted = referral_form_fixture.__wrapped__(personas)(
        national_id=number, first_name="Ada", last_name="Elevsen",
        birth_date=youth.birth_date.isoformat(),
    )  # fmt: skip
    assert client.post(FORM, posted).status_code == 302
    assert Youth.objects.count() == people
    assert Case.objects.get(unit=personas.unit_a, youth__last_name="Elevsen").youth == youth
