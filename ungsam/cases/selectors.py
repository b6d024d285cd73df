"""Reads of cases. (Counts for statistics live in the stats app.)"""

from django.db.models import Count

from ungsam.access import policy
from ungsam.cases.models import Case, CaseStatus


def open_case_counts_by_unit(*, actor) -> list[dict]:
    """Open cases per unit the actor leads (a leader's view of the load)."""
    return list(
        Case.objects.filter(unit_id__in=policy.led_unit_ids(actor), status=CaseStatus.OPEN)
        .values("unit__name")
        .annotate(n=Count("id"))
        .order_by("unit__name")
    )
