import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from ungsam.access import policy
from ungsam.access.exports import subject_access_json, subject_access_pdf
from ungsam.access.forms import AuditFilterForm
from ungsam.access.selectors import (
    AuditFilter,
    access_changes_page,
    audit_page,
    subject_access_export,
)


def _require(allowed: bool):
    # Pages a role cannot use answer 404, like pages that do not exist: nothing to probe.
    if not allowed:
        raise Http404


@login_required
def audit_log(request):
    _require(policy.may_view_audit_log(request.user))
    form = AuditFilterForm(request.GET or None)
    filters = AuditFilter()
    status = 200
    if form.is_bound:
        if form.is_valid():
            data = form.cleaned_data
            filters = AuditFilter(
                actor=data["actor"],
                action=data["action"],
                youth_id=data["ungdom"],
                date_from=data["date_from"],
                date_to=data["date_to"],
            )
        else:
            status = 400
    result = audit_page(actor=request.user, filters=filters, page_number=request.GET.get("side"))
    query = request.GET.copy()
    query.pop("side", None)
    context = {
        "form": form,
        "page": result.page,
        "groups": result.groups,
        "youth": result.youth,
        "pager_query": query.urlencode(),
    }
    return render(request, "access/audit_log.html", context, status=status)


@login_required
def subject_access(request, pk, fmt):
    youth, rows = subject_access_export(actor=request.user, youth_id=pk)
    filename = f"innsyn-{youth.pk}"
    if fmt == "json":
        body = json.dumps(subject_access_json(youth, rows), ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(subject_access_pdf(youth, rows), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


@login_required
def access_changes(request):
    _require(policy.may_view_access_changes(request.user))
    page, rows = access_changes_page(actor=request.user, page_number=request.GET.get("side"))
    return render(request, "access/access_changes.html", {"page": page, "rows": rows})
