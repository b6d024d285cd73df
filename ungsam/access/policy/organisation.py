"""Users, roles and configuration (DESIGN.md, access rule 4): admins configure and read no case
content; nobody grants a role to themselves; a role that reads personal data, given by an
admin, takes effect only when a second person approves it."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ungsam.access.audit import SystemActor
from ungsam.access.models import AuditEvent, Purpose
from ungsam.access.policy.gate import get_or_404
from ungsam.access.policy.identity import (
    PERSONAL_DATA_ROLES,
    administered_municipality_ids,
    has_role,
    led_unit_ids,
    memberships,
)
from ungsam.org.models import (
    UNIT_ROLES,
    Membership,
    MembershipStatus,
    Municipality,
    Role,
    Unit,
    User,
)
from ungsam.transfer.models import IMPORT_ACCOUNT_USERNAME

# What a leader may give, alone, in a unit she leads.
LEADER_ASSIGNABLE = (Role.FIELD_WORKER, Role.CASEWORKER)
# What needs a second person's approval when an admin gives it.
NEEDS_APPROVAL = PERSONAL_DATA_ROLES | {Role.ADMIN}


def may_manage_users(user) -> bool:
    return has_role(user, Role.ADMIN, Role.LEADER)


def may_configure_organization(user) -> bool:
    return has_role(user, Role.ADMIN)


def may_configure_in(actor, municipality: Municipality) -> bool:
    return municipality.pk in administered_municipality_ids(actor)


def may_view_access_changes(user) -> bool:
    return has_role(user, Role.ADMIN)


def units_managed_by(user) -> QuerySet[Unit]:
    admin_of = administered_municipality_ids(user)
    return Unit.objects.filter(Q(municipality_id__in=admin_of) | Q(pk__in=led_unit_ids(user)))


def users_visible_to(user) -> QuerySet[User]:
    """Staff accounts an admin or leader may manage. Not personal data about youth.

    An admin sees accounts with a membership (of any state, ended too) in her municipality, and
    accounts without any membership that her municipality's admins created; a leader sees the
    accounts with a membership in a unit she leads."""
    admin_of = administered_municipality_ids(user)
    led = led_unit_ids(user)
    if not admin_of and not led:
        return User.objects.none()
    in_scope = Membership.objects.filter(
        Q(municipality_id__in=admin_of) | Q(unit_id__in=led), user=OuterRef("pk")
    )
    scope = Q(Exists(in_scope))
    if admin_of:
        homeless = ~Exists(Membership.objects.filter(user=OuterRef("pk")))
        scope |= Q(homeless) & Q(home_municipality_id__in=admin_of)
    return User.objects.filter(scope)


def access_managed_user(user, user_id) -> User:
    return get_or_404(user, users_visible_to(user), user_id, purpose=Purpose.ADMINISTRATION)


def assignable_roles(user) -> list[str]:
    if has_role(user, Role.ADMIN):
        return list(Role.values)
    if has_role(user, Role.LEADER):
        return list(LEADER_ASSIGNABLE)
    return []


def assign_refusal(actor, *, user: User, role: str, unit: Unit | None, municipality_id: int):
    """Why the actor may not give this role to this user here (a sentence), or None."""
    if user.username == IMPORT_ACCOUNT_USERNAME:
        # Not even the system: the account that records imported rows holds no role, ever.
        return _("The import account can get no role.")
    if isinstance(actor, SystemActor):
        return None
    if user.pk is not None and user.pk == actor.pk:
        return _("You cannot give yourself a role. Ask another administrator or your leader.")
    if user.pk is not None and not user.is_active:
        return _("The account is deactivated: it can get no role.")
    if role not in assignable_roles(actor):
        return _("You may not give this role.")
    if unit is not None and unit.municipality_id != municipality_id:
        return _("The unit belongs to another municipality.")
    if user.pk is not None and not users_visible_to(actor).filter(pk=user.pk).exists():
        return _("You may not give roles to this user.")
    if municipality_id in administered_municipality_ids(actor):
        return None
    if role in LEADER_ASSIGNABLE and unit is not None and unit.pk in led_unit_ids(actor):
        return None
    return _("You may not give this role in this place.")


def status_for_new_role(actor, *, role: str, unit: Unit | None) -> str:
    """In force at once, or awaiting a second person's approval."""
    if isinstance(actor, SystemActor):
        return MembershipStatus.DIRECT
    if role in LEADER_ASSIGNABLE and unit is not None and unit.pk in led_unit_ids(actor):
        return MembershipStatus.DIRECT  # a leader staffing her own unit: one step
    if role in NEEDS_APPROVAL:
        return MembershipStatus.PENDING
    return MembershipStatus.DIRECT


def _deciders_scope(user) -> Q:
    """Pending roles this user could approve, before excluding her own and the ones she gave."""
    admin_of = administered_municipality_ids(user)
    led = led_unit_ids(user)
    return Q(municipality_id__in=admin_of) | Q(unit_id__in=led, role__in=UNIT_ROLES)


def decision_refusal(user, membership: Membership) -> str | None:
    """Why the user may not approve or reject this role (a sentence), or None."""
    if membership.status != MembershipStatus.PENDING:
        return _("This role is not awaiting approval.")
    if membership.user_id == user.pk:
        return _("You cannot approve your own role.")
    if membership.granted_by_id == user.pk:
        return _("The person who gave a role cannot approve it.")
    if membership.municipality_id in administered_municipality_ids(user):
        return None
    if membership.role in UNIT_ROLES and membership.unit_id in led_unit_ids(user):
        return None
    return _("Only another administrator, or a leader of the unit, may approve this role.")


def memberships_awaiting_decision_by(user) -> QuerySet[Membership]:
    if not may_manage_users(user):
        return Membership.objects.none()
    return (
        Membership.objects.filter(_deciders_scope(user), status=MembershipStatus.PENDING)
        .exclude(user=user)
        .exclude(granted_by=user)
        .exclude(ends_on__isnull=False)
    )


def _membership_scope(user) -> Q:
    admin_of = administered_municipality_ids(user)
    led = led_unit_ids(user)
    return (
        Q(municipality_id__in=admin_of)
        | Q(unit_id__in=led, role__in=LEADER_ASSIGNABLE)
        | Q(unit_id__in=led, role__in=UNIT_ROLES, status=MembershipStatus.PENDING)
        # Her own roles: she may end them or end them sooner, never extend them.
        | Q(user_id=user.pk)
    )


def access_membership(user, membership_id) -> Membership:
    """A membership the user manages (ends, dates, decides): in a municipality she administers,
    a worker role in a unit she leads, a role awaiting approval in her unit, or her own; else
    404."""
    if may_manage_users(user):
        scope = Membership.objects.filter(_membership_scope(user))
    else:
        scope = Membership.objects.none()
    return get_or_404(
        user,
        scope.select_related("user", "unit", "partner", "municipality", "granted_by", "decided_by"),
        membership_id,
        purpose=Purpose.ADMINISTRATION,
    )


def end_refusal(actor, membership: Membership) -> str | None:
    if isinstance(actor, SystemActor):
        return None
    if Membership.objects.filter(_membership_scope(actor), pk=membership.pk).exists():
        return None
    return _("You may not end this role.")


def end_date_refusal(actor, membership: Membership, ends_on) -> str | None:
    """Nobody moves the end of her own role later; nobody revives an ended role (that is a new
    role, which goes through approval)."""
    refusal = end_refusal(actor, membership)
    if refusal:
        return refusal
    current = membership.ends_on
    later = current is not None and (ends_on is None or ends_on > current)
    if later and membership.user_id == getattr(actor, "pk", None):
        return _("You cannot move the end of your own role later.")
    if current is not None and current <= timezone.localdate() and later:
        return _("The role has ended. Give a new role instead.")
    return None


def password_reset_refusal(actor, target: User) -> str | None:
    """Why the actor may not give this account a one-time password: the rule for changing an
    account (`account_change_refusal`), with its own word for her own account, and never a
    deactivated one (a password would be a way in once it is activated again)."""
    if target.pk == getattr(actor, "pk", None):
        return _("Change your own password under your account instead.")
    if not target.is_active:
        return _("The account is deactivated: activate it before giving it a password.")
    return account_change_refusal(actor, target)


def account_change_refusal(actor, target: User) -> str | None:
    """Why the actor may not change this account: its name and e-mail, deactivate it, or send
    it a password-reset e-mail (a sentence), or None. Never her own. An admin: an account she
    sees whose current roles (in force or awaiting approval) are all in municipalities she
    administers (the account is one person's everywhere); a leader: only one whose current
    roles are all worker roles in units she leads."""
    if target.username == IMPORT_ACCOUNT_USERNAME:
        return _("The import account cannot be changed.")
    if isinstance(actor, SystemActor):
        return None
    if target.pk == actor.pk:
        return _("Ask another administrator to change your own account.")
    if not users_visible_to(actor).filter(pk=target.pk).exists():
        return _("You may not change this user.")
    current = Membership.objects.current().filter(user=target)
    admin_of = administered_municipality_ids(actor)
    if admin_of:
        if current.exclude(municipality_id__in=admin_of).exists():
            return _("This user also has roles in another municipality: ask its administrator.")
        return None
    led = led_unit_ids(actor)
    if current.exclude(unit_id__in=led, role__in=LEADER_ASSIGNABLE).exists():
        return _("Ask an administrator: this user has roles outside your units.")
    return None


def configurable_by(user, model) -> QuerySet:
    """The units, partner organizations or places (`model`) of the municipalities the user
    administers: what she may rename, move or deactivate."""
    return model.objects.filter(municipality_id__in=administered_municipality_ids(user))


def access_configurable(user, model, pk):
    """One unit, partner organization or place the user may configure; else 404."""
    return get_or_404(user, configurable_by(user, model), pk, purpose=Purpose.ADMINISTRATION)


def access_changes_visible_to(user) -> QuerySet[AuditEvent]:
    """Roles given, approved, rejected and ended, accounts made, changed and deactivated, new
    passwords and password-reset e-mails given, in the municipalities the user administers:
    read from the audit log itself."""
    admin_of = administered_municipality_ids(user)
    if not admin_of:
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(
        chain__in=admin_of,
        object_type__in=("org.membership", "org.user"),
        purpose=Purpose.ADMINISTRATION,
    )


def home_municipality(actor) -> Municipality | None:
    """The municipality an admin or leader manages users in (the first, when several)."""
    for m in memberships(actor):
        if m.role in (Role.ADMIN, Role.LEADER):
            return m.municipality
    return None
