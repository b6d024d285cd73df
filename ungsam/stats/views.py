from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from ungsam.access import policy
from ungsam.collab.models import RequestStatus
from ungsam.stats.concern_selectors import concern_counts_by_month
from ungsam.stats.forms import PeriodForm
from ungsam.stats.inquiry_selectors import inquiries_by_service
from ungsam.stats.selectors import collaborations, open_cases_per_unit

BAR_PITCH = 24
BAR_MAX_WIDTH = 240


@login_required
def statistics(request):
    if not policy.may_view_statistics(request.user):
        raise Http404
    rows = open_cases_per_unit(actor=request.user)
    peak = max((r["count"] or 0 for r in rows), default=0) or 1
    for i, row in enumerate(rows):
        # Geometry for the SVG chart, set as attributes (the CSP forbids inline styles).
        row["y"] = i * BAR_PITCH
        row["text_y"] = i * BAR_PITCH + 14
        row["width"] = round(BAR_MAX_WIDTH * (row["count"] or 0) / peak)
    # The tables of collaboration between services share one period: this year unless asked.
    period_form = PeriodForm(request.GET or None)
    date_from, date_to = period_form.period()
    inquiry_rows, inquiry_totals = inquiries_by_service(
        actor=request.user, date_from=date_from, date_to=date_to
    )
    context = {
        "period_form": period_form,
        "period": (date_from, date_to),
        "collab_rows": collaborations(actor=request.user, date_from=date_from, date_to=date_to),
        "request_statuses": RequestStatus.labels,
        "inquiry_rows": inquiry_rows,
        "inquiry_totals": inquiry_totals,
        "rows": rows,
        "chart_height": len(rows) * BAR_PITCH,
        "limit": settings.SMALL_CELL_LIMIT,
        "largest_hidden": settings.SMALL_CELL_LIMIT - 1,
        "concern_rows": concern_counts_by_month(actor=request.user),
    }
    status = 400 if period_form.errors else 200
    return render(request, "stats/statistics.html", context, status=status)
