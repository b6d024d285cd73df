"""Seeing or downloading a unit's annual report is recorded like every export: counts only, no
youth named, but whether the figures were exact (the leader's choice for internal use) or had
small counts withheld is on the row."""

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction, Purpose


def record_annual_report(*, actor, unit, fmt: str | None, exact: bool) -> None:
    """`fmt` None: the report seen in the app; else the format downloaded."""
    fields = ["annual_report", "exact_figures" if exact else "suppressed_figures"]
    if fmt:
        fields.append(fmt)
    audit.record(
        actor,
        audit.Entry(
            AuditAction.EXPORT if fmt else AuditAction.VIEW,
            Purpose.ADMINISTRATION,
            obj=unit,
            fields=tuple(fields),
            membership=policy.annual_report_membership(actor, unit),
            municipality_id=unit.municipality_id,
        ),
    )
