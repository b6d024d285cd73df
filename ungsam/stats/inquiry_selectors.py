"""Inquiries without consent and anonymous guidance, counted for statistics (seed 004: "antall
henvendelser fra og til andre tjenester der det ikke foreligger samtykke"): by service,
direction and kind for a period, aggregated in the database, counts under the small-cell
limit withheld. No inquiry names anyone; the counts still leave the unit, so small cells are
withheld as everywhere in statistics."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count

from ungsam.access import policy
from ungsam.collab.models import Inquiry, InquiryDirection, InquiryKind
from ungsam.org.models import ServiceCode

# The table's columns, in order: (kind, direction).
COLUMNS = [
    (InquiryKind.INQUIRY, InquiryDirection.INCOMING),
    (InquiryKind.INQUIRY, InquiryDirection.OUTGOING),
    (InquiryKind.ANONYMOUS_GUIDANCE, InquiryDirection.INCOMING),
    (InquiryKind.ANONYMOUS_GUIDANCE, InquiryDirection.OUTGOING),
]


@dataclass
class InquiryRow:
    service: str
    label: str
    counts: list = field(default_factory=list)  # per column; None where withheld


def inquiries_by_service(*, actor, date_from: date, date_to: date) -> tuple[list, list]:
    """Per service with any inquiry in the period (dates inclusive), the count per kind and
    direction, and the column totals, in the actor's municipalities: one query."""
    municipality_ids = policy.statistics_municipality_ids(actor)
    if not municipality_ids:
        return [], []
    grouped = (
        Inquiry.objects.filter(
            unit__municipality_id__in=municipality_ids,
            on_date__gte=date_from,
            on_date__lte=date_to,
        )
        .values("service", "kind", "direction")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {(r["service"], r["kind"], r["direction"]): r["n"] for r in grouped}
    rows, totals = [], [0] * len(COLUMNS)
    for code, label in ServiceCode.choices:
        raw = [counts.get((code, kind, direction), 0) for kind, direction in COLUMNS]
        if not any(raw):
            continue
        totals = [t + n for t, n in zip(totals, raw, strict=True)]
        rows.append(InquiryRow(code, str(label), [policy.suppress_small(n) for n in raw]))
    return rows, [policy.suppress_small(n) for n in totals]
