"""A unit's inquiries without consent, anonymous guidance and the anonymous case discussion.
Each view asks the policy first (workers and leaders of a unit; everyone else 404), then a
form, a selector or a service. No view reads the register: the name check and the estimate
are selectors."""

from functools import partial
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ungsam.access import policy
from ungsam.access.models import Purpose
from ungsam.collab import inquiry_selectors, inquiry_services
from ungsam.collab.inquiry_forms import (
    DiscussionForm,
    GuidanceRecordForm,
    InquiryFilterForm,
    InquiryForm,
)
from ungsam.lib.forms import call_service


def _units(request) -> list:
    if not policy.may_record_inquiries(request.user):
        raise Http404
    units = list(policy.inquiry_units(request.user))
    if not units:
        raise Http404
    return units


@login_required
def inquiry_list(request):
    units = _units(request)
    form = InquiryFilterForm(request.GET or None, units=units)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    page = inquiry_selectors.inquiry_page(
        actor=request.user,
        page_number=request.GET.get("side"),
        unit_id=filters.get("unit") or None,
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
        service=filters.get("service") or "",
        kind=filters.get("kind") or "",
    )
    query = {k: v for k, v in request.GET.items() if k != "side" and v and k in form.fields}
    context = {
        "form": form,
        "page": page,
        "rows": page.object_list,
        "several_units": len(units) > 1,
        "pager_query": urlencode(query),
    }
    return render(
        request, "collab/inquiries/list.html", context, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def inquiry_create(request):
    units = _units(request)
    form = InquiryForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        # Only the form's fields reach the service: a youth posted beside them is never read.
        done = call_service(
            form,
            partial(inquiry_services.inquiry_record, **form.values()),
            actor=request.user,
            purpose=Purpose.COLLABORATION,
        )
        if done is not None:
            messages.success(request, _("The inquiry was recorded."))
            return redirect("inquiries:list")
    status = 400 if request.method == "POST" else 200
    return render(request, "collab/inquiries/form.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def anonymous_discussion(request):
    units = _units(request)
    schools = inquiry_selectors.register_schools(actor=request.user)
    form = DiscussionForm(request.POST or None, units=units, schools=schools)
    action = request.POST.get("action", "estimate")
    record_form = GuidanceRecordForm(request.POST if action == "record" else None)
    estimate, status = None, 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            values = form.values()
            if action == "record" and record_form.is_valid():
                done = call_service(
                    record_form,
                    partial(
                        inquiry_services.anonymous_guidance_record,
                        **values,
                        **record_form.cleaned_data,
                    ),
                    actor=request.user,
                    purpose=Purpose.COLLABORATION,
                )
                if done is not None:
                    messages.success(
                        request, _("The discussion was recorded as anonymous guidance.")
                    )
                    return redirect("inquiries:list")
            estimate = inquiry_selectors.anonymity_estimate(actor=request.user, **values)
            if action != "record":
                status = 200
    context = {
        "form": form,
        "record_form": record_form,
        "estimate": estimate,
        "limit": settings.SMALL_CELL_LIMIT,
    }
    return render(request, "collab/inquiries/discussion.html", context, status=status)
