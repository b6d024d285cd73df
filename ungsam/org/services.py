"""Every write to organizations, accounts and memberships. Each takes the acting user (or a
SystemActor), checks the policy itself, runs in one transaction and writes the audit log.

A refusal raises PermissionDenied with a sentence the user can read."""

import secrets

from allauth.account.forms import ResetPasswordForm
from allauth.core import context as allauth_context
from allauth.usersessions.models import UserSession
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction, Purpose
from ungsam.org import selectors
from ungsam.org.models import (
    Area,
    District,
    Membership,
    MembershipStatus,
    Municipality,
    PartnerOrganization,
    Place,
    Unit,
    User,
)
from ungsam.plans.models import MeasureType


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
    if unit is not None and not unit.active:
        raise ValidationError({"unit": _("The unit is deactivated: it takes no new roles.")})
    if partner is not None and not partner.active:
        raise ValidationError(
            {"partner": _("The partner organization is deactivated: it takes no new roles.")}
        )
    # Only the system records history (a role that has ended, imported from an older system).
    past = ends_on is not None and ends_on <= timezone.localdate()
    if past and not isinstance(actor, audit.SystemActor):
        raise ValidationError({"ends_on": _("The end date must be after today.")})
    with transaction.atomic():
        # Lock the account: two managers giving the same role at once give it once.
        User.objects.select_for_update().filter(pk=user.pk).first()
        if not past:
            _refuse_duplicate(
                user=user, role=role, municipality=municipality, unit=unit, partner=partner
            )
        membership.save()
        _record_membership(
            actor, AuditAction.CREATE, membership, ("user", "role", "unit", "partner", "status")
        )
    return membership


def duplicate_role_message(existing: Membership) -> str:
    return _(
        "%(person)s already has the role %(role)s – %(place)s. End that role first, or change "
        "its end date."
    ) % {"person": existing.user, "role": existing.get_role_display(), "place": existing.place}


def _refuse_duplicate(*, user, role, municipality, unit, partner) -> None:
    """The same role in the same place, while the first is in force or awaiting approval, is
    refused: it would add nothing, and ending one would leave the other."""
    existing = selectors.current_role_like(
        user=user, role=role, municipality=municipality, unit=unit, partner=partner
    )
    if existing is not None:
        raise ValidationError(duplicate_role_message(existing), code="duplicate_role")


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
    """Ends a membership today: access through it stops at once. A role that has already ended
    (or was rejected) is left as it is, and nothing is recorded: there was nothing to end."""
    _refuse_if(policy.end_refusal(actor, membership))
    with transaction.atomic():
        _refresh_locked(membership)
        if membership.is_current:
            _end_today(actor, membership)
    return membership


def _refresh_locked(membership: Membership) -> None:
    """Lock the row to the end of the transaction and read its dates and status as they are
    now, not as the caller first read them."""
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    for name in ("status", "starts_on", "ends_on"):
        setattr(membership, name, getattr(locked, name))


def _end_today(actor, membership: Membership) -> None:
    """The write itself; the caller has asked the policy, locked the row and found it current."""
    today = timezone.localdate()
    if membership.starts_on > today:
        membership.starts_on = today
    membership.ends_on = today
    membership.save(update_fields=["starts_on", "ends_on"])
    _record_membership(actor, AuditAction.UPDATE, membership, ("ends_on",))


def membership_set_end(*, actor, membership: Membership, ends_on) -> Membership:
    """Sets or clears the last day a role is in force (ends_on is the first day without it).
    Nobody moves the end of her own role later, and an ended role stays ended."""
    with transaction.atomic():
        # The policy judges the row as it is now: a role ended a moment ago stays ended.
        _refresh_locked(membership)
        _refuse_if(policy.end_date_refusal(actor, membership, ends_on))
        if ends_on is not None and ends_on <= timezone.localdate():
            raise ValidationError({"ends_on": _("To end the role today, use “End role”.")})
        if ends_on is not None and ends_on < membership.starts_on:
            raise ValidationError({"ends_on": _("The end date must be after the start date.")})
        membership.ends_on = ends_on
        membership.save(update_fields=["ends_on"])
        _record_membership(actor, AuditAction.UPDATE, membership, ("ends_on",))
    return membership


def _record_account(
    actor,
    action: str,
    user: User,
    fields: tuple[str, ...],
    municipality_id: int | None = None,
    unit_id: int | None = None,
):
    """One audit row for a change to an account, in the chain of the municipality it belongs
    to (the one it is made in, when that is known already)."""
    municipality_id = municipality_id or user.account_municipality_id()
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
        _record_account(actor, AuditAction.UPDATE, user, ("password",))
    return password


def user_update(*, actor, user: User, first_name: str, last_name: str, email: str) -> User:
    """Changes an account's name and e-mail address. Records the fields that changed; nothing
    changed, nothing recorded."""
    _refuse_if(policy.account_change_refusal(actor, user))
    wanted = {"first_name": first_name, "last_name": last_name, "email": email}
    changed = tuple(name for name, value in wanted.items() if getattr(user, name) != value)
    if not changed:
        return user
    _assign_valid(user, {name: wanted[name] for name in changed})
    with transaction.atomic():
        user.save(update_fields=list(changed))
        _record_account(actor, AuditAction.UPDATE, user, changed)
    return user


def user_deactivate(*, actor, user: User) -> User:
    """Closes an account: she cannot log in, every session of hers ends now, and every role of
    hers that is in force or awaits approval ends today (each recorded as ended). The account,
    its history and the audit log stay. Reactivating it gives back no role."""
    _refuse_if(policy.account_change_refusal(actor, user))
    with transaction.atomic():
        user.is_active = User.objects.select_for_update().get(pk=user.pk).is_active
        if not user.is_active:
            return user
        for membership in selectors.current_memberships_of(user):
            _end_today(actor, membership)
        user.is_active = False
        user.save(update_fields=["is_active"])
        # "sessions": the row says the sessions were ended too (and tells it from reactivation).
        _record_account(actor, AuditAction.UPDATE, user, ("is_active", "sessions"))
        for session in UserSession.objects.filter(user=user):
            session.end()
    return user


def user_activate(*, actor, user: User) -> User:
    """Opens a deactivated account again. Her roles stay ended: she gets new ones the usual way
    (through approval where a role needs it)."""
    _refuse_if(policy.account_change_refusal(actor, user))
    with transaction.atomic():
        user.is_active = User.objects.select_for_update().get(pk=user.pk).is_active
        if user.is_active:
            return user
        user.is_active = True
        user.save(update_fields=["is_active"])
        _record_account(actor, AuditAction.UPDATE, user, ("is_active",))
    return user


def user_send_password_reset(*, actor, user: User, request) -> None:
    """Sends allauth's password-reset e-mail to the account's address, as "Forgot password"
    does: a link that lets her choose a new password (her second factor is still asked for).
    Nothing about the password changes until she uses it."""
    _refuse_if(policy.account_change_refusal(actor, user))
    if not user.is_active:
        raise ValidationError(_("The account is deactivated: it can get no password e-mail."))
    if not user.email:
        raise ValidationError(
            _("The user has no e-mail address. Add one, or make a one-time password.")
        )
    form = ResetPasswordForm(data={"email": user.email})
    with allauth_context.request_context(request):
        if not form.is_valid():
            raise ValidationError(_("The e-mail address cannot get a password e-mail."))
        with transaction.atomic():
            _record_account(actor, AuditAction.UPDATE, user, ("password_reset_email",))
            # The account adapter logs a mail server that is down instead of raising (so "Forgot
            # password" never tells whether an account exists): the row records the request.
            form.save(request)


def unit_create(
    *,
    actor: User,
    municipality: Municipality,
    name: str,
    kind: str,
    district: District | None,
    address: str = "",
    organization_number: str = "",
    slug: str = "",
) -> Unit:
    """A new unit; its short name (`slug`) is made from the name when not given."""
    unit = Unit(
        municipality=municipality,
        name=name,
        slug=slug,
        kind=kind,
        district=district,
        address=address,
        organization_number=organization_number,
    )
    return _configure(actor, municipality, unit)


def _refuse_unless_configures(actor, municipality: Municipality) -> None:
    if not isinstance(actor, audit.SystemActor) and not policy.may_configure_in(
        actor, municipality
    ):
        raise PermissionDenied(_("Only an administrator of the municipality may do this."))


def _check_district(obj) -> None:
    """A district or area (of a place) of another municipality is refused."""
    district = getattr(obj, "district", None)
    if district is not None and district.municipality_id != obj.municipality_id:
        raise ValidationError({"district": _("The district belongs to another municipality.")})
    area = getattr(obj, "area", None)
    if area is not None and area.municipality_id != obj.municipality_id:
        raise ValidationError({"area": _("The area belongs to another municipality.")})


def _configure(actor, municipality: Municipality, obj):
    """Creates a unit, partner organization, place or measure type: admins of the municipality
    only."""
    _refuse_unless_configures(actor, municipality)
    _check_district(obj)
    with transaction.atomic():
        obj.full_clean()
        obj.save()
        audit.record(
            actor,
            audit.Entry(
                AuditAction.CREATE,
                Purpose.ADMINISTRATION,
                obj=obj,
                fields=tuple(
                    name
                    for name in ("name", "kind", "address", "organization_number", "area")
                    if getattr(obj, name, "")
                ),
                municipality_id=municipality.pk,
            ),
        )
    return obj


def partner_create(
    *,
    actor: User,
    municipality: Municipality,
    name: str,
    kind: str,
    address: str = "",
    organization_number: str = "",
) -> PartnerOrganization:
    partner = PartnerOrganization(
        municipality=municipality,
        name=name,
        kind=kind,
        address=address,
        organization_number=organization_number,
    )
    return _configure(actor, municipality, partner)


def place_create(
    *,
    actor: User,
    municipality: Municipality,
    name: str,
    kind: str,
    district: District | None,
    area: Area | None = None,
) -> Place:
    place = Place(municipality=municipality, name=name, kind=kind, district=district, area=area)
    return _configure(actor, municipality, place)


def area_create(*, actor: User, municipality: Municipality, name: str) -> Area:
    """A new area of the municipality, which outreach reports by: admins of it only."""
    return _configure(actor, municipality, Area(municipality=municipality, name=name))


def measure_type_create(*, actor: User, municipality: Municipality, name: str) -> MeasureType:
    """A new measure in the municipality's catalog for action plans (ungsam/plans)."""
    return _configure(actor, municipality, MeasureType(municipality=municipality, name=name))


def _assign_valid(obj, values: dict) -> None:
    """Sets the values on the object if the result is valid; else leaves it as it was."""
    before = {name: getattr(obj, name) for name in values}
    for name, value in values.items():
        setattr(obj, name, value)
    try:
        _check_district(obj)
        obj.full_clean()
    except ValidationError:
        for name, value in before.items():
            setattr(obj, name, value)
        raise


def _reconfigure(actor, obj, **values):
    """Renames, re-kinds, moves or (de)activates a unit, partner organization or place: admins
    of its municipality only. Deactivated, it is offered for no new role but keeps its roles,
    cases and history."""
    _refuse_unless_configures(actor, obj.municipality)
    return _save_changes(actor, obj, values)


def _save_changes(actor, obj, values: dict, membership=None):
    """Saves the values that differ and records those fields (an administration row); nothing
    changed, nothing recorded. The caller has asked the policy."""
    changed = tuple(name for name, value in values.items() if getattr(obj, name) != value)
    if not changed:
        return obj
    _assign_valid(obj, {name: values[name] for name in changed})
    with transaction.atomic():
        obj.save(update_fields=list(changed))
        audit.record(
            actor,
            audit.Entry(
                AuditAction.UPDATE,
                Purpose.ADMINISTRATION,
                obj=obj,
                fields=changed,
                municipality_id=obj.municipality_id,
                membership=membership,
            ),
        )
    return obj


def unit_update(
    *,
    actor: User,
    unit: Unit,
    name: str,
    kind: str,
    district: District | None,
    active: bool,
    **contact,
) -> Unit:
    """`contact`: `address` and `organization_number`, each left as it is when not given;
    `slug` too, and when empty (a renamed unit keeps its short name: commands and scripts
    name it by that)."""
    values = {k: v for k, v in contact.items() if k in ("address", "organization_number")}
    if contact.get("slug"):
        values["slug"] = contact["slug"]
    return _reconfigure(
        actor, unit, name=name, kind=kind, district=district, active=active, **values
    )


def partner_update(
    *, actor: User, partner: PartnerOrganization, name: str, kind: str, active: bool, **contact
) -> PartnerOrganization:
    """`contact`: `address` and `organization_number`, each left as it is when not given."""
    values = {k: v for k, v in contact.items() if k in ("address", "organization_number")}
    return _reconfigure(actor, partner, name=name, kind=kind, active=active, **values)


_UNCHANGED = object()


def place_update(
    *,
    actor: User,
    place: Place,
    name: str,
    kind: str,
    district: District | None,
    active: bool,
    area=_UNCHANGED,
) -> Place:
    """Renames, re-kinds or moves a place, or takes it out of use (inactive): then it is
    retired today, keeping every contact counted there; put back in use, it is no longer
    retired. `area` left out stays as it is."""
    values = {"name": name, "kind": kind, "district": district, "active": active}
    if area is not _UNCHANGED:
        values["area"] = area
    if active != place.active:
        values["retired_on"] = None if active else timezone.localdate()
    return _reconfigure(actor, place, **values)


def area_update(*, actor: User, area: Area, name: str, active: bool) -> Area:
    """Renames an area, or takes it out of use (inactive): its places and the shifts and
    observations that name it keep it."""
    return _reconfigure(actor, area, name=name, active=active)


def measure_type_update(
    *, actor: User, measure_type: MeasureType, name: str, active: bool
) -> MeasureType:
    """Renames or retires (inactive) a measure of the catalog: plans that use it keep it."""
    return _reconfigure(actor, measure_type, name=name, active=active)


def _refuse_unless_leads(actor, unit_id: int) -> None:
    if not policy.leads_unit(actor, unit_id):
        raise PermissionDenied(_("Only the leader of the unit may change its capacity."))


def membership_set_position(*, actor, membership_id, percent: int | None) -> Membership:
    """A worker's position percentage in the unit (its capacity, seed 003): the unit's leader
    sets it. A membership outside her units answers like one that does not exist."""
    membership = Membership.objects.filter(pk=membership_id).first()
    if membership is None or not policy.leads_unit(actor, membership.unit_id):
        policy.deny(actor, Membership, membership_id, purpose=Purpose.ADMINISTRATION)
    if membership.position_percent == percent:
        return membership
    with transaction.atomic():
        membership.position_percent = percent
        membership.full_clean(exclude=["user", "municipality", "unit", "partner"])
        membership.save(update_fields=["position_percent"])
        _record_membership(actor, AuditAction.UPDATE, membership, ("position_percent",))
    return membership


def unit_set_casework(*, actor, unit: Unit, **values) -> Unit:
    """The unit's casework settings, its leader's to decide: how many active cases a full
    position carries, and when a case raises an alert (no-shows in a row, days without
    contact). Records the fields that changed."""
    allowed = {"cases_per_position", "alert_after_no_shows", "alert_after_days_without_contact"}
    if set(values) - allowed:
        raise ValueError(f"not a casework setting: {sorted(set(values) - allowed)}")
    _refuse_unless_leads(actor, unit.pk)
    return _save_changes(actor, unit, values, _acting(actor, unit.municipality_id, unit.pk))
