"""Reports of concern sent to child welfare and requests for information received from it, by
month: counts only, in the municipalities the policy lets the actor see, small cells withheld
(seed 004 counts both in the annual report)."""

from datetime import date

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from ungsam.access import policy
from ungsam.concerns.models import ConcernReport, InformationRequest, start_of_day
from ungsam.lib.calendar import months_back


def concern_counts_by_month(*, actor, months: int = 12, today: date | None = None) -> list[dict]:
    """One row per month of the last `months` (oldest first): reports of concern sent, and
    requests for information from child welfare received. Two queries."""
    municipality_ids = policy.statistics_municipality_ids(actor)
    if not municipality_ids:
        return []
    today = today or timezone.localdate()
    first = months_back(today, months - 1)
    reports = dict(
        ConcernReport.objects.filter(
            case__unit__municipality_id__in=municipality_ids,
            sent_at__gte=start_of_day(first),
        )
        .annotate(month=TruncMonth("sent_at", tzinfo=timezone.get_current_timezone()))
        .values("month")
        .annotate(n=Count("id"))
        .values_list("month", "n")
    )
    requests = dict(
        InformationRequest.objects.filter(
            case__unit__municipality_id__in=municipality_ids, received_on__gte=first
        )
        .annotate(month=TruncMonth("received_on"))
        .values("month")
        .annotate(n=Count("id"))
        .values_list("month", "n")
    )
    reports = {(m.year, m.month): n for m, n in reports.items()}
    requests = {(m.year, m.month): n for m, n in requests.items()}
    rows = []
    year, month = first.year, first.month
    for _ in range(months):
        rows.append(
            {
                "month": date(year, month, 1),
                "reports": policy.suppress_small(reports.get((year, month), 0)),
                "requests": policy.suppress_small(requests.get((year, month), 0)),
            }
        )
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return rows
