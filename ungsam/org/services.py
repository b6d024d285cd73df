"""Every write to organizations, accounts and memberships. Each takes the acting user, checks
the policy, runs in one transaction and writes the audit log."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction, Purpose
from ungsam.org.models import (
    District,
    Membership,
    Municipality,
    PartnerOrganization,
    Place,
    Unit,
    User,
)


def membership_add(
    *,
    actor: User,
    user: User,
    role: str,
    municipality: Municipality,
    unit: Unit | None = None,
    partner: PartnerOrganization | None = None,
) -> Membership:
    membership = Membership(
        user=user, role=role, municipality=municipality, unit=unit, partner=partner
    )
    membership.full_clean()  # the role fits its place (Membership.clean); nothing is written yet
    if not policy.may_assign(actor, role=role, unit=unit, municipality_id=municipality.pk):
        raise PermissionDenied
    with transaction.atomic():
        membership.save()
        audit.record(
            actor,
            audit.Entry(
                AuditAction.CREATE,
                Purpose.ADMINISTRATION,
                obj=membership,
                fields=("user", "role", "unit", "partner"),
            ),
        )
    return membership


def membership_end(*, actor: User, membership: Membership) -> Membership:
    """Ends a membership today: access through it stops at once."""
    with transaction.atomic():
        today = timezone.localdate()
        if membership.starts_on > today:
            membership.starts_on = today
        membership.ends_on = today
        membership.save(update_fields=["starts_on", "ends_on"])
        audit.record(
            actor,
            audit.Entry(
                AuditAction.UPDATE, Purpose.ADMINISTRATION, obj=membership, fields=("ends_on",)
            ),
        )
    return membership


def user_create(
    *,
    actor: User,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    password: str,
    role: str,
    municipality: Municipality,
    unit: Unit | None = None,
    partner: PartnerOrganization | None = None,
) -> User:
    if not policy.may_manage_users(actor):
        raise PermissionDenied
    with transaction.atomic():
        user = User(username=username, first_name=first_name, last_name=last_name, email=email)
        user.set_password(password)
        user.full_clean()
        user.save()
        audit.record(
            actor,
            audit.Entry(
                AuditAction.CREATE,
                Purpose.ADMINISTRATION,
                obj=user,
                fields=("username", "first_name", "last_name", "email"),
            ),
        )
        membership_add(
            actor=actor, user=user, role=role, municipality=municipality, unit=unit, partner=partner
        )
    return user


def unit_create(
    *, actor: User, municipality: Municipality, name: str, kind: str, district: District | None
) -> Unit:
    if not policy.may_configure_organization(
        actor
    ) or municipality.pk not in policy.municipality_ids(actor, "admin"):
        raise PermissionDenied
    with transaction.atomic():
        unit = Unit(municipality=municipality, name=name, kind=kind, district=district)
        unit.full_clean()
        unit.save()
        audit.record(
            actor,
            audit.Entry(
                AuditAction.CREATE, Purpose.ADMINISTRATION, obj=unit, fields=("name", "kind")
            ),
        )
    return unit


def _configure(actor: User, municipality: Municipality, obj):
    """Creates a unit, partner organization or place: admins of the municipality only."""
    if municipality.pk not in policy.municipality_ids(actor, "admin"):
        raise PermissionDenied
    with transaction.atomic():
        obj.full_clean()
        obj.save()
        audit.record(
            actor,
            audit.Entry(
                AuditAction.CREATE, Purpose.ADMINISTRATION, obj=obj, fields=("name", "kind")
            ),
        )
    return obj


def partner_create(
    *, actor: User, municipality: Municipality, name: str, kind: str
) -> PartnerOrganization:
    return _configure(
        actor, municipality, PartnerOrganization(municipality=municipality, name=name, kind=kind)
    )


def place_create(
    *, actor: User, municipality: Municipality, name: str, kind: str, district: District | None
) -> Place:
    place = Place(municipality=municipality, name=name, kind=kind, district=district)
    return _configure(actor, municipality, place)
