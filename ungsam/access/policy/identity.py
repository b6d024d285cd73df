"""Who the user is: their memberships in force, and the roles and places those give."""

from django.conf import settings

from ungsam.org.models import Membership, Role

# Roles that read personal data about youth (DESIGN.md, access rule 4).
PERSONAL_DATA_ROLES = frozenset({Role.FIELD_WORKER, Role.CASEWORKER, Role.LEADER, Role.PARTNER})
WORKER_ROLES = (Role.FIELD_WORKER, Role.CASEWORKER, Role.LEADER)
# Roles that may break the glass in their unit (rule 7): a leader sees her unit's cases anyway.
EMERGENCY_ROLES = (Role.CASEWORKER, Role.FIELD_WORKER)


def memberships(user) -> list[Membership]:
    """The user's memberships in force (approved or given directly, started, not ended), read
    once per request (cached on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_ungsam_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.active()
            .filter(user=user)
            .select_related("unit", "partner", "municipality")
            .order_by("id")
        )
        user._ungsam_memberships = cached
    return cached


def forget_memberships(user) -> None:
    """After a change of the user's own memberships within a request."""
    if hasattr(user, "_ungsam_memberships"):
        del user._ungsam_memberships


def roles(user) -> set[str]:
    return {m.role for m in memberships(user)}


def has_role(user, *wanted: str) -> bool:
    return bool(roles(user) & set(wanted))


def unit_ids(user, *wanted_roles: str) -> set[int]:
    return {m.unit_id for m in memberships(user) if m.unit_id and m.role in wanted_roles}


def municipality_ids(user, *wanted_roles: str) -> set[int]:
    return {m.municipality_id for m in memberships(user) if m.role in wanted_roles}


def membership_in_unit(user, unit_id: int, *wanted_roles: str) -> Membership | None:
    """The user's membership in the unit with the first of the wanted roles that they hold."""
    held = {m.role: m for m in memberships(user) if m.unit_id == unit_id}
    return next((held[r] for r in wanted_roles if r in held), None)


def led_unit_ids(user) -> set[int]:
    return unit_ids(user, Role.LEADER)


def administered_municipality_ids(user) -> set[int]:
    return municipality_ids(user, Role.ADMIN)


def all_municipality_ids(user) -> set[int]:
    return {m.municipality_id for m in memberships(user)}


def reads_personal_data(user) -> bool:
    return bool(roles(user) & PERSONAL_DATA_ROLES)


def needs_mfa(user) -> bool:
    return bool(roles(user) & set(settings.MFA_REQUIRED_ROLES))


def is_partner(user) -> bool:
    return has_role(user, Role.PARTNER)


def leads_a_unit(user) -> bool:
    return has_role(user, Role.LEADER)


def acting_membership(user, *, municipality_id: int, unit_id: int | None = None):
    """The role a manager acts in when she changes accounts and roles: her admin role in the
    municipality, else her leader role in the unit (recorded on the audit row)."""
    for m in memberships(user):
        if m.role == Role.ADMIN and m.municipality_id == municipality_id:
            return m
    if unit_id is not None:
        return membership_in_unit(user, unit_id, Role.LEADER)
    return None
