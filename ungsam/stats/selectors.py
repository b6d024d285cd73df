"""Reads for statistics: counts only, aggregated in the database, in the municipalities the
policy lets the actor see, with counts under the small-cell limit withheld."""

from datetime import datetime, time, timedelta

from django.db.models import Count
from django.utils import timezone

from ungsam.access import policy
from ungsam.cases.models import Case, CaseStatus
from ungsam.collab.models import CollaborationRequest, RequestDirection, RequestStatus
from ungsam.org.models import ServiceCode, Unit


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


def collaborations(*, actor, date_from, date_to) -> list[dict]:
    """Collaboration requests sent from `date_from` to `date_to` (days, both included, in the
    municipality's time zone), counted by service and direction, and within them by where each
    stands now: one grouped query in the database, no personal data. Counts under the
    small-cell limit are withheld (None). These are the `collaborations` the import bundle
    carries."""
    municipality_ids = policy.statistics_municipality_ids(actor)
    if not municipality_ids:
        return []
    start = timezone.make_aware(datetime.combine(date_from, time.min))
    end = timezone.make_aware(datetime.combine(date_to + timedelta(days=1), time.min))
    found = (
        CollaborationRequest.objects.filter(
            case__unit__municipality_id__in=municipality_ids, sent_at__gte=start, sent_at__lt=end
        )
        .values("service", "direction", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    groups: dict[tuple[str, str], dict[str, int]] = {}
    for row in found:
        groups.setdefault((row["service"], row["direction"]), {})[row["status"]] = row["n"]
    services, directions = dict(ServiceCode.choices), dict(RequestDirection.choices)
    rows = []
    for (service, direction), counts in sorted(groups.items()):
        rows.append(
            {
                "service": str(services.get(service, service)),
                "direction": str(directions.get(direction, direction)),
                "statuses": [
                    policy.suppress_small(counts.get(status, 0)) for status in RequestStatus.values
                ],
                "total": policy.suppress_small(sum(counts.values())),
            }
        )
    return sorted(rows, key=lambda r: (r["service"], r["direction"]))
