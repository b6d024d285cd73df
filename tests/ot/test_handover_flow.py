"""A student with a los case who quits school is handed to OT, or back (issue 18, point 5):
registration at the OT serving her home municipality, the summary only with her consent, the
receiving leader alone reads and acknowledges it, the sender sees the acknowledgement, and a
handover back opens a case on the los unit's waiting list. Refusals from the services
themselves, and the audit rows with their grounds."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import give_totp
from ungsam.access.audit import SystemActor
from ungsam.access.models import AuditSubject
from ungsam.cases.models import Case, CaseContact
from ungsam.collab.services import consent_record
from ungsam.org.models import Membership, User
from ungsam.ot import handover_services as services
from ungsam.ot.models import OTCoverage, OTRegistration, RoutingNotice, UnitHandover
from ungsam.people.services import youth_create

SUMMARY = "Sluttet i Vg1 i oktober. God kontakt med los; ønsker lærlingplass."


def _consent(actor, case, unit):
    return consent_record(
        actor=actor,
        purpose="casework",
        case_id=case.pk,
        status="given",
        partner_ids=[],
        unit_ids=[unit.pk],
        categories=["journal_summaries"],
        sharing_purpose="Overføring ved skoleslutt.",
        given_by_youth=True,
        given_as="oral",
    )


@pytest.fixture
def los(personas):
    """OT B serves Testvik (Otto leads it); Siri has a case in Los A (Lise her contact
    person) and a national id, so OT B's register finds her again."""
    p = personas
    OTCoverage.objects.create(unit=p.unit_b, municipality=p.municipality)
    p.otto_b = User.objects.create_user(
        username="otto_b",
        password="riktig-passord-123",
        first_name="Otto",
        last_name="Oppfølging",
    )
    Membership.objects.create(
        status="direct",
        user=p.otto_b,
        municipality=p.municipality,
        role="leader",
        unit=p.unit_b,
        starts_on=date(2025, 1, 1),
    )
    give_totp(p.otto_b)
    p.siri = youth_create(
        actor=SystemActor("test"),
        purpose="casework",
        municipality=p.municipality,
        first_name="Siri",
        last_name="Fiktivsen",
        birth_date=date(2008, 3, 1),
        national_id="01030850080",
    )
    p.siri_case = Case.objects.create(youth=p.siri, unit=p.unit_a)
    CaseContact.objects.create(case=p.siri_case, user=p.los_a, primary=True)
    return p


def test_without_a_consent_the_summary_is_refused_and_nothing_is_written(los, login):
    response = login(los.los_a).post(
        reverse("ot:handover_case", args=[los.siri_case.pk]),
        {"action": "handover", "summary": SUMMARY},
    )
    assert response.status_code == 400
    assert "summary" in response.context["form"].errors  # the consent is needed for it
    assert not UnitHandover.objects.exists()
    assert not OTRegistration.objects.exists()


def test_without_a_consent_she_may_still_be_registered_without_a_summary(los, login):
    response = login(los.los_a).post(
        reverse("ot:handover_case", args=[los.siri_case.pk]), {"action": "register_only"}
    )
    assert response.status_code == 302
    registration = OTRegistration.objects.get()
    assert registration.case.unit == los.unit_b and registration.case.youth == los.siri
    assert registration.source == "handover"
    assert not UnitHandover.objects.exists()


def test_with_her_consent_she_is_handed_over_and_the_ot_leader_acknowledges(los, login):
    consent = _consent(los.los_a, los.siri_case, los.unit_b)
    response = login(los.los_a).post(
        reverse("ot:handover_case", args=[los.siri_case.pk]),
        {"action": "handover", "summary": SUMMARY},
    )
    assert response.status_code == 302
    handover = UnitHandover.objects.get()
    registration = OTRegistration.objects.get()
    assert handover.to_unit == los.unit_b and handover.consent_id == consent.pk
    assert handover.to_case == registration.case and registration.case.youth == los.siri
    notice = RoutingNotice.objects.get()
    assert (notice.reason, notice.from_unit) == ("handover", los.unit_a)

    otto = login(los.otto_b)
    assert "Siri" in otto.get(reverse("ot:handover_received")).content.decode()
    assert SUMMARY in otto.get(reverse("ot:handover_detail", args=[handover.pk])).content.decode()
    assert otto.post(reverse("ot:handover_acknowledge", args=[handover.pk])).status_code == 302
    handover.refresh_from_db()
    assert handover.acknowledged_by == los.otto_b and handover.acknowledged_at is not None

    # The sending unit sees that it was acknowledged.
    sent = login(los.los_a).get(reverse("ot:handover_case", args=[los.siri_case.pk]))
    assert "Otto Oppfølging" in sent.content.decode()


def test_only_the_receiving_units_leader_reads_and_acknowledges(los, login):
    _consent(los.los_a, los.siri_case, los.unit_b)
    handover = services.handover_to_ot(actor=los.los_a, case_id=los.siri_case.pk, summary=SUMMARY)
    # Bea works in OT B but does not lead it; Leo leads the sending unit.
    for outsider in (los.los_b, los.leader_a, los.field_c, los.partner, los.admin):
        client = login(outsider)
        assert client.get(reverse("ot:handover_detail", args=[handover.pk])).status_code == 404
        with pytest.raises(Http404):
            services.handover_acknowledge(actor=outsider, handover_id=handover.pk)
    handover.refresh_from_db()
    assert handover.acknowledged_at is None


def test_the_services_refuse_a_sender_who_does_not_write_on_the_case(los):
    _consent(los.los_a, los.siri_case, los.unit_b)
    for outsider in (los.los_b, los.field_c, los.partner, los.otto_b):
        with pytest.raises(Http404):
            services.handover_to_ot(actor=outsider, case_id=los.siri_case.pk, summary=SUMMARY)
        with pytest.raises(Http404):
            services.handover_register_only(actor=outsider, case_id=los.siri_case.pk)
    assert not UnitHandover.objects.exists() and not OTRegistration.objects.exists()


def test_a_withdrawn_consent_no_longer_lets_the_summary_go(los):
    from ungsam.collab.services import consent_withdraw

    consent = _consent(los.los_a, los.siri_case, los.unit_b)
    consent_withdraw(
        actor=los.los_a,
        purpose="casework",
        case_id=los.siri_case.pk,
        consent_id=consent.pk,
        withdrawn_by="youth",
    )
    with pytest.raises(ValidationError) as refused:
        services.handover_to_ot(actor=los.los_a, case_id=los.siri_case.pk, summary=SUMMARY)
    assert set(refused.value.message_dict) == {"summary"}
    assert not UnitHandover.objects.exists() and not OTRegistration.objects.exists()


def test_back_to_los_opens_a_case_on_its_waiting_list(los, login):
    registration = services.handover_register_only(
        actor=los.los_a, case_id=los.siri_case.pk
    ).registration
    ot_case = registration.case
    CaseContact.objects.create(case=ot_case, user=los.los_b, primary=True)
    # Los A closes its case when she quits; she comes back to school later.
    Case.objects.filter(pk=los.siri_case.pk).update(
        status="closed", stage="closed", closed_on=date.today(), closure_outcome="other"
    )
    with pytest.raises(ValidationError, match=los.unit_a.name):  # "…names Los A…"
        services.handover_back_to_school(
            actor=los.los_b,
            registration_id=registration.pk,
            to_unit_id=los.unit_a.pk,
            summary=SUMMARY,
        )
    _consent(los.los_b, ot_case, los.unit_a)
    response = login(los.los_b).post(
        reverse("ot:handover_back", args=[registration.pk]),
        {"to_unit": los.unit_a.pk, "summary": SUMMARY},
    )
    assert response.status_code == 302
    handover = UnitHandover.objects.get(to_unit=los.unit_a)
    assert handover.to_case is None
    with pytest.raises(Http404):  # OT B's leader does not lead Los A
        services.handover_acknowledge(actor=los.otto_b, handover_id=handover.pk)

    services.handover_acknowledge(actor=los.leader_a, handover_id=handover.pk)
    handover.refresh_from_db()
    new_case = handover.to_case
    assert new_case.unit == los.unit_a and new_case.youth == los.siri
    assert new_case.stage == "referral" and new_case.status == "open"
    waiting = login(los.leader_a).get(reverse("cases:waiting_list"))
    assert "Siri" in waiting.content.decode()
    with pytest.raises(ValidationError):  # once only
        services.handover_acknowledge(actor=los.leader_a, handover_id=handover.pk)


def test_reads_and_writes_are_audited_on_their_grounds(los, login):
    _consent(los.los_a, los.siri_case, los.unit_b)
    handover = services.handover_to_ot(actor=los.los_a, case_id=los.siri_case.pk, summary=SUMMARY)
    sent = AuditSubject.objects.get(
        event__object_type="ot.unithandover", event__action="create", youth_id=los.siri.pk
    )
    assert sent.basis == "contact_person"
    login(los.otto_b).get(reverse("ot:handover_detail", args=[handover.pk]))
    services.handover_acknowledge(actor=los.otto_b, handover_id=handover.pk)
    received = AuditSubject.objects.filter(
        event__object_type="ot.unithandover", event__actor=los.otto_b, youth_id=los.siri.pk
    )
    assert {(s.event.action, s.basis) for s in received} == {
        ("view", "handover"),
        ("update", "handover"),
    }


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    to_unit=st.one_of(st.text(max_size=12), st.integers().map(str)),
    summary=st.text(max_size=80),
)
def test_a_bad_handover_back_gets_a_form_error_never_a_500(los, login, to_unit, summary):
    registration = (
        OTRegistration.objects.first()
        or services.handover_register_only(actor=los.los_a, case_id=los.siri_case.pk).registration
    )
    CaseContact.objects.get_or_create(case=registration.case, user=los.los_b, primary=True)
    response = login(los.los_b).post(
        reverse("ot:handover_back", args=[registration.pk]),
        {"to_unit": to_unit, "summary": summary},
    )
    # No consent names Los A: nothing is ever handed over, whatever was sent.
    assert response.status_code == 400
    assert not UnitHandover.objects.exists()
