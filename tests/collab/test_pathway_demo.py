"""The demo's service pathway: Fiktivik's five steps, cases at each step, some overdue; the
leader's overview and a case's stepper render them as Leo (leader of Los Nordby) sees them."""

from django.utils import timezone

from tests.conftest import give_totp
from ungsam.collab.models import PathwayStay, ServicePathway
from ungsam.org.models import User


def test_the_demo_has_a_pathway_with_cases_at_each_step(db, demo_data, client):
    pathway = ServicePathway.objects.get(active=True)
    steps = list(pathway.steps.filter(active=True))
    assert len(steps) == 5
    assert steps[3].bti_level == 3
    assert pathway.steps.filter(active=False).exists()  # a retired step, kept
    current = list(PathwayStay.objects.filter(ended_at__isnull=True).select_related("step"))
    assert {s.step_id for s in current} == {s.pk for s in steps}
    today = timezone.localdate()
    assert any(s.days_overdue(today) > 0 for s in current)
    assert any(s.days_overdue(today) == 0 for s in current)
    # History: the cases further on passed the earlier steps.
    assert PathwayStay.objects.filter(ended_at__isnull=False).exists()

    leo = User.objects.get(username="leo.leder")
    give_totp(leo)
    leo.must_set_password = False
    leo.save(update_fields=["must_set_password"])
    client.force_login(leo)
    page = client.get("/tjenestelop/").content.decode()
    assert "Felles tjenesteløp for ungdom i Fiktivik" in page
    assert "Åpne saker per steg" in page
    assert "forsinket" in page
    led = next(s for s in current if s.case.unit.name == "Los Nordby")
    case_page = client.get(f"/saker/{led.case_id}/").content.decode()
    assert 'aria-current="step"' in case_page
