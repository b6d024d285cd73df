"""The import bundle (issue 17, docs/importpakke.md): who may import a unit's history from an
older system.

A leader imports into a unit she leads (the imported youth become closed cases of that unit,
which she sees under rule 1 anyway); the system (`manage.py import_bundle`, run by whoever
runs the server) imports into any unit. Nobody else: not an admin (rule 4: configures, reads
no case content), not a worker, not a partner or analyst."""

from django.db.models import QuerySet

from ungsam.access.audit import SystemActor
from ungsam.access.policy.identity import led_unit_ids, membership_in_unit
from ungsam.org.models import Membership, Role, Unit


def import_membership(actor, unit: Unit) -> Membership | None:
    """The leader membership she imports under, or None."""
    if isinstance(actor, SystemActor) or not getattr(actor, "is_authenticated", False):
        return None
    return membership_in_unit(actor, unit.pk, Role.LEADER)


def may_import_bundle(actor, unit: Unit) -> bool:
    if isinstance(actor, SystemActor):
        return True
    return import_membership(actor, unit) is not None


def units_importing(user) -> QuerySet[Unit]:
    """The active units she may import into: those she leads."""
    return Unit.objects.filter(pk__in=led_unit_ids(user), active=True).order_by("name")
