"""Statistics (DESIGN.md, access rule 5): counts without personal data, small cells withheld."""

from django.conf import settings
from django.db.models import Q, QuerySet

from ungsam.access.policy.identity import (
    all_municipality_ids,
    has_role,
    led_unit_ids,
    memberships,
    municipality_ids,
)
from ungsam.org.models import Role, Unit


def may_view_statistics(user) -> bool:
    return has_role(user, Role.ANALYST, Role.LEADER, Role.ADMIN)


def statistics_municipality_ids(user) -> set[int]:
    return all_municipality_ids(user) if may_view_statistics(user) else set()


def suppress_small(count: int) -> int | None:
    """A count small enough to point at a person is withheld (None) where it leaves the unit."""
    return None if 0 < count < settings.SMALL_CELL_LIMIT else count


def annual_report_units(user) -> QuerySet[Unit]:
    """The units whose annual report the user may see (issue 17): a leader her own units; one
    who sees statistics for a municipality (analyst, admin) its units, with small counts
    withheld (annual_report_must_suppress)."""
    scope = Q(pk__in=led_unit_ids(user))
    overseen = municipality_ids(user, Role.ANALYST, Role.ADMIN)
    if overseen:
        scope |= Q(municipality_id__in=overseen)
    return Unit.objects.filter(scope).select_related("municipality").order_by("name", "pk")


def annual_report_must_suppress(user, unit: Unit) -> bool:
    """Rule 5: only the unit's own leader may see its exact figures (and take them out for
    internal use, which is recorded); for everyone else the report has left the unit."""
    return unit.pk not in led_unit_ids(user)


def annual_report_membership(user, unit: Unit):
    """The role the user sees the unit's annual report in (named on the audit row): her leader
    role in the unit, else her analyst or admin role in its municipality."""
    for m in memberships(user):
        if m.role == Role.LEADER and m.unit_id == unit.pk:
            return m
    for m in memberships(user):
        if m.role in (Role.ANALYST, Role.ADMIN) and m.municipality_id == unit.municipality_id:
            return m
    return None
