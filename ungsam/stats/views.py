from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from ungsam.access import policy
from ungsam.collab.models import RequestStatus
from ungsam.stats.forms import PeriodForm
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
    # Collaboration requests in a period: this year so far unless asked.
    today = timezone.localdate()
    period = PeriodForm(
        request.GET or {"date_from": today.replace(month=1, day=1), "date_to": today}
    )
    status = 200
    collab_rows = []
    if period.is_valid():
        collab_rows = collaborations(
            actor=request.user,
            date_from=period.cleaned_data["date_from"],
            date_to=period.cleaned_data["date_to"],
        )
    else:
        status = 400
    context = {
        "period": period,
        "collab_rows": collab_rows,
        "request_statuses": RequestStatus.labels,
        "rows": rows,
        "chart_height": len(rows) * BAR_PITCH,
        "limit": settings.SMALL_CELL_LIMIT,
        "largest_hidden": settings.SMALL_CELL_LIMIT - 1,
    }
    return render(request, "stats/statistics.html", context, status=status)
