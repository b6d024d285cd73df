"""Reads of cases. Statistics here are counts only, with small cells suppressed."""

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


def my_open_case_count(*, actor) -> int:
    return (
        policy.cases_visible_to(actor).filter(status=CaseStatus.OPEN, contacts__user=actor).count()
    )


def open_case_counts_by_unit(*, actor) -> list[dict]:
    """Open cases per unit the actor leads (a leader's view of the load)."""
    return list(
        Case.objects.filter(unit_id__in=policy.led_unit_ids(actor), status=CaseStatus.OPEN)
        .values("unit__name")
        .annotate(n=Count("id"))
        .order_by("unit__name")
    )
