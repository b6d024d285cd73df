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


def test_a_measure_given_to_the_partner_lands_on_her_home_only_while_the_plan_is_shared(
    personas, login, record
):
    from ungsam.plans import services as plan_services
    from ungsam.plans.models import MeasureType

    case = personas.youth_a.cases.get()
    team = CareTeam.objects.create(case=case)
    TeamMember.objects.create(
        team=team, user=personas.los_a, unit=personas.unit_a, role="Los", is_coordinator=True
    )
    seat = TeamMember.objects.create(
        team=team, user=personas.partner, partner=personas.school, role="Rådgiver"
    )
    kind = MeasureType.objects.create(municipality=personas.municipality, name="Leksehjelp")
    plan_services.measure_create(
        actor=personas.los_a,
        purpose="casework",
        case_id=case.pk,
        type_id=kind.pk,
        responsible="Skolen",
        starts_on=timezone.localdate(),
        description="To ganger i uka",
        assignee_id=seat.pk,
    )
    client = login(personas.partner)
    _consent(record, 30, categories=["school_data"])
    assert "Leksehjelp" not in client.get("/").content.decode(), "the plan is not shared"
    _consent(record, 30, categories=["plan"])
    home = client.get("/").content.decode()
    assert "Oppgaver gitt deg" in home and "Leksehjelp" in home and "To ganger i uka" in home


def test_a_measure_cannot_be_given_to_someone_off_the_team(personas, record):
    import pytest
    from django.core.exceptions import ValidationError

    from ungsam.plans import services as plan_services
    from ungsam.plans.models import MeasureType

    case = personas.youth_a.cases.get()
    team = CareTeam.objects.create(case=case)
    other = CareTeam.objects.create(case=personas.youth_b.cases.get())
    stranger = TeamMember.objects.create(
        team=other, user=personas.partner, partner=personas.school, role="Rådgiver"
    )
    left = TeamMember.objects.create(
        team=team, user=personas.partner, partner=personas.school, role="Rådgiver",
        left_at=timezone.now(),
    )  # fmt: skip
    kind = MeasureType.objects.create(municipality=personas.municipality, name="Leksehjelp")
    for member in (stranger, left):
        with pytest.raises(ValidationError):
            plan_services.measure_create(
                actor=personas.los_a, purpose="casework", case_id=case.pk, type_id=kind.pk,
                responsible="Skolen", starts_on=timezone.localdate(), assignee_id=member.pk,
            )  # fmt: skip


def test_an_offer_of_the_coordinator_role_shows_on_the_home_of_whom_it_is_offered_to(
    personas, login
):
    from ungsam.collab.models import Handover

    case = personas.youth_a.cases.get()
    team = CareTeam.objects.create(case=case)
    lise = TeamMember.objects.create(
        team=team, user=personas.los_a, unit=personas.unit_a, role="Los", is_coordinator=True
    )
    bea = TeamMember.objects.create(team=team, user=personas.los_b, unit=personas.unit_b, role="OT")
    sara = TeamMember.objects.create(
        team=team, user=personas.partner, partner=personas.school, role="Rådgiver"
    )
    assert login(personas.los_b).get("/").context["offers_awaiting"] == 0
    offer = Handover.objects.create(
        team=team, from_member=lise, to_member=bea, offered_by=personas.los_a
    )
    home = login(personas.los_b).get("/")
    assert home.context["offers_awaiting"] == 1
    assert "1 tilbud om koordinatorrollen i et team venter på svaret ditt." in home.content.decode()
    Handover.objects.filter(pk=offer.pk).update(declined_at=timezone.now())
    assert login(personas.los_b).get("/").context["offers_awaiting"] == 0
    # A partner sees hers listed on her home, with the way to the answer page.
    Handover.objects.create(team=team, from_member=lise, to_member=sara, offered_by=personas.los_a)
    home = login(personas.partner).get("/").content.decode()
    assert "Anna – Los A" in home and "/samarbeid/overlevering/" in home
