"""Writes for deadlines (issue 18, point 4): an OT unit's leader sets its deadlines."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction, Purpose
from ungsam.org.models import Unit
from ungsam.ot.models import OTUnitSettings

DEADLINE_FIELDS = (
    "first_contact_days",
    "follow_up_days_unknown",
    "follow_up_days_guidance",
    "follow_up_days_activity",
)


def ot_deadlines_set(*, actor, unit: Unit, **values) -> OTUnitSettings:
    """Sets the OT unit's deadlines (its leader only; a unit she does not lead is refused).
    Records the fields that changed, as configuration (no youth); nothing changed, nothing
    written. A value out of range raises ValidationError and writes nothing."""
    if set(values) - set(DEADLINE_FIELDS):
        raise ValueError(f"not a deadline: {sorted(set(values) - set(DEADLINE_FIELDS))}")
    if not policy.may_set_ot_deadlines(actor, unit.pk):
        raise PermissionDenied(_("Only the leader of the follow-up service sets its deadlines."))
    with transaction.atomic():
        row = OTUnitSettings.objects.select_for_update().filter(unit=unit).first()
        created = row is None
        if created:
            row = OTUnitSettings(unit=unit)
        changed = tuple(
            name
            for name in DEADLINE_FIELDS
            if name in values and getattr(row, name) != values[name]
        )
        if not changed and not created:
            return row
        for name in changed:
            setattr(row, name, values[name])
        row.changed_at, row.changed_by = timezone.now(), actor
        row.full_clean()
        row.save()
        audit.record(
            actor,
            audit.Entry(
                AuditAction.CREATE if created else AuditAction.UPDATE,
                Purpose.ADMINISTRATION,
                obj=row,
                fields=changed or DEADLINE_FIELDS,
                municipality_id=unit.municipality_id,
                membership=policy.acting_membership(
                    actor, municipality_id=unit.municipality_id, unit_id=unit.pk
                ),
            ),
        )
    return row
