"""Every write to organizations, accounts and memberships. Each takes the acting user (or a
SystemActor), checks the policy itself, runs in one transaction and writes the audit log.

A refusal raises PermissionDenied with a sentence the user can read."""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction, Purpose
from ungsam.org.models import (
    District,
    Membership,
    MembershipStatus,
    Municipality,
    PartnerOrganization,
    Place,
    Unit,
    User,
)


def _refuse_if(reason: str | None) -> None:
    if reason:
        raise PermissionDenied(reason)


def _acting(actor, municipality_id: int, unit_id: int | None = None):
    if isinstance(actor, audit.SystemActor):
        return None
    return policy.acting_membership(actor, municipality_id=municipality_id, unit_id=unit_id)


def _record_membership(actor, action: str, membership: Membership, fields: tuple[str, ...]):
    audit.record(
        actor,
        audit.Entry(
            action,
            Purpose.ADMINISTRATION,
            obj=membership,
            fields=fields,
            municipality_id=membership.municipality_id,
            membership=_acting(actor, membership.municipality_id, membership.unit_id),
        ),
    )


def membership_add(
    *,
    actor,
    user: User,
    role: str,
    municipality: Municipality,
    unit: Unit | None = None,
    partner: PartnerOrganization | None = None,
    starts_on=None,
    ends_on=None,
) -> Membership:
    """Gives the user a role. A role that reads personal data, given by an admin, waits for a
    second person's approval; a leader staffing her own unit, and the system, act in one step."""
    _refuse_if(
        policy.assign_refusal(
            actor, user=user, role=role, unit=unit, municipality_id=municipality.pk
        )
    )
    return _membership_add(
        actor=actor,
        user=user,
        role=role,
        municipality=municipality,
        unit=unit,
        partner=partner,
        starts_on=starts_on,
        ends_on=ends_on,
    )


def _membership_add(
    *, actor, user, role, municipality, unit, partner, starts_on=None, ends_on=None
) -> Membership:
    """The write itself; the caller has asked the policy (`assign_refusal`)."""
    membership = Membership(
        user=user,
        role=role,
        municipality=municipality,
        unit=unit,
        partner=partner,
        ends_on=ends_on,
        status=policy.status_for_new_role(actor, role=role, unit=unit),
        granted_by=actor if isinstance(actor, User) else None,
    )
    if starts_on is not None:
        membership.starts_on = starts_on
    membership.full_clean()  # the role fits its place (Membership.clean); nothing is written yet
    # Only the system records history (a role that has ended, imported from an older system).
    past = ends_on is not None and ends_on <= timezone.localdate()
    if past and not isinstance(actor, audit.SystemActor):
        raise ValidationError({"ends_on": _("The end date must be after today.")})
    with transaction.atomic():
        membership.save()
        _record_membership(
            actor, AuditAction.CREATE, membership, ("user", "role", "unit", "partner", "status")
        )
    return membership


def _decide(*, actor: User, membership: Membership, status: str, action: str) -> Membership:
    with transaction.atomic():
        # Lock the row: two approvers clicking at once decide once.
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        _refuse_if(policy.decision_refusal(actor, membership))
        membership.status = status
        membership.decided_by = actor
        membership.decided_at = timezone.now()
        membership.save(update_fields=["status", "decided_by", "decided_at"])
        _record_membership(actor, action, membership, ("status",))
    return membership


def membership_approve(*, actor: User, membership: Membership) -> Membership:
    """Puts a role awaiting approval in force. Never by the person who gave it or who gets it."""
    return _decide(
        actor=actor,
        membership=membership,
        status=MembershipStatus.APPROVED,
        action=AuditAction.APPROVE,
    )


def membership_reject(*, actor: User, membership: Membership) -> Membership:
    return _decide(
        actor=actor,
        membership=membership,
        status=MembershipStatus.REJECTED,
        action=AuditAction.REJECT,
    )


def membership_end(*, actor, membership: Membership) -> Membership:
    """Ends a membership today: access through it stops at once."""
    _refuse_if(policy.end_refusal(actor, membership))
    with transaction.atomic():
        today = timezone.localdate()
        if membership.starts_on > today:
            membership.starts_on = today
        membership.ends_on = today
        membership.save(update_fields=["starts_on", "ends_on"])
        _record_membership(actor, AuditAction.UPDATE, membership, ("ends_on",))
    return membership


def membership_set_end(*, actor, membership: Membership, ends_on) -> Membership:
    """Sets or clears the last day a role is in force (ends_on is the first day without it).
    Nobody moves the end of her own role later, and an ended role stays ended."""
    _refuse_if(policy.end_date_refusal(actor, membership, ends_on))
    if ends_on is not None and ends_on <= timezone.localdate():
        raise ValidationError({"ends_on": _("To end the role today, use “End role”.")})
    if ends_on is not None and ends_on < membership.starts_on:
        raise ValidationError({"ends_on": _("The end date must be after the start date.")})
    with transaction.atomic():
        membership.ends_on = ends_on
        membership.save(update_fields=["ends_on"])
        _record_membership(actor, AuditAction.UPDATE, membership, ("ends_on",))
    return membership


def _record_account(
    actor, action: str, user: User, fields: tuple[str, ...], municipality_id, unit_id=None
):
    audit.record(
        actor,
        audit.Entry(
            action,
            Purpose.ADMINISTRATION,
            obj=user,
            fields=fields,
            municipality_id=municipality_id,
            membership=_acting(actor, municipality_id, unit_id) if municipality_id else None,
        ),
    )


def user_create(
    *,
    actor,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    password: str,
    role: str,
    municipality: Municipality,
    unit: Unit | None = None,
    partner: PartnerOrganization | None = None,
    ends_on=None,
) -> User:
    """Makes an account with its first role. The password works once, to choose the user's own
    (User.must_set_password); the account belongs to the municipality it was made in."""
    if not isinstance(actor, audit.SystemActor) and not policy.may_manage_users(actor):
        raise PermissionDenied(_("You may not create users."))
    account = User(username=username)
    _refuse_if(
        policy.assign_refusal(
            actor, user=account, role=role, unit=unit, municipality_id=municipality.pk
        )
    )
    with transaction.atomic():
        user = User(
            username=username,
            first_name=first_name,
            last_name=last_name,
            email=email,
            home_municipality=municipality,
            must_set_password=True,
        )
        user.set_password(password)
        user.full_clean()
        user.save()
        _record_account(
            actor,
            AuditAction.CREATE,
            user,
            ("username", "first_name", "last_name", "email", "password"),
            municipality.pk,
            unit.pk if unit else None,
        )
        # Asked above for this account (it has no membership yet, so no leader "sees" it).
        _membership_add(
            actor=actor,
            user=user,
            role=role,
            municipality=municipality,
            unit=unit,
            partner=partner,
            ends_on=ends_on,
        )
    return user


def one_time_password() -> str:
    # Readable aloud over the phone: four groups of five hex digits, 80 random bits.
    raw = secrets.token_hex(10)
    return "-".join(raw[i : i + 5] for i in range(0, 20, 5))


def user_set_one_time_password(*, actor: User, user: User) -> str:
    """Gives the user a new password that works once, to choose her own; ends her sessions.
    Returns it, to be shown to the actor once."""
    _refuse_if(policy.password_reset_refusal(actor, user))
    password = one_time_password()
    with transaction.atomic():
        user.set_password(password)
        user.must_set_password = True
        user.initial_password_used = False
        user.save(update_fields=["password", "must_set_password", "initial_password_used"])
        _record_account(actor, AuditAction.UPDATE, user, ("password",), user.home_municipality_id)
    return password


def unit_create(
    *, actor: User, municipality: Municipality, name: str, kind: str, district: District | None
) -> Unit:
    return _configure(
        actor,
        municipality,
        Unit(municipality=municipality, name=name, kind=kind, district=district),
    )


def _configure(actor, municipality: Municipality, obj):
    """Creates a unit, partner organization or place: admins of the municipality only."""
    if not isinstance(actor, audit.SystemActor) and not policy.may_configure_in(
        actor, municipality
    ):
        raise PermissionDenied(_("Only an administrator of the municipality may do this."))
    with transaction.atomic():
        obj.full_clean()
        obj.save()
        audit.record(
            actor,
            audit.Entry(
                AuditAction.CREATE,
                Purpose.ADMINISTRATION,
                obj=obj,
                fields=("name", "kind"),
                municipality_id=municipality.pk,
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
