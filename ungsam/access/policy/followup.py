"""Deadlines and "nobody followed up" (issue 18, point 4; seed 002): who sets an OT unit's
deadlines, who reads the leader's list of youth without a next step, and whose deadlines a
case worker sees.

The leader's list shows the open cases of the units she leads (rule 1: a leader sees her
unit's cases), so it is read on the unit-leader ground and names every youth shown on one
audit row. A case worker's own deadlines are the OT registrations she is contact person for
(rule 1 again). An OT unit's deadlines are configuration, its leader's to set."""

from django.db.models import QuerySet

from ungsam.access import audit
from ungsam.access.models import AuditAction, Basis
from ungsam.access.policy.grants import grant_for
from ungsam.access.policy.identity import memberships
from ungsam.cases.models import Case, CaseStatus
from ungsam.org.models import Role, Unit, UnitKind


def followup_unit_ids(user) -> set[int]:
    """The active units whose cases the user's "nobody followed up" list covers: those she
    leads, of any kind."""
    return {
        m.unit_id for m in memberships(user) if m.role == Role.LEADER and m.unit and m.unit.active
    }


def may_see_followup_list(user) -> bool:
    return bool(followup_unit_ids(user))


def followup_units(user) -> list[Unit]:
    """Her led units, by name (from the cached memberships: no query)."""
    units = {
        m.unit_id: m.unit
        for m in memberships(user)
        if m.role == Role.LEADER and m.unit and m.unit.active
    }
    return sorted(units.values(), key=lambda u: (u.name, u.pk))


def followup_cases_visible_to(user) -> QuerySet[Case]:
    """The open cases of the units she leads (empty for anyone else)."""
    return Case.objects.filter(unit_id__in=followup_unit_ids(user), status=CaseStatus.OPEN)


def ot_settings_units(user) -> list[Unit]:
    """The active OT units whose deadlines the user sets: the ones she leads."""
    return [u for u in followup_units(user) if u.kind == UnitKind.OT]


def may_set_ot_deadlines(user, unit_id) -> bool:
    return any(u.pk == unit_id for u in ot_settings_units(user))


def own_ot_cases(user) -> QuerySet[Case]:
    """The open cases of OT units she is a contact person for."""
    unit_ids = {m.unit_id for m in memberships(user) if m.unit and m.unit.kind == UnitKind.OT}
    return Case.objects.filter(unit_id__in=unit_ids, status=CaseStatus.OPEN, contacts__user=user)


def record_followup_shown(user, rows, *, purpose: str, fields) -> None:
    """One audit row for a page of the list: each youth named with the ground she was shown
    on — leading her case's unit, or (her own deadlines) being its contact person. `rows` are
    (unit_id, youth_id) pairs."""
    rows = list(rows)
    if not rows:
        return
    led = followup_unit_ids(user)
    grants = {}
    subjects = []
    for unit_id, youth_id in rows:
        basis = Basis.UNIT_LEADER if unit_id in led else Basis.CONTACT_PERSON
        key = (basis, unit_id)
        if key not in grants:
            grants[key] = grant_for(user, basis, unit_id)
        subjects.append(grants[key].subject(youth_id))
    audit.record(
        user,
        audit.Entry(AuditAction.LIST, purpose, subjects=tuple(subjects), fields=tuple(fields)),
    )
