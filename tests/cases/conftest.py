import pytest

from ungsam.cases.models import Case, CaseStage, StageChange


@pytest.fixture
def referral_form(personas):
    def make(**extra):
        form = {
            "unit": personas.unit_a.pk,
            "first_name": "Rita",
            "last_name": "Henvist",
            "birth_date": "2011-03-02",
            "national_id": "",
            "gender": "girl",
            "phone": "",
            "referrer_name": "Rådgiver Rød",
            "referrer_contact": "rod@skole.example",
            "reason": "Høyt fravær siden høstferien.",
            "absence_percent": "22.5",
            "absence_period": "høsten 2026",
            "subjects_at_risk": "matematikk",
            "tried": "Samtaler og tilpasset timeplan.",
            "concern_health": "on",
            "concern_notes": "",
            "youth_view": "Vil ha hjelp, men ikke mange møter.",
            "guardians_view": "",
            "consent": "written",
        }
        form.update(extra)
        return form

    return make


@pytest.fixture
def waiting_case(personas):
    """A referral to unit A received ten days ago, no contact person yet."""
    from datetime import timedelta

    from django.utils import timezone

    from ungsam.people.models import Youth

    youth = Youth.objects.create(
        municipality=personas.municipality,
        first_name="Vera",
        last_name="Venter",
        birth_date=personas.youth_a.birth_date,
    )
    received = timezone.localdate() - timedelta(days=10)
    case = Case.objects.create(
        youth=youth, unit=personas.unit_a, stage=CaseStage.REFERRAL, opened_on=received
    )
    StageChange.objects.create(
        case=case, stage=CaseStage.REFERRAL, at=timezone.now() - timedelta(days=10)
    )
    return case
