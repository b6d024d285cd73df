"""Routing to the OT serving the home municipality (issue 18, point 3; seed 002: "the OT of
the municipality where the youth lives must be told as soon as a student quits"), also when
the school is in another municipality or county."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ungsam.access.audit import SystemActor
from ungsam.access.models import AuditEvent, AuditSubject
from ungsam.org.models import County, Membership, Municipality, PartnerOrganization, Unit, User
from ungsam.ot.models import OTCoverage, OTRegistration, OTStatusChange, RoutingNotice
from ungsam.ot.register_services import register_youth
from ungsam.people.models import Youth

ANNA = {"first_name": "Anna", "last_name": "Fiktivsen", "birth_date": date(2008, 3, 1)}


@pytest.fixture
def region(db):
    """Two counties: Fjord has Skolevik (the school) and Heimvik (served by OT Heimvik, a team
    in Skolevik's neighbour); Nord has Nordvik, served by no unit in Ungsam."""
    fjord = County.objects.create(name="Fjord", number="91")
    nord = County.objects.create(name="Nord", number="92")
    skolevik = Municipality.objects.create(name="Skolevik", number="9101", county=fjord)
    heimvik = Municipality.objects.create(name="Heimvik", number="9102", county=fjord)
    nordvik = Municipality.objects.create(name="Nordvik", number="9201", county=nord)
    ot_unit = Unit.objects.create(municipality=heimvik, name="OT Heimvik", kind="ot")
    OTCoverage.objects.create(unit=ot_unit, municipality=heimvik)
    school = PartnerOrganization.objects.create(
        municipality=skolevik, name="Skolevik vgs", kind="skole"
    )
    counselor = User.objects.create_user(username="rita_radgiver", password="x" * 12)
    Membership.objects.create(
        user=counselor, municipality=skolevik, partner=school, role="partner", status="direct"
    )
    return {
        "skolevik": skolevik,
        "heimvik": heimvik,
        "nordvik": nordvik,
        "ot": ot_unit,
        "school": school,
        "counselor": counselor,
    }


def test_a_school_in_another_municipality_reports_and_the_home_ot_is_told(region):
    routed = register_youth(
        actor=region["counselor"],
        home_municipality=region["heimvik"],
        youth=ANNA,
        source="school_report",
        reason="school_report",
        school=region["school"],
    )
    registration = routed.registration
    # The youth is on the home OT's register, in its municipality's register, as OTUK.
    assert routed.unit == region["ot"]
    assert registration.case.unit == region["ot"]
    assert registration.case.youth.municipality == region["heimvik"]
    assert registration.status == "OTUK"
    assert list(OTStatusChange.objects.values_list("code", flat=True)) == ["OTUK"]
    notice = RoutingNotice.objects.get()
    assert notice.to_unit == region["ot"] and notice.seen_at is None
    assert notice.from_partner == region["school"]
    # The counselor's act is in the audit log, naming the youth.
    event = AuditEvent.objects.get(object_type="ot.otregistration")
    assert event.actor_id == region["counselor"].pk
    assert AuditSubject.objects.filter(event=event, youth_id=registration.case.youth_id).exists()


def test_a_second_report_joins_the_registration_and_tells_the_unit_again(region):
    system = SystemActor("test")
    youth = {**ANNA, "national_id": "01030850080"}
    one = register_youth(
        actor=system, home_municipality=region["heimvik"], youth=youth, source="school_data"
    )
    two = register_youth(
        actor=region["counselor"],
        home_municipality=region["heimvik"],
        youth=youth,
        source="school_report",
        school=region["school"],
    )
    assert two.registration == one.registration and two.joined_existing
    assert OTRegistration.objects.count() == 1 and Youth.objects.count() == 1
    assert RoutingNotice.objects.count() == 2


def test_no_ot_in_ungsam_for_the_home_municipality_is_a_clear_refusal(region):
    with pytest.raises(ValidationError) as refused:
        register_youth(
            actor=region["counselor"],
            home_municipality=region["nordvik"],
            youth=ANNA,
            source="school_report",
        )
    assert "home_municipality" in refused.value.message_dict
    assert not Youth.objects.exists() and not OTRegistration.objects.exists()


def test_a_partner_who_is_not_a_school_may_not_register(region):
    nav = PartnerOrganization.objects.create(
        municipality=region["skolevik"], name="NAV Skolevik", kind="nav"
    )
    nina = User.objects.create_user(username="nina_nav", password="x" * 12)
    Membership.objects.create(
        user=nina, municipality=region["skolevik"], partner=nav, role="partner", status="direct"
    )
    with pytest.raises(PermissionDenied):
        register_youth(actor=nina, home_municipality=region["heimvik"], youth=ANNA, source="manual")
    assert not OTRegistration.objects.exists()


def test_the_home_ots_leader_gets_a_mail_that_names_nobody(
    region, mailoutbox, django_capture_on_commit_callbacks
):
    leader = User.objects.create_user(
        username="olga_ot", password="x" * 12, email="olga@heimvik.example"
    )
    Membership.objects.create(
        user=leader, municipality=region["heimvik"], unit=region["ot"], role="leader",
        status="direct",
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        register_youth(
            actor=region["counselor"],
            home_municipality=region["heimvik"],
            youth=ANNA,
            source="school_report",
            school=region["school"],
        )
    (mail,) = mailoutbox
    assert mail.to == ["olga@heimvik.example"]
    assert "OT Heimvik" in mail.subject
    assert "Anna" not in mail.subject + mail.body and "Fiktivsen" not in mail.body
