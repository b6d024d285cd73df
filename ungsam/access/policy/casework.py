"""Casework (the casework issue; DESIGN.md access rule 1): who sends a referral to a unit, who
triages its waiting list and assigns contact persons (the unit's leader), who moves a case on
and closes it (its contact persons and the leader), and who reads a unit's status and sets its
capacity."""

from django.db.models import QuerySet

from ungsam.access import audit
from ungsam.access.audit import SystemActor
from ungsam.access.models import AuditAction, Basis
from ungsam.access.policy.cases import SYSTEM_GRANT
from ungsam.access.policy.grants import Grant, grant_for
from ungsam.access.policy.identity import WORKER_ROLES, led_unit_ids, memberships, unit_ids
from ungsam.org.models import Membership, Role, Unit, User


def referral_grant(actor, unit: Unit) -> Grant | None:
    """The ground on which the actor sends a referral to the unit (recorded on its "created"
    row), or None: a worker or leader of any unit of the municipality, a partner of its
    partner organisations (a school counselor refers from inside Ungsam), or the system."""
    if isinstance(actor, SystemActor):
        return SYSTEM_GRANT
    if not unit.active:
        return None
    for membership in memberships(actor):
        if membership.municipality_id != unit.municipality_id:
            continue
        if membership.role in WORKER_ROLES or membership.role == Role.PARTNER:
            return Grant("", membership)
    return None


def units_receiving_referrals(user) -> QuerySet[Unit]:
    """The units the user may send a referral to: the active units of her municipalities."""
    municipalities = {
        m.municipality_id
        for m in memberships(user)
        if m.role in WORKER_ROLES or m.role == Role.PARTNER
    }
    return Unit.objects.filter(municipality_id__in=municipalities, active=True).order_by("name")


def may_send_referrals(user) -> bool:
    return any(m.role in WORKER_ROLES or m.role == Role.PARTNER for m in memberships(user))


def referring_membership(user) -> Membership | None:
    """The role a referral is sent in: a partner's organisation, else her first unit."""
    ordered = sorted(memberships(user), key=lambda m: (m.role != Role.PARTNER, m.pk))
    return next((m for m in ordered if m.role in (*WORKER_ROLES, Role.PARTNER)), None)


def triage_grant(user, case) -> Grant | None:
    """Triage, contact persons and the waiting list belong to the leader of the case's unit."""
    if case.unit_id in led_unit_ids(user):
        return grant_for(user, Basis.UNIT_LEADER, case.unit_id)
    return None


def waiting_list_units(user) -> QuerySet[Unit]:
    """The units whose waiting list and status the user reads: those she leads."""
    return Unit.objects.filter(pk__in=led_unit_ids(user)).order_by("name")


def leads_unit(user, unit_id) -> bool:
    return unit_id in led_unit_ids(user)


def may_assign(user, case, people) -> bool:
    """Contact persons must work in the case's unit (a case hands them the youth)."""
    people_ids = {p.pk for p in people}
    working = set(
        Membership.objects.active()
        .filter(unit_id=case.unit_id, role__in=WORKER_ROLES)
        .filter(user_id__in=people_ids)
        .values_list("user_id", flat=True)
    )
    return bool(people_ids) and working == people_ids


def unit_workers(unit_id) -> QuerySet[Membership]:
    """The memberships in force of the people who can take the unit's cases."""
    return (
        Membership.objects.active()
        .filter(unit_id=unit_id, role__in=WORKER_ROLES)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "id")
    )


def unit_worker_spells(unit_id) -> QuerySet[Membership]:
    """Every role, past, present or to come, of the people who take (or took) the unit's cases:
    the leader's dashboard reads the unit's positions on any past day from them."""
    return Membership.objects.filter(unit_id=unit_id, role__in=WORKER_ROLES).only(
        "status", "starts_on", "ends_on", "position_percent"
    )


def follows_cases(user) -> bool:
    """Whether the user works in a unit (so has cases and a work list): no query."""
    return bool(unit_ids(user, *WORKER_ROLES))


def working_units(user) -> QuerySet[Unit]:
    """The units whose team meeting and transition list the user takes part in: where she works
    (she sees in them only the cases the policy shows her)."""
    return Unit.objects.filter(pk__in=unit_ids(user, *WORKER_ROLES)).order_by("name")


def works_in_unit(user, unit_id) -> bool:
    return unit_id in unit_ids(user, *WORKER_ROLES)


def assignable_people(unit_id) -> QuerySet[User]:
    """Who may be a contact person of the unit's cases: its workers and leaders in force."""
    return User.objects.filter(pk__in=unit_workers(unit_id).values("user_id")).order_by(
        "last_name", "first_name", "id"
    )


def record_waiting_list_shown(user, unit, youth_ids, *, purpose: str, fields) -> None:
    """One audit row for a page of the unit's waiting list: every youth on it is seen on one
    ground, leading the unit (its cases have no contact person yet), so the grants need no
    query of their own."""
    ids = list(youth_ids)
    if not ids or not leads_unit(user, unit.pk):
        return
    grant = grant_for(user, Basis.UNIT_LEADER, unit.pk)
    audit.record(
        user,
        audit.Entry(
            AuditAction.LIST,
            purpose,
            subjects=tuple(grant.subject(y) for y in ids),
            fields=tuple(fields),
        ),
    )
