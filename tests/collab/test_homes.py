"""Issue 14 item 6: the partner's home lists the youth who shared with her service, what each
consent covers and when it lapses; a worker's home says how many consents on her cases lapse
within the notice period."""

from datetime import timedelta

from django.utils import timezone

from ungsam.collab.models import CareTeam, Consent, TeamMember


def _consent(record, days, **extra):
    now = timezone.now()
    consent = record(
        valid_from=now - timedelta(days=1), valid_until=now + timedelta(days=days), **extra
    )
    return consent


def test_a_worker_sees_how_many_consents_on_her_cases_lapse_soon(personas, login, record):
    client = login(personas.los_a)
    assert client.get("/").context["consents_lapsing"] == 0
    _consent(record, 3)
    _consent(record, 60)  # lapses later than the notice: not counted
    withdrawn = _consent(record, 5)
    Consent.objects.filter(pk=withdrawn.pk).update(
        withdrawn_at=timezone.now(), withdrawn_by="youth"
    )
    response = client.get("/")
    assert response.context["consents_lapsing"] == 1
    assert "1 samtykke i sakene dine går ut innen 14 dager." in response.content.decode()
    # Her leader is not the contact person: her own home does not count Lise's cases.
    assert login(personas.leader_a).get("/").context["consents_lapsing"] == 0


def test_the_partners_home_lists_what_each_youth_shared_and_until_when(personas, login, record):
    case = personas.youth_a.cases.get()
    team = CareTeam.objects.create(case=case)
    TeamMember.objects.create(
        team=team, user=personas.los_a, unit=personas.unit_a, role="Los", is_coordinator=True
    )
    client = login(personas.partner)
    home = client.get("/").content.decode()
    assert "Anna" not in home and "Ingen ungdom deler noe med tjenesten din nå." in home
    TeamMember.objects.create(
        team=team, user=personas.partner, partner=personas.school, role="Rådgiver"
    )
    home = client.get("/").content.decode()
    assert "Anna" not in home, "on the team, but no consent: she sees nothing of the youth"
    assert "Du er med i 1 ansvarsgruppe til der ingen samtykke gjelder" in home
    consent = _consent(record, 30, categories=["plan", "school_data"])
    home = client.get("/").content.decode()
    assert "Anna Fiktivsen" in home
    assert "Tiltaksplan, Skoledata" in home
    assert timezone.localtime(consent.valid_until).strftime("%d.%m.%Y") in home
