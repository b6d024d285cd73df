"""Every service asks the policy itself: called directly — as a script, a shell or a future
API would — by a user who must be refused, it refuses and writes nothing. (The foundation's
`membership_end` trusted its caller: a case worker of another unit ended a leader's role.)"""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.utils import timezone

from tests.conftest import admin_of_another_municipality, bea_also_in_unit_a
from ungsam.access.models import AuditEvent
from ungsam.cases.models import Case
from ungsam.cases.services import case_open
from ungsam.org import services as org
from ungsam.org.models import (
    Membership,
    PartnerOrganization,
    Place,
    Unit,
    User,
)
from ungsam.people.models import Youth
from ungsam.people.services import youth_create


def refused(call):
    before = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        call()
    assert AuditEvent.objects.count() == before, "a refused call wrote to the audit log"


def test_membership_end_refuses_a_caseworker_of_another_unit(personas):
    leaders_role = Membership.objects.get(user=personas.leader_a)
    refused(lambda: org.membership_end(actor=personas.los_b, membership=leaders_role))
    leaders_role.refresh_from_db()
    assert leaders_role.ends_on is None


def test_membership_end_refuses_a_leader_ending_another_units_role(personas):
    role = Membership.objects.get(user=personas.los_b)
    refused(lambda: org.membership_end(actor=personas.leader_a, membership=role))


def test_membership_add_refuses_a_leader_outside_her_own_unit(personas):
    # Lise is in Leo's unit, so Leo sees her; the role asked for is in unit B, which he does
    # not lead. Only the policy's own-unit check stops this (not the form's list of units).
    refused(
        lambda: org.membership_add(
            actor=personas.leader_a,
            user=personas.los_a,
            role="caseworker",
            municipality=personas.municipality,
            unit=personas.unit_b,
        )
    )
    assert not Membership.objects.filter(user=personas.los_a, unit=personas.unit_b).exists()


def test_membership_add_refuses_a_leader_giving_the_leader_role(personas):
    refused(
        lambda: org.membership_add(
            actor=personas.leader_a,
            user=personas.los_a,
            role="leader",
            municipality=personas.municipality,
            unit=personas.unit_a,
        )
    )


@pytest.mark.parametrize("persona", ["los_a", "partner", "analyst", "field_c"])
def test_membership_add_refuses_roles_without_user_management(personas, persona):
    refused(
        lambda: org.membership_add(
            actor=getattr(personas, persona),
            user=personas.los_b,
            role="caseworker",
            municipality=personas.municipality,
            unit=personas.unit_a,
        )
    )


def test_membership_add_refuses_an_admin_of_another_municipality(personas):
    other, their_admin = admin_of_another_municipality()
    refused(
        lambda: org.membership_add(
            actor=their_admin,
            user=personas.los_b,
            role="caseworker",
            municipality=personas.municipality,
            unit=personas.unit_a,
        )
    )
    unit = Unit.objects.create(municipality=other, name="Los Andrevik", kind="los")
    # Nor may she claim a person of Testvik into her own municipality.
    refused(
        lambda: org.membership_add(
            actor=their_admin, user=personas.los_b, role="caseworker", municipality=other, unit=unit
        )
    )


def test_decisions_refuse_the_giver_the_receiver_and_outsiders(personas):
    pending = Membership.objects.create(
        user=personas.los_b,
        municipality=personas.municipality,
        unit=personas.unit_a,
        role="caseworker",
        status="pending",
        granted_by=personas.admin,
    )
    for actor in (personas.admin, personas.los_b, personas.los_a, personas.analyst):
        refused(lambda actor=actor: org.membership_approve(actor=actor, membership=pending))
        refused(lambda actor=actor: org.membership_reject(actor=actor, membership=pending))


def test_user_create_refuses_a_caseworker(personas):
    refused(
        lambda: org.user_create(
            actor=personas.los_a,
            username="snik",
            first_name="Snik",
            last_name="Snikesen",
            email="",
            password="et-langt-passord-2026",
            role="caseworker",
            municipality=personas.municipality,
            unit=personas.unit_a,
        )
    )
    assert not User.objects.filter(username="snik").exists()


def test_set_end_refuses_someone_who_does_not_manage_the_role(personas):
    role = Membership.objects.get(user=personas.los_a)
    refused(lambda: org.membership_set_end(actor=personas.los_b, membership=role, ends_on=None))


def test_one_time_password_refuses_a_deactivated_account(personas):
    org.user_deactivate(actor=personas.admin, user=personas.los_a)
    before = User.objects.get(pk=personas.los_a.pk).password
    refused(lambda: org.user_set_one_time_password(actor=personas.admin, user=personas.los_a))
    assert User.objects.get(pk=personas.los_a.pk).password == before


def test_one_time_password_refuses_a_caseworker(personas):
    refused(lambda: org.user_set_one_time_password(actor=personas.los_b, user=personas.los_a))
    personas.los_a.refresh_from_db()
    assert not personas.los_a.must_set_password


@pytest.mark.parametrize("create", [org.unit_create, org.place_create])
def test_configuration_refuses_a_leader(personas, create):
    refused(
        lambda: create(
            actor=personas.leader_a,
            municipality=personas.municipality,
            name="Snarvei",
            kind="los" if create is org.unit_create else "street",
            district=None,
        )
    )


def test_partner_create_refuses_a_leader(personas):
    refused(
        lambda: org.partner_create(
            actor=personas.leader_a, municipality=personas.municipality, name="X", kind="nav"
        )
    )


@pytest.mark.parametrize("persona", ["admin", "analyst", "partner"])
def test_youth_create_refuses_roles_that_keep_no_cases(personas, persona):
    refused(
        lambda: youth_create(
            actor=getattr(personas, persona),
            purpose="casework",
            municipality=personas.municipality,
            first_name="Ny",
            last_name="Ungdom",
            birth_date=date(2010, 1, 1),
        )
    )
    assert not Youth.objects.filter(first_name="Ny").exists()


def test_case_open_refuses_a_caseworker_of_another_unit(personas):
    refused(
        lambda: case_open(
            actor=personas.los_b,
            purpose="casework",
            youth=personas.youth_a,
            unit=personas.unit_a,
            contact_persons=[personas.los_b],
        )
    )
    assert Case.objects.filter(youth=personas.youth_a).count() == 1


def test_case_open_refuses_a_youth_of_another_municipality(personas):
    other, _ = admin_of_another_municipality()
    stranger = Youth.objects.create(
        municipality=other,
        first_name="Ukjent",
        last_name="Andreviksen",
        birth_date=date(2010, 1, 1),
    )
    refused(
        lambda: case_open(
            actor=personas.los_a,
            purpose="casework",
            youth=stranger,
            unit=personas.unit_a,
            contact_persons=[personas.los_a],
        )
    )
    assert not Case.objects.filter(youth=stranger).exists()


@pytest.mark.parametrize("persona", ["partner", "los_b", "analyst"])
def test_case_open_refuses_contact_persons_who_do_not_work_in_the_unit(personas, persona):
    """A contact person sees the youth: naming an outsider would hand her the youth."""
    youth = Youth.objects.create(
        municipality=personas.municipality,
        first_name="Ny",
        last_name="Fiktivsen",
        birth_date=date(2010, 1, 1),
    )
    refused(
        lambda: case_open(
            actor=personas.los_a,
            purpose="casework",
            youth=youth,
            unit=personas.unit_a,
            contact_persons=[personas.los_a, getattr(personas, persona)],
        )
    )
    assert not Case.objects.filter(youth=youth).exists()


# --- Accounts: name and e-mail, deactivation, password e-mail ----------------------------------


ACCOUNT_SERVICES = {
    "user_update": lambda actor, user: org.user_update(
        actor=actor, user=user, first_name="Snik", last_name="Snikesen", email="snik@example.com"
    ),
    "user_deactivate": lambda actor, user: org.user_deactivate(actor=actor, user=user),
    "user_activate": lambda actor, user: org.user_activate(actor=actor, user=user),
    "user_send_password_reset": lambda actor, user: org.user_send_password_reset(
        actor=actor, user=user, request=RequestFactory().post("/")
    ),
}


def unchanged(user, before):
    user.refresh_from_db()
    assert (user.first_name, user.email, user.is_active) == before
    assert Membership.objects.filter(user=user, ends_on__isnull=True).exists()


@pytest.mark.parametrize("service", sorted(ACCOUNT_SERVICES))
@pytest.mark.parametrize("persona", ["los_b", "field_c", "partner", "analyst"])
def test_account_services_refuse_roles_without_user_management(personas, service, persona):
    lise = personas.los_a
    lise.email = "lise@example.com"
    lise.save()
    before = (lise.first_name, lise.email, lise.is_active)
    refused(lambda: ACCOUNT_SERVICES[service](getattr(personas, persona), lise))
    unchanged(lise, before)
    assert mail.outbox == []


@pytest.mark.parametrize("service", sorted(ACCOUNT_SERVICES))
def test_account_services_refuse_a_leader_an_account_with_roles_outside_her_units(
    personas, service
):
    bea = bea_also_in_unit_a(personas)
    bea.email = "bea@example.com"
    bea.save()
    before = (bea.first_name, bea.email, bea.is_active)
    refused(lambda: ACCOUNT_SERVICES[service](personas.leader_a, bea))
    unchanged(bea, before)
    assert mail.outbox == []


@pytest.mark.parametrize("service", sorted(ACCOUNT_SERVICES))
def test_account_services_refuse_an_admin_her_own_account(personas, service):
    admin = personas.admin
    admin.email = "adam@example.com"
    admin.save()
    before = (admin.first_name, admin.email, admin.is_active)
    refused(lambda: ACCOUNT_SERVICES[service](admin, admin))
    unchanged(admin, before)


# --- Configuration: changing units, partner organizations and places ---------------------------


def config_updates(personas):
    place = Place.objects.create(municipality=personas.municipality, name="Torget", kind="street")
    return {
        "unit_update": lambda actor: org.unit_update(
            actor=actor, unit=personas.unit_a, name="Ny", kind="ot", district=None, active=False
        ),
        "partner_update": lambda actor: org.partner_update(
            actor=actor, partner=personas.school, name="Ny", kind="nav", active=False
        ),
        "place_update": lambda actor: org.place_update(
            actor=actor, place=place, name="Ny", kind="online", district=None, active=False
        ),
    }


@pytest.mark.parametrize("service", ["unit_update", "partner_update", "place_update"])
def test_configuration_updates_refuse_a_leader_and_another_municipalitys_admin(personas, service):
    call = config_updates(personas)[service]
    _, their_admin = admin_of_another_municipality()
    for actor in (personas.leader_a, personas.los_a, their_admin):
        refused(lambda actor=actor: call(actor))
    assert not Unit.objects.filter(name="Ny").exists()
    assert not PartnerOrganization.objects.filter(name="Ny").exists()
    assert not Place.objects.filter(name="Ny").exists()


def test_set_end_judges_the_role_as_it_is_now_not_as_first_read(personas):
    """A leader's page read the role before an admin ended it: her later end date must not
    bring the ended role back."""
    stale = Membership.objects.get(user=personas.los_a, unit=personas.unit_a)
    org.membership_end(
        actor=personas.admin,
        membership=Membership.objects.get(pk=stale.pk),
    )
    later = timezone.localdate() + timedelta(days=30)
    with pytest.raises(PermissionDenied):
        org.membership_set_end(actor=personas.leader_a, membership=stale, ends_on=later)
    assert Membership.objects.get(pk=stale.pk).ends_on == timezone.localdate()
