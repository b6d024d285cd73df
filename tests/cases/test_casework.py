"""Casework as a unit meets it: a referral (from a school counselor inside Ungsam, or a worker)
lands on the unit's waiting list and nowhere else; the leader triages it and gives it contact
persons; the contact person takes it through assessment to active and closes it with an
outcome; every step lands in the case's history and the audit log."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from tests.people.test_register import give_number, number_for
from ungsam.access.models import AuditEvent, Purpose
from ungsam.cases import services
from ungsam.cases.models import Case, CaseContact, CaseStage, Referral, StageChange
from ungsam.org.models import Membership
from ungsam.people.models import Youth


def test_a_partner_refers_a_youth_onto_the_waiting_list_and_sees_nothing_after(
    personas, login, referral_form
):
    client = login(personas.partner)
    number = number_for(date(2011, 3, 2), seed=11)
    response = client.post("/saker/henvisning/ny/", referral_form(national_id=number))
    assert response.status_code == 302 and response["Location"] == "/"
    case = Case.objects.get(youth__last_name="Henvist")
    assert (case.unit, case.stage, case.contacts.count()) == (personas.unit_a, "referral", 0)
    referral = case.referrals.get()
    assert referral.from_partner == personas.school  # her organisation, whatever a form says
    assert referral.entered_by == personas.partner
    assert float(referral.absence_percent) == 22.5 and referral.concern_health
    created = AuditEvent.objects.get(action="create", object_type="cases.referral")
    assert created.actor == personas.partner
    assert [s.youth_id for s in created.subjects.all()] == [case.youth_id]
    # The referral gave her no ground to read what she sent.
    assert client.get(f"/saker/{case.pk}/").status_code == 404
    assert client.get(f"/ungdom/{case.youth_id}/").status_code == 404
    # Her leader sees it on the waiting list.
    waiting = login(personas.leader_a).get("/saker/venteliste/").content.decode()
    assert "Rita Henvist" in waiting and "Testvik skole" in waiting


def test_a_referral_of_someone_the_unit_follows_joins_her_case_and_says_the_same(
    personas, login, referral_form
):
    number = give_number(personas.youth_a, seed=5)
    form = referral_form(
        first_name="Anna",
        last_name="Fiktivsen",
        birth_date=personas.youth_a.birth_date.isoformat(),
        national_id=number,
    )
    response = login(personas.partner).post("/saker/henvisning/ny/", form)
    assert response.status_code == 302 and response["Location"] == "/"
    assert Case.objects.filter(youth=personas.youth_a).count() == 1
    assert Referral.objects.get().case.youth == personas.youth_a
    assert Youth.objects.filter(first_name="Anna").count() == 1


@pytest.mark.parametrize("missing", ["reason", "tried", "youth_view", "consent", "referrer_name"])
def test_a_referral_without_what_the_unit_needs_is_refused_whole(
    personas, login, referral_form, missing
):
    response = login(personas.los_b).post("/saker/henvisning/ny/", referral_form(**{missing: ""}))
    assert response.status_code == 400
    assert not Youth.objects.filter(last_name="Henvist").exists()
    assert not Referral.objects.exists()


def test_the_leader_triages_assigns_and_the_contact_person_takes_it_to_the_end(
    personas, login, waiting_case
):
    leader = login(personas.leader_a)
    url = f"/saker/{waiting_case.pk}"
    assert leader.post(f"{url}/triage/", {"complexity": "2", "severity": "3"}).status_code == 302
    waiting_case.refresh_from_db()
    assert (waiting_case.stage, waiting_case.complexity, waiting_case.severity) == ("waiting", 2, 3)
    assigned = leader.post(f"{url}/kontaktpersoner/", {"primary": personas.los_a.pk})
    assert assigned.status_code == 302
    waiting_case.refresh_from_db()
    assert waiting_case.stage == "assessment"
    assert list(waiting_case.contacts.values_list("user", "primary")) == [(personas.los_a.pk, True)]

    worker = login(personas.los_a)
    assert worker.get(f"{url}/").status_code == 200  # now hers
    assert worker.post(f"{url}/aktiv/").status_code == 302
    refused = worker.post(f"{url}/avslutt/", {"outcome": "moved", "reason": "Flyttet."})
    assert refused.status_code == 400
    assert "Skriv hvor ungdommen har flyttet." in refused.content.decode()
    closed = worker.post(
        f"{url}/avslutt/",
        {"outcome": "moved", "reason": "Flyttet.", "moved_to": "Andrevik kommune"},
    )
    assert closed.status_code == 302
    waiting_case.refresh_from_db()
    assert (waiting_case.status, waiting_case.stage) == ("closed", "closed")
    assert waiting_case.closed_on == timezone.localdate()
    assert waiting_case.moved_to == "Andrevik kommune"
    stages = list(waiting_case.stage_changes.values_list("stage", flat=True))
    assert stages == ["referral", "waiting", "assessment", "active", "closed"]
    updates = AuditEvent.objects.filter(action="update", object_type="cases.case")
    assert updates.count() == 4
    page = worker.get(f"{url}/").content.decode()
    assert "Flyttet" in page and "Andrevik kommune" in page


def test_only_the_units_leader_triages_and_assigns(personas, waiting_case):
    CaseContact.objects.create(case=waiting_case, user=personas.los_a, primary=True)
    with pytest.raises(PermissionDenied):  # a contact person, but not the leader
        services.case_triage(
            actor=personas.los_a,
            purpose=Purpose.CASEWORK,
            case_id=waiting_case.pk,
            complexity=1,
            severity=1,
        )
    with pytest.raises(Http404):  # a worker of another unit does not see the case at all
        services.case_assign(
            actor=personas.los_b,
            purpose=Purpose.CASEWORK,
            case_id=waiting_case.pk,
            contact_persons=[personas.los_b],
        )
    waiting_case.refresh_from_db()
    assert waiting_case.stage == "referral" and waiting_case.complexity is None


def test_contact_persons_work_in_the_unit_and_outreach_has_two(personas, waiting_case):
    with pytest.raises(ValidationError, match="jobbe i enheten"):
        services.case_assign(
            actor=personas.leader_a,
            purpose=Purpose.CASEWORK,
            case_id=waiting_case.pk,
            contact_persons=[personas.los_b],  # unit B: would hand her the youth
        )
    outreach_leader = personas.leader_a
    Membership.objects.create(
        user=outreach_leader,
        municipality=personas.municipality,
        unit=personas.unit_c,
        role="leader",
        status="direct",
    )
    from ungsam.access import policy

    policy.forget_memberships(outreach_leader)
    outreach = Case.objects.create(
        youth=waiting_case.youth, unit=personas.unit_c, stage=CaseStage.WAITING
    )
    with pytest.raises(ValidationError, match="to kontaktpersoner"):
        services.case_assign(
            actor=outreach_leader,
            purpose=Purpose.CASEWORK,
            case_id=outreach.pk,
            contact_persons=[personas.field_c],
        )
    assert not outreach.contacts.exists()


def test_closing_needs_an_outcome_and_a_reason(personas, login):
    case = personas.youth_a.cases.get()
    response = login(personas.los_a).post(f"/saker/{case.pk}/avslutt/", {"outcome": ""})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.status == "open"


def test_the_waiting_list_is_the_leaders_longest_first_and_recorded(personas, login, waiting_case):
    newer = Case.objects.create(
        youth=personas.youth_b, unit=personas.unit_a, stage=CaseStage.WAITING
    )
    page = login(personas.leader_a).get("/saker/venteliste/").content.decode()
    assert page.index("Vera Venter") < page.index("Bror Fiktivsen")
    listed = AuditEvent.objects.filter(action="list", actor=personas.leader_a).get()
    assert sorted(s.youth_id for s in listed.subjects.all()) == sorted(
        [waiting_case.youth_id, newer.youth_id]
    )
    assert "referrals" in listed.fields
    assert {(s.basis, s.membership.unit_id) for s in listed.subjects.all()} == {
        ("unit_leader", personas.unit_a.pk)
    }
    assert '<td data-label="Ventet (dager)">10</td>' in page


def test_the_status_page_gives_the_figures_of_any_past_date(personas, login, waiting_case):
    now = timezone.now()
    # Referred ten days ago (fixture), taken on five days ago.
    StageChange.objects.create(case=waiting_case, stage="assessment", at=now - timedelta(days=5))
    waiting_case.stage = "assessment"
    waiting_case.save()
    CaseContact.objects.create(case=waiting_case, user=personas.los_a, primary=True)
    Membership.objects.filter(user=personas.los_a).update(position_percent=50)
    Membership.objects.filter(user=personas.leader_a).update(position_percent=100)
    personas.unit_a.cases_per_position = 10
    personas.unit_a.save()
    client = login(personas.leader_a)
    week_ago = (timezone.localdate() - timedelta(days=7)).isoformat()
    then = client.get(f"/saker/status/?dato={week_ago}").context["status"]
    assert (then.waiting, then.followed) == (1, 0)
    today = client.get("/saker/status/").context["status"]
    # Vera, and Anna and Aksel (cases from before stages: active since they opened).
    assert (today.waiting, today.followed) == (0, 3)
    assert (today.position_percent, today.capacity, today.free) == (150, 15, 12)
    load = {w.membership.user_id: w for w in today.workers}[personas.los_a.pk]
    assert (load.followed, load.per_full_position) == (2, 4.0)
    assert client.get("/saker/status/?dato=99999").status_code == 400
    assert client.get("/saker/status/?dato=1066-10-14").status_code == 400


def test_a_leader_sets_positions_in_her_unit_only(personas, login):
    lise = Membership.objects.get(user=personas.los_a)
    bea = Membership.objects.get(user=personas.los_b)
    client = login(personas.leader_a)
    assert (
        client.post(f"/saker/status/stilling/{lise.pk}/", {"position_percent": "80"}).status_code
        == 302
    )
    lise.refresh_from_db()
    assert lise.position_percent == 80
    assert AuditEvent.objects.filter(action="update", fields=["position_percent"]).exists()
    assert (
        client.post(f"/saker/status/stilling/{bea.pk}/", {"position_percent": "80"}).status_code
        == 404
    )
    bea.refresh_from_db()
    assert bea.position_percent is None


def test_a_referral_names_the_senders_own_organisation_whatever_it_claims(personas):
    from ungsam.org.models import PartnerOrganization

    police = PartnerOrganization.objects.create(
        municipality=personas.municipality, name="Politiet", kind="politi"
    )
    case = services.referral_receive(
        actor=personas.partner,
        purpose=Purpose.CASEWORK,
        unit=personas.unit_a,
        youth={"first_name": "Ola", "last_name": "Påstått", "birth_date": date(2011, 1, 1)},
        referral={
            "from_partner": police,
            "referrer_name": "Sara",
            "referrer_contact": "sara@skole.example",
            "reason": "Fravær.",
            "tried": "Samtaler.",
            "youth_view": "Vil ha hjelp.",
            "consent": "oral",
        },
    )
    assert case.referrals.get().from_partner == personas.school


def test_an_analyst_or_admin_cannot_refer(personas):
    for actor in (personas.analyst, personas.admin):
        with pytest.raises(PermissionDenied):
            services.referral_receive(
                actor=actor,
                purpose=Purpose.CASEWORK,
                unit=personas.unit_a,
                youth={"first_name": "X", "last_name": "Y", "birth_date": date(2011, 1, 1)},
                referral={},
            )
    assert not Youth.objects.filter(last_name="Y").exists()


def test_a_case_whose_situation_nobody_confirmed_is_on_the_work_list(personas, login, settings):
    settings.SITUATION_STALE_DAYS = 30
    anna = personas.youth_a.cases.get()
    anna.situation_confirmed_on = timezone.localdate() - timedelta(days=31)
    anna.save()
    client = login(personas.los_a)
    page = client.get("/saker/arbeidsliste/").content.decode()
    assert "Anna Fiktivsen" in page
    listed = AuditEvent.objects.filter(action="list", actor=personas.los_a).get()
    assert [s.youth_id for s in listed.subjects.all()] == [personas.youth_a.pk]
    assert client.post(f"/saker/{anna.pk}/situasjon/").status_code == 302
    anna.refresh_from_db()
    assert anna.situation_confirmed_on == timezone.localdate()
    assert AuditEvent.objects.filter(fields=["situation_confirmed_on"]).exists()
    assert "Anna Fiktivsen" not in client.get("/saker/arbeidsliste/").content.decode()
    # Another unit's worker cannot confirm it, nor see it on her list.
    other = login(personas.los_b)
    assert other.post(f"/saker/{anna.pk}/situasjon/").status_code == 404
    assert "Anna" not in other.get("/saker/arbeidsliste/").content.decode()


def test_the_leader_moves_a_case_within_the_municipality_with_its_history(personas, login):
    anna = personas.youth_a.cases.get()
    client = login(personas.leader_a)
    moved = client.post(f"/saker/{anna.pk}/flytt/", {"to_unit": personas.unit_b.pk})
    assert moved.status_code == 302
    anna.refresh_from_db()
    assert (anna.unit, anna.stage, anna.contacts.count()) == (personas.unit_b, "waiting", 0)
    change = anna.stage_changes.last()
    assert change.note.startswith("Flyttet fra Los A")
    # Unit A no longer holds her: neither its leader nor Lise sees the case now.
    assert client.get(f"/saker/{anna.pk}/").status_code == 404
    assert login(personas.los_a).get(f"/saker/{anna.pk}/").status_code == 404


def test_a_case_moves_only_where_the_youth_has_no_open_case(personas):
    aksel = personas.youth_a2.cases.get()
    Case.objects.create(youth=personas.youth_a2, unit=personas.unit_b)
    with pytest.raises(ValidationError, match="har allerede en åpen sak i OT B"):
        services.case_transfer(
            actor=personas.leader_a,
            purpose=Purpose.CASEWORK,
            case_id=aksel.pk,
            to_unit=personas.unit_b,
        )
    with pytest.raises(PermissionDenied):  # her contact person, but only the leader moves it
        services.case_transfer(
            actor=personas.los_a,
            purpose=Purpose.CASEWORK,
            case_id=personas.youth_a.cases.get().pk,
            to_unit=personas.unit_b,
        )
    aksel.refresh_from_db()
    assert aksel.unit == personas.unit_a


def _appointment(case, days_ago, outcome):
    from ungsam.cases.models import Appointment

    return Appointment.objects.create(
        case=case,
        starts_at=timezone.now() - timedelta(days=days_ago),
        place="Kontoret",
        outcome=outcome,
    )


def test_missed_appointments_in_a_row_raise_an_alert_that_proposes_going_out(personas, login):
    anna = personas.youth_a.cases.get()
    anna.situation_confirmed_on = timezone.localdate()
    anna.save()
    _appointment(anna, 20, "no_show")
    _appointment(anna, 14, "attended")  # the row starts again after a kept appointment
    _appointment(anna, 7, "no_show")
    client = login(personas.los_a)
    assert "Anna" not in client.get("/saker/arbeidsliste/").content.decode()
    _appointment(anna, 3, "cancelled")  # a cancelled one neither breaks nor adds to the row
    _appointment(anna, 1, "no_show")
    work = client.get("/saker/arbeidsliste/").content.decode()
    assert "Anna Fiktivsen" in work and "2 avtaler på rad uten oppmøte" in work
    page = client.get(f"/saker/{anna.pk}/").content.decode()
    assert "hjemmebesøk" in page
    # Her unit's leader can ask for a row of three instead.
    personas.unit_a.alert_after_no_shows = 3
    personas.unit_a.save()
    assert "Anna" not in client.get("/saker/arbeidsliste/").content.decode()


def test_too_long_without_contact_raises_an_alert(personas, login):
    from ungsam.cases.alerts import alerts_for

    anna = personas.youth_a.cases.get()
    anna.opened_on = timezone.localdate() - timedelta(days=100)
    anna.situation_confirmed_on = timezone.localdate() - timedelta(days=25)
    anna.save()
    kinds = [a.kind for a in alerts_for(anna, [], timezone.localdate())]
    assert kinds == ["no_contact"]  # 25 days > 21 without contact; the situation is known
    attended = _appointment(anna, 5, "attended")
    assert alerts_for(anna, [attended], timezone.localdate()) == []


def test_appointments_are_planned_and_recorded_on_the_case(personas, login):
    anna = personas.youth_a.cases.get()
    client = login(personas.los_a)
    added = client.post(
        f"/saker/{anna.pk}/avtaler/ny/",
        {"starts_at": "2026-12-01T14:00", "place": "Skolen", "with_whom": "Anna og mor"},
    )
    assert added.status_code == 302
    appointment = anna.appointments.get()
    assert (appointment.place, appointment.outcome) == ("Skolen", "planned")
    recorded = client.post(f"/saker/avtaler/{appointment.pk}/utfall/", {"outcome": "no_show"})
    assert recorded.status_code == 302
    appointment.refresh_from_db()
    assert appointment.outcome == "no_show"
    assert AuditEvent.objects.filter(object_type="cases.appointment").count() == 2
    bad = client.post(f"/saker/{anna.pk}/avtaler/ny/", {"starts_at": "i morgen", "place": ""})
    assert bad.status_code == 400
    assert anna.appointments.count() == 1
    # Another unit's worker can neither plan nor record.
    other = login(personas.los_b)
    assert (
        other.post(f"/saker/avtaler/{appointment.pk}/utfall/", {"outcome": "attended"}).status_code
        == 404
    )
    appointment.refresh_from_db()
    assert appointment.outcome == "no_show"


def test_a_youth_turning_18_within_a_month_is_flagged(personas, login):
    from ungsam.cases.alerts import alerts_for, eighteenth_birthday

    today = timezone.localdate()
    anna = personas.youth_a.cases.get()
    anna.situation_confirmed_on = today
    anna.save()
    youth = personas.youth_a
    birthday = today + timedelta(days=10)
    if (birthday.month, birthday.day) == (2, 29):
        birthday += timedelta(days=1)
    youth.birth_date = birthday.replace(year=birthday.year - 18)  # 18 in ten days
    youth.save()
    anna.youth = youth
    kinds = [a.kind for a in alerts_for(anna, [], today)]
    assert kinds == ["turning_18"]
    work = login(personas.los_a).get("/saker/arbeidsliste/").content.decode()
    assert "Fyller 18 år" in work
    youth.birth_date = youth.birth_date - timedelta(days=60)  # turned 18 seven weeks ago
    assert alerts_for(anna, [], today) == []
    assert eighteenth_birthday(date(2008, 2, 29)) == date(2026, 3, 1)
