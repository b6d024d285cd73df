"""The demo's consents: every state a worker meets, on one page, to the school, child welfare
and NAV; the consent page of that case renders them as its los sees it."""

from django.utils import timezone

from tests.conftest import give_totp
from ungsam.collab.guidance import state_of
from ungsam.collab.models import CollaborationRequest, Consent, Disclosure


def test_the_demo_has_consents_in_every_state(db, demo_data, client):
    now = timezone.now()
    consents = list(Consent.objects.prefetch_related("partners"))
    states = {state_of(c, now) for c in consents}
    assert states >= {"valid", "expiring", "expired", "withdrawn", "refused"}
    assert {c.given_as for c in consents} == {"written", "oral"}
    names = {p.name for c in consents for p in c.partners.all()}
    assert {"Fiktivik ungdomsskole", "Barneverntjenesten i Fiktivik", "NAV Fiktivik"} <= names
    assert Consent.objects.filter(scan__isnull=False).exists()
    first = Consent.objects.order_by("id").first()
    worker = first.recorded_by
    give_totp(worker)
    worker.must_set_password = False
    worker.save(update_fields=["must_set_password"])
    client.force_login(worker)
    response = client.get(f"/saker/{first.case_id}/samtykke/")
    assert response.status_code == 200, response.get("Location")
    page = response.content.decode()
    for word in ("gyldig", "utløper snart", "utløpt", "trukket", "avslått"):
        assert f">{word}</span>" in page, word
    assert "Det signerte skjemaet" in page
    # Disclosures recorded on that case: one by its consent, one to avert danger to life (and
    # those the collaboration requests sent from it wrote, tests/collab/test_requests.py).
    sent = CollaborationRequest.objects.filter(disclosure__isnull=False).values("disclosure_id")
    made = list(
        Disclosure.objects.filter(case_id=first.case_id).exclude(pk__in=sent).order_by("at")
    )
    assert [(d.consent_id is not None, d.exception) for d in made] == [
        (True, ""),
        (False, "danger_to_life"),
    ]
    listed = client.get(f"/saker/{first.case_id}/utleveringer/")
    assert listed.status_code == 200
    assert "Fare for liv eller helse" in listed.content.decode()
