"""Reads for statistics: counts only, aggregated in the database, in the municipalities the
policy lets the actor see, with counts under the small-cell limit withheld."""

from django.db.models import Count

from ungsam.access import policy
from ungsam.cases.models import Case, CaseStatus
from ungsam.org.models import Unit


def open_cases_per_unit(*, actor) -> list[dict]:
    """Open cases per unit in the actor's municipalities, for statistics without personal data.
    Counts under the small-cell limit are withheld (None)."""
    municipality_ids = policy.statistics_municipality_ids(actor)
    if not municipality_ids:
        return []
    counts = dict(
        Case.objects.filter(unit__municipality_id__in=municipality_ids, status=CaseStatus.OPEN)
        .values("unit_id")
        .annotate(n=Count("id"))
        .values_list("unit_id", "n")
    )
    units = Unit.objects.filter(municipality_id__in=municipality_ids, active=True).order_by("name")
    return [
        {
            "unit": unit.name,
            "kind": unit.get_kind_display(),
            "count": policy.suppress_small(counts.get(unit.pk, 0)),
        }
        for unit in units
    ]
