"""Field observations: the unit's searchable list, recording one, and the trends (a table and
a chart of counts per tag and month), which the unit's leader may share as a PDF. Each view
asks the policy first (workers and leaders of an outreach unit; everyone else 404)."""

from functools import partial
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ungsam.access import policy
from ungsam.lib.charts import bar_chart, column_chart
from ungsam.lib.forms import call_service
from ungsam.outreach import observation_selectors as selectors
from ungsam.outreach import observation_services
from ungsam.outreach.common import chosen_unit, units_or_404
from ungsam.outreach.observation_forms import ObservationFilterForm, ObservationForm, TrendsForm
from ungsam.outreach.observation_pdf import trends_pdf


def _unit_query(unit, units) -> dict:
    return {"enhet": unit.pk} if len(units) > 1 else {}


@login_required
def observation_list(request):
    units = units_or_404(request.user)
    unit = chosen_unit(request, units)
    areas = selectors.areas_of(unit)
    form = ObservationFilterForm(request.GET or None, areas=areas)
    page = selectors.observation_page(
        actor=request.user, unit=unit, page_number=request.GET.get("side"), **form.filters()
    )
    query = {k: v for k, v in request.GET.items() if v and k in form.fields}
    query.update(_unit_query(unit, units))
    context = {
        "unit": unit,
        "units": units,
        "form": form,
        "page": page,
        "rows": page.object_list,
        "pager_query": urlencode(query),
        "unit_query": urlencode(_unit_query(unit, units)),
        "filtered": bool(form.is_bound and any(form.filters().values())),
    }
    return render(
        request, "outreach/observation_list.html", context, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def observation_create(request):
    units = units_or_404(request.user)
    unit = chosen_unit(request, units)
    form = ObservationForm(
        request.POST or None,
        areas=selectors.areas_of(unit),
        shifts=selectors.recent_shifts(actor=request.user, unit=unit),
    )
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            partial(observation_services.observation_record, **form.values()),
            actor=request.user,
            unit_id=unit.pk,
        )
        if done is not None:
            messages.success(request, _("The observation was recorded."))
            query = urlencode(_unit_query(unit, units))
            url = reverse("outreach:observation_list")
            return redirect(f"{url}?{query}" if query else url)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "unit": unit, "units": units}
    return render(request, "outreach/observation_form.html", context, status=status)


def _trends(request):
    units = units_or_404(request.user)
    unit = chosen_unit(request, units)
    form = TrendsForm(request.GET or None, areas=selectors.areas_of(unit))
    area, date_from, date_to = form.choice(selectors.default_period())
    result = selectors.trends(
        actor=request.user, unit=unit, area=area, date_from=date_from, date_to=date_to
    )
    return units, unit, form, result


@login_required
def trends(request):
    units, unit, form, result = _trends(request)
    query = {k: v for k, v in request.GET.items() if v and k in form.fields}
    query.update(_unit_query(unit, units))
    context = {
        "unit": unit,
        "units": units,
        "form": form,
        "trends": result,
        "month_chart": column_chart(
            zip(result.month_labels, result.observations_per_month, strict=True), every=3
        ),
        "tag_chart": bar_chart((t.label, t.total) for t in result.tags),
        "may_share": policy.may_plan_staffing(request.user, unit.pk),
        "pdf_query": urlencode(query),
    }
    return render(request, "outreach/trends.html", context, status=400 if form.errors else 200)


@login_required
def trends_download(request):
    """The trends as a PDF: the unit's leader shares it with SLT partners; others 404."""
    units, unit, form, result = _trends(request)
    if not policy.may_plan_staffing(request.user, unit.pk):
        raise Http404
    if form.errors:
        return trends(request)  # the page with the form's messages, a 400
    selectors.record_trends_export(actor=request.user, unit=unit)
    response = HttpResponse(trends_pdf(result), content_type="application/pdf")
    name = f"trender-{result.date_from:%Y%m%d}-{result.date_to:%Y%m%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
