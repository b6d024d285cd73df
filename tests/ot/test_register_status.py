"""Status changes on the OT register (issue 18, point 3): Udir's codes, each change dated with
who made it; OTUK → OTOV (or a clarified code) only on recorded real contact; moving to
another county or municipality routes her on; written information about rights. The services
are called directly, also as users who must be refused (nothing may be written then)."""

from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from tests.conftest import give_totp
from ungsam.access.audit import SystemActor
from ungsam.access.models import AuditEvent
from ungsam.cases.journal_services import journal_entry_create, journal_entry_sign
from ungsam.cases.models import JournalEntry
from ungsam.cases.services import case_assign
from ungsam.org.models import County, Membership, Municipality, PartnerOrganization, Unit, User
from ungsam.ot.models import OTCoverage, OTRegistration, OTStatusChange, RoutingNotice
from ungsam.ot.register_services import (
    register_youth,
    registration_move,
    registration_record_rights_info,
    registration_set_status,
)

FOLLOW_UP = "follow_up_service"


class Region:
    """Two counties. Fjord: Heimvik (OT Heimvik: leader Olga, workers Oda and Ola; a los unit
    led by Leo; a school with counselor Rita) and Nabovik (OT Nabovik). Nord: Nordvik (OT
    Nordvik) and Utvik, served by no OT in Ungsam."""


@pytest.fixture
def ot(db):
    return build_region()


def build_region() -> Region:
    r = Region()
    fjord = County.objects.create(name="Fjord", number="91")
    r.nord = County.objects.create(name="Nord", number="92")
    r.heimvik = Municipality.objects.create(name="Heimvik", number="9102", county=fjord)
    r.nabovik = Municipality.objects.create(name="Nabovik", number="9103", county=fjord)
    r.nordvik = Municipality.objects.create(name="Nordvik", number="9201", county=r.nord)
    r.utvik = Municipality.objects.create(name="Utvik", number="9202", county=r.nord)
    r.unit = Unit.objects.create(municipality=r.heimvik, name="OT Heimvik", kind="ot")
    r.nabo_unit = Unit.objects.create(municipality=r.nabovik, name="OT Nabovik", kind="ot")
    r.nord_unit = Unit.objects.create(municipality=r.nordvik, name="OT Nordvik", kind="ot")
    r.los_unit = Unit.objects.create(municipality=r.heimvik, name="Los Heimvik", kind="los")
    for unit, municipality in (
        (r.unit, r.heimvik),
        (r.nabo_unit, r.nabovik),
        (r.nord_unit, r.nordvik),
    ):
        OTCoverage.objects.create(unit=unit, municipality=municipality)
    r.school = PartnerOrganization.objects.create(
        municipality=r.heimvik, name="Heimvik vgs", kind="skole"
    )

    def person(username, role, *, unit=None, partner=None):
        user = User.objects.create_user(
            username=username, password="x" * 12, first_name=username.split("_")[0].title()
        )
        Membership.objects.create(
            user=user, municipality=r.heimvik, unit=unit, partner=partner, role=role,
            status="direct",
        )  # fmt: skip
        give_totp(user)
        return user

    r.leader = person("olga_leder", "leader", unit=r.unit)
    r.oda = person("oda_ot", "caseworker", unit=r.unit)
    r.ola = person("ola_ot", "caseworker", unit=r.unit)
    r.los_leader = person("leo_los", "leader", unit=r.los_unit)
    r.counselor = person("rita_radgiver", "partner", partner=r.school)
    r.admin = person("adam_admin", "admin")
    return r


def register(r, first, *, at=None, contact=None, born=date(2007, 3, 1)):
    """A registration of OT Heimvik (routed by the system), with `contact` as contact person."""
    routed = register_youth(
        actor=SystemActor("test"),
        home_municipality=r.heimvik,
        youth={"first_name": first, "last_name": "Fiktivsen", "birth_date": born},
        source="school_data",
        at=at,
    )
    if contact is not None:
        case_assign(
            actor=r.leader,
            purpose=FOLLOW_UP,
            case_id=routed.registration.case_id,
            contact_persons=[contact],
        )
    return routed.registration


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(8)))


def signed_entry(actor, registration, kind, day):
    entry = journal_entry_create(
        actor=actor,
        purpose=FOLLOW_UP,
        case_id=registration.case_id,
        kind=kind,
        occurred_on=day,
        text="Notat",
    )
    return journal_entry_sign(actor=actor, purpose=FOLLOW_UP, entry_id=entry.pk)


def codes(registration):
    return list(
        OTStatusChange.objects.filter(registration=registration)
        .order_by("at", "id")
        .values_list("previous", "code")
    )


def test_it_refuses_otuk_to_otov_without_a_recorded_contact(ot):
    reg = register(ot, "Anna", contact=ot.oda)
    with pytest.raises(ValidationError) as refused:
        registration_set_status(
            actor=ot.oda, registration_id=reg.pk, code="OTOV", on=timezone.localdate()
        )
    assert "contact" in refused.value.message_dict
    reg.refresh_from_db()
    assert reg.status == "OTUK" and reg.first_contact_on is None
    assert codes(reg) == [("", "OTUK")]


def test_a_contact_recorded_with_the_change_moves_her_to_otov_dated_and_signed(ot):
    today = timezone.localdate()
    reg = register(ot, "Anna", at=at(today - timedelta(days=20)), contact=ot.oda)
    day = today - timedelta(days=3)
    done = registration_set_status(
        actor=ot.oda,
        registration_id=reg.pk,
        code="OTOV",
        on=day,
        note="Avtalt oppfølging",
        new_contact={"occurred_on": day - timedelta(days=1), "kind": "phone", "text": "Ringte."},
    )
    reg.refresh_from_db()
    assert reg.status == "OTOV"
    assert reg.first_contact_on == day - timedelta(days=1)
    change = done.change
    assert timezone.localdate(change.at) == day and change.by == ot.oda
    assert change.contact.kind == "phone" and change.contact.status == "signed"
    assert change.contact.case_id == reg.case_id
    # The history keeps every change, the first one too.
    assert codes(reg) == [("", "OTUK"), ("OTUK", "OTOV")]
    assert AuditEvent.objects.filter(object_type="ot.otregistration", action="update").exists()


def test_a_letter_or_other_entry_is_not_contact_but_a_conversation_is(ot):
    today = timezone.localdate()
    reg = register(ot, "Anna", at=at(today - timedelta(days=10)), contact=ot.oda)
    letter = signed_entry(ot.oda, reg, "other", today - timedelta(days=2))
    with pytest.raises(ValidationError):
        registration_set_status(
            actor=ot.oda, registration_id=reg.pk, code="OTNO", on=today, contact_id=letter.pk
        )
    talk = signed_entry(ot.oda, reg, "conversation", today - timedelta(days=1))
    registration_set_status(
        actor=ot.oda, registration_id=reg.pk, code="OTNO", on=today, contact_id=talk.pk
    )
    reg.refresh_from_db()
    assert reg.status == "OTNO" and reg.first_contact_on == today - timedelta(days=1)


def test_group_3_needs_no_contact_and_the_date_is_never_ahead_or_before_the_last_change(ot):
    today = timezone.localdate()
    reg = register(ot, "Anna", at=at(today - timedelta(days=10)), contact=ot.oda)
    with pytest.raises(ValidationError) as ahead:
        registration_set_status(
            actor=ot.oda, registration_id=reg.pk, code="OTEV", on=today + timedelta(days=1)
        )
    assert "on" in ahead.value.message_dict
    with pytest.raises(ValidationError):
        registration_set_status(
            actor=ot.oda, registration_id=reg.pk, code="OTEV", on=today - timedelta(days=30)
        )
    registration_set_status(
        actor=ot.oda, registration_id=reg.pk, code="OTEV", on=today - timedelta(days=2)
    )
    assert codes(reg)[-1] == ("OTUK", "OTEV")


@pytest.mark.parametrize("who", ["ola", "los_leader", "counselor", "admin"])
def test_only_the_leader_and_the_contact_person_change_the_status(ot, who):
    reg = register(ot, "Anna", contact=ot.oda)
    with pytest.raises((Http404, PermissionDenied)):
        registration_set_status(
            actor=getattr(ot, who), registration_id=reg.pk, code="OTEV", on=timezone.localdate()
        )
    reg.refresh_from_db()
    assert reg.status == "OTUK" and codes(reg) == [("", "OTUK")]
    # The unit's leader may.
    registration_set_status(
        actor=ot.leader, registration_id=reg.pk, code="OTEV", on=timezone.localdate()
    )
    assert codes(reg)[-1] == ("OTUK", "OTEV")


def test_moving_to_a_county_served_in_ungsam_registers_her_there_and_closes_this_case(ot):
    reg = register(ot, "Anna", contact=ot.oda)
    done = registration_set_status(
        actor=ot.oda,
        registration_id=reg.pk,
        code="OTFA_IM",
        on=timezone.localdate(),
        moved_to=ot.nordvik,
    )
    assert done.moved.to_unit == ot.nord_unit
    there = OTRegistration.objects.get(case__unit=ot.nord_unit)
    assert there.status == "OTUK" and there.source == "routed"
    assert there.case.youth.municipality == ot.nordvik
    notice = RoutingNotice.objects.get(to_unit=ot.nord_unit)
    assert notice.reason == "moved_county" and notice.from_unit == ot.unit
    assert notice.from_registration_id == reg.pk and notice.seen_at is None
    reg.refresh_from_db()
    assert reg.status == "OTFA_IM"
    assert reg.case.status == "closed" and reg.case.closure_outcome == "moved"


def test_moving_to_a_county_with_no_ot_in_ungsam_names_the_county_to_tell(ot):
    reg = register(ot, "Anna", contact=ot.oda)
    done = registration_set_status(
        actor=ot.oda,
        registration_id=reg.pk,
        code="OTFA_IM",
        on=timezone.localdate(),
        moved_to=ot.utvik,
    )
    assert done.moved.to_county == ot.nord and done.moved.to_unit is None
    notice = RoutingNotice.objects.get(from_registration=reg)
    assert notice.to_county == ot.nord and notice.to_unit is None
    assert OTRegistration.objects.count() == 1
    reg.refresh_from_db()
    assert reg.case.status == "closed" and reg.case.moved_to == "Utvik"


def test_otfa_im_needs_a_municipality_in_another_county(ot):
    reg = register(ot, "Anna", contact=ot.oda)
    for moved_to in (None, ot.nabovik):
        with pytest.raises(ValidationError) as refused:
            registration_set_status(
                actor=ot.oda,
                registration_id=reg.pk,
                code="OTFA_IM",
                on=timezone.localdate(),
                moved_to=moved_to,
            )
        assert "moved_to" in refused.value.message_dict
    reg.refresh_from_db()
    assert reg.status == "OTUK" and not RoutingNotice.objects.exclude(reason="new_registration")


def test_moving_within_the_county_hands_her_to_the_ot_serving_her_new_home(ot):
    reg = register(ot, "Anna", contact=ot.oda)
    moved = registration_move(
        actor=ot.oda, registration_id=reg.pk, moved_to=ot.nabovik, on=timezone.localdate()
    )
    assert moved.to_unit == ot.nabo_unit
    notice = RoutingNotice.objects.get(to_unit=ot.nabo_unit)
    assert notice.reason == "moved_municipality" and notice.from_registration_id == reg.pk
    reg.refresh_from_db()
    assert reg.case.status == "closed"
    # Another county is OTFA_IM, not a move within the county.
    other = register(ot, "Berit", contact=ot.oda)
    with pytest.raises(ValidationError):
        registration_move(
            actor=ot.oda, registration_id=other.pk, moved_to=ot.nordvik, on=timezone.localdate()
        )


def test_rights_information_to_a_minor_goes_to_her_guardians_too(ot):
    today = timezone.localdate()
    minor = register(ot, "Mina", contact=ot.oda, born=today.replace(year=today.year - 16))
    with pytest.raises(ValidationError) as refused:
        registration_record_rights_info(actor=ot.oda, registration_id=minor.pk, sent_on=today)
    assert "to_guardians" in refused.value.message_dict
    registration_record_rights_info(
        actor=ot.oda, registration_id=minor.pk, sent_on=today, to_guardians=True
    )
    minor.refresh_from_db()
    assert minor.rights_info_sent_on == today and minor.guardians_info_sent_on == today
    adult = register(ot, "Vera", contact=ot.oda, born=date(2004, 1, 1))
    registration_record_rights_info(actor=ot.oda, registration_id=adult.pk, sent_on=today)
    adult.refresh_from_db()
    assert adult.rights_info_sent_on == today and adult.guardians_info_sent_on is None


def test_rights_information_is_refused_to_someone_who_is_not_her_worker(ot):
    reg = register(ot, "Anna", contact=ot.oda)
    with pytest.raises(Http404):
        registration_record_rights_info(
            actor=ot.ola, registration_id=reg.pk, sent_on=timezone.localdate()
        )
    reg.refresh_from_db()
    assert reg.rights_info_sent_on is None
    assert not JournalEntry.objects.exists()


def test_moving_and_marking_a_notice_seen_are_refused_to_others(ot):
    from ungsam.ot.register_services import routing_notice_mark_seen

    reg = register(ot, "Anna", contact=ot.oda)
    with pytest.raises(Http404):
        registration_move(
            actor=ot.ola, registration_id=reg.pk, moved_to=ot.nabovik, on=timezone.localdate()
        )
    notice = RoutingNotice.objects.get(registration=reg)
    for who in (ot.oda, ot.los_leader, ot.admin):
        with pytest.raises(Http404):
            routing_notice_mark_seen(actor=who, notice_id=notice.pk)
    notice.refresh_from_db()
    reg.refresh_from_db()
    assert notice.seen_at is None and reg.case.status == "open"
    assert RoutingNotice.objects.count() == 1
