"""Break the glass (DESIGN.md, access rule 7): who may open a case in an emergency, and who sees
and reviews the emergency accesses. The ground itself — the case visible, read-only, while the
access is in force — is a condition in `grants.py`, so every list and gatekeeper honours it.

A worker who cannot see a case cannot know its id, so she never names one: she names the youth
exactly (name and date of birth, or national id), and only open cases of her own units where
she works as case worker or field worker are matched."""

from django.db.models import Q, QuerySet

from ungsam.access.models import Basis, EmergencyAccess
from ungsam.access.policy.cases import cases_visible_to
from ungsam.access.policy.gate import get_or_404
from ungsam.access.policy.grants import Grant, grant_for
from ungsam.access.policy.identity import EMERGENCY_ROLES, led_unit_ids, memberships, unit_ids
from ungsam.cases.models import Case, CaseStatus


def may_break_glass(user) -> bool:
    """Whether she may ask for emergency access at all: a case worker or field worker of a unit
    (not a leader, who sees her unit's cases already; not a partner, analyst or admin)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(unit_ids(user, *EMERGENCY_ROLES))


def searching_membership(user):
    """The role an emergency search is made in (recorded on its row, so the leader of that unit
    sees the search in her log even when it found nobody): her first case worker or field
    worker role."""
    roles = [m for m in memberships(user) if m.role in EMERGENCY_ROLES and m.unit_id]
    return min(roles, key=lambda m: m.pk) if roles else None


def emergency_cases_matching(
    user, *, first_name="", last_name="", birth_date=None, national_id_hash=""
) -> QuerySet[Case]:
    """The open cases of her units whose youth is exactly the one named: by national id (its
    hash), else by first name, last name and date of birth, all three. Nothing for a partial
    name: this is no search engine, only a way to reach a youth she already knows."""
    units = unit_ids(user, *EMERGENCY_ROLES) if may_break_glass(user) else set()
    if national_id_hash:
        youth = Q(youth__national_id_hash=national_id_hash)
    elif first_name.strip() and last_name.strip() and birth_date:
        youth = Q(
            youth__first_name__iexact=first_name.strip(),
            youth__last_name__iexact=last_name.strip(),
            youth__birth_date=birth_date,
        )
    else:
        return Case.objects.none()
    if not units:
        return Case.objects.none()
    return Case.objects.filter(youth, unit_id__in=units, status=CaseStatus.OPEN)


def emergency_opening_grant(user, case: Case) -> Grant | None:
    """The ground on which she opens an emergency access to the case, or None: an open case of
    a unit where she works as case worker or field worker, and one she cannot see already (a
    contact person needs no emergency; an access in force needs no second one)."""
    if not may_break_glass(user) or case.status != CaseStatus.OPEN:
        return None
    if case.unit_id not in unit_ids(user, *EMERGENCY_ROLES):
        return None
    if sees_case_already(user, case):
        return None
    return grant_for(user, Basis.BREAK_GLASS, case.unit_id)


def sees_case_already(user, case: Case) -> bool:
    """Whether she sees the case already, on any ground (an emergency access in force too)."""
    return cases_visible_to(user).filter(pk=case.pk).exists()


def emergency_accesses_of(user) -> QuerySet[EmergencyAccess]:
    """Her own emergency accesses (to see what she opened, and end one early)."""
    if not getattr(user, "is_authenticated", False):
        return EmergencyAccess.objects.none()
    return EmergencyAccess.objects.filter(user=user)


def may_review_emergency_access(user) -> bool:
    return bool(led_unit_ids(user))


def emergency_accesses_visible_to(user) -> QuerySet[EmergencyAccess]:
    """What a leader reviews: the emergency accesses opened in the units she leads (the unit
    of the case when it was opened, so a later transfer does not hide one)."""
    led = led_unit_ids(user)
    if not led:
        return EmergencyAccess.objects.none()
    return EmergencyAccess.objects.filter(unit_id__in=led)


def access_emergency_access(user, pk, *, review: bool = False) -> tuple[EmergencyAccess, Grant]:
    """An emergency access to change, or 404: to review, by a leader of its unit (on her
    leader's grant); to end, by the worker who opened it (on its own ground)."""
    if review:
        access = get_or_404(user, emergency_accesses_visible_to(user), pk)
        return access, grant_for(user, Basis.UNIT_LEADER, access.unit_id)
    access = get_or_404(user, emergency_accesses_of(user).select_related("membership"), pk)
    return access, Grant(Basis.BREAK_GLASS, access.membership)
