"""Outreach fieldwork (issue 16; DESIGN.md access rule 2): a field worker records anonymous
contacts, shifts, anonymous conversations, code names, group head counts and observations for
her unit; named youth only as in rule 1 (their cases).

Fieldwork belongs to outreach units. Its workers (field workers, case workers) and its leaders
record and read their unit's fieldwork; the leader alone keeps the staffing plan. A
conversation or a group attendance with a registered youth is seen only with the case it goes
through (`cases_visible_to`). Partners, analysts and admins see no unit's fieldwork (404)."""

from django.db.models import Q, QuerySet

from ungsam.access.policy.cases import cases_visible_to
from ungsam.access.policy.identity import WORKER_ROLES, led_unit_ids, memberships
from ungsam.org.models import Membership, Unit, UnitKind
from ungsam.outreach.models import (
    CodeName,
    ContactTally,
    Conversation,
    Group,
    GroupAttendance,
    GroupSession,
    Observation,
    Shift,
    StaffingBand,
)


def fieldwork_unit_ids(user) -> set[int]:
    """The outreach units she works in or leads."""
    return {
        m.unit_id
        for m in memberships(user)
        if m.unit_id and m.role in WORKER_ROLES and m.unit.kind == UnitKind.OUTREACH
    }


def fieldwork_units(user) -> QuerySet[Unit]:
    """The active outreach units whose fieldwork she records and reads."""
    return Unit.objects.filter(pk__in=fieldwork_unit_ids(user), active=True).order_by("name")


def may_do_fieldwork(user) -> bool:
    return bool(fieldwork_unit_ids(user))


def fieldwork_membership(user, unit_id) -> Membership | None:
    """Her worker or leader role in the outreach unit (recorded on the audit row), or None."""
    if unit_id not in fieldwork_unit_ids(user):
        return None
    return next(
        (m for m in memberships(user) if m.unit_id == unit_id and m.role in WORKER_ROLES), None
    )


def may_plan_staffing(user, unit_id) -> bool:
    """The staffing plan is the leader's."""
    return unit_id in fieldwork_unit_ids(user) and unit_id in led_unit_ids(user)


def may_register_code_names(user, unit_id) -> bool:
    """Turning a code name into a named youth opens a case in the outreach unit: any of its
    workers and its leader may; `case_opening_grant` holds a field worker to being the case's
    contact person."""
    return unit_id in fieldwork_unit_ids(user)


def leads_fieldwork(user) -> bool:
    return bool(fieldwork_unit_ids(user) & led_unit_ids(user))


def tallies_visible_to(user) -> QuerySet[ContactTally]:
    return ContactTally.objects.filter(unit_id__in=fieldwork_unit_ids(user))


def shifts_visible_to(user) -> QuerySet[Shift]:
    return Shift.objects.filter(unit_id__in=fieldwork_unit_ids(user))


def staffing_bands_visible_to(user) -> QuerySet[StaffingBand]:
    return StaffingBand.objects.filter(unit_id__in=fieldwork_unit_ids(user))


def code_names_visible_to(user) -> QuerySet[CodeName]:
    """Her units' code names. A code name holds nothing that identifies; once registered, the
    youth behind it is seen only through the case (the selector asks `cases_visible_to`)."""
    return CodeName.objects.filter(unit_id__in=fieldwork_unit_ids(user))


def conversations_visible_to(user) -> QuerySet[Conversation]:
    """Her units' anonymous and code-name conversations, and those with a registered youth
    whose case she may see."""
    return Conversation.objects.filter(unit_id__in=fieldwork_unit_ids(user)).filter(
        Q(case__isnull=True) | Q(case__in=cases_visible_to(user))
    )


def groups_visible_to(user) -> QuerySet[Group]:
    return Group.objects.filter(unit_id__in=fieldwork_unit_ids(user))


def group_sessions_visible_to(user) -> QuerySet[GroupSession]:
    return GroupSession.objects.filter(group__unit_id__in=fieldwork_unit_ids(user))


def attendance_visible_to(user) -> QuerySet[GroupAttendance]:
    """Named attendance only where she may see the case; the counts of a group's sessions come
    from `group_sessions_visible_to` and name no one."""
    return GroupAttendance.objects.filter(
        session__group__unit_id__in=fieldwork_unit_ids(user), case__in=cases_visible_to(user)
    )


def observations_visible_to(user) -> QuerySet[Observation]:
    return Observation.objects.filter(unit_id__in=fieldwork_unit_ids(user))
