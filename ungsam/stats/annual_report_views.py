"""The annual report in the app (issue 17): a leader picks one of her units and a year and
reads the report, exact; an analyst reads any unit's of her municipalities with small counts
withheld. Downloads (PDF, Excel, JSON, HTML) leave the unit: withheld by default, and exact only
when the unit's leader asks for it for internal use, which the audit log records."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ungsam.access import policy
from ungsam.stats.annual_report_audit import record_annual_report
from ungsam.stats.annual_report_content import report_content
from ungsam.stats.annual_report_document import (
    CONTENT_TYPES,
    FORMATS,
    annual_report_file,
    report_and_details,
)
from ungsam.stats.annual_report_render import content_view
from ungsam.stats.forms import AnnualReportForm


def _form(request) -> AnnualReportForm:
    units = policy.annual_report_units(request.user)
    if not units.exists():
        raise Http404
    return AnnualReportForm(request.GET, units=units)


def _page(request, form, *, status=200, report=None, must_suppress=True):
    context = {
        "form": form,
        "report": report,
        "must_suppress": must_suppress,
        "largest": settings.SMALL_CELL_LIMIT - 1,
        "mark": f"<{settings.SMALL_CELL_LIMIT}",
        "formats": [
            ("pdf", _("PDF")),
            ("xlsx", _("Excel")),
            ("html", _("Web page (HTML)")),
            ("json", _("JSON")),
        ],
    }
    return render(request, "stats/annual_report.html", context, status=status)


@login_required
def annual_report(request):
    form = _form(request)
    if not form.is_valid():
        return _page(request, form, status=400)
    unit, year = form.cleaned_data["unit"], form.cleaned_data["year"]
    # The leader reads her own unit's exact figures in the app; nobody else does.
    must_suppress = policy.annual_report_must_suppress(request.user, unit)
    limit = settings.SMALL_CELL_LIMIT if must_suppress else None
    report, details = report_and_details(unit=unit, year=year, limit=limit)
    content = report_content(report, details, unit_name=unit.name, limit=limit)
    record_annual_report(actor=request.user, unit=unit, fmt=None, exact=not must_suppress)
    return _page(request, form, report=content_view(content), must_suppress=must_suppress)


@login_required
def annual_report_download(request):
    form = _form(request)
    fmt = request.GET.get("format", "")
    if form.is_valid() and fmt not in FORMATS:
        form.add_error(None, _("Choose one of the formats PDF, Excel, HTML or JSON."))
    if form.is_valid():
        unit = form.cleaned_data["unit"]
        exact = form.cleaned_data["exact"]
        if exact and policy.annual_report_must_suppress(request.user, unit):
            form.add_error("exact", _("Only the unit's leader can download the exact figures."))
    if not form.is_valid():
        return _page(request, form, status=400)
    year = form.cleaned_data["year"]
    limit = None if exact else settings.SMALL_CELL_LIMIT
    body = annual_report_file(fmt, unit=unit, year=year, limit=limit)
    record_annual_report(actor=request.user, unit=unit, fmt=fmt, exact=exact)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    name = f"arsrapport-{unit.slug or unit.pk}-{year}{'-eksakt' if exact else ''}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
