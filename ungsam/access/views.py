import json

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ungsam.access import policy, selectors, services
from ungsam.access.exports import subject_access_json, subject_access_pdf
from ungsam.access.forms import (
    AuditFilterForm,
    EmergencyOpenForm,
    EmergencyReviewForm,
    EmergencySearchForm,
)
from ungsam.access.labels import when
from ungsam.access.models import Purpose
from ungsam.access.selectors import (
    AuditFilter,
    access_changes_page,
    audit_page,
    subject_access_export,
)
from ungsam.collab.disclosure_selectors import disclosures_for_export
from ungsam.lib.forms import call_service
from ungsam.people.services import national_id_hash


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
    emergencies = selectors.emergency_accesses_for_export(youth)
    disclosures = disclosures_for_export(youth)
    filename = f"innsyn-{youth.pk}"
    if fmt == "json":
        data = subject_access_json(youth, rows, emergencies, disclosures)
        body = json.dumps(data, ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    else:
        pdf = subject_access_pdf(youth, rows, emergencies, disclosures)
        response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


@login_required
def access_changes(request):
    _require(policy.may_view_access_changes(request.user))
    page, rows = access_changes_page(actor=request.user, page_number=request.GET.get("side"))
    return render(request, "access/access_changes.html", {"page": page, "rows": rows})


# --- Break the glass (access rule 7) ---------------------------------------------------------


def _searched(form) -> dict:
    """The youth named in the form, as the selector and the service take it: the national id
    as its keyed hash (the register finds a number by it, exact match only)."""
    data = form.cleaned_data
    if data.get("national_id"):
        return {"national_id_hash": national_id_hash(data["national_id"])}
    return {
        "first_name": data["first_name"],
        "last_name": data["last_name"],
        "birth_date": data["birth_date"],
    }


@login_required
@require_http_methods(["GET", "POST"])
def emergency_open(request):
    """Name the youth exactly; if there is one open case in her unit she cannot see, give the
    reason and open it read-only for a few hours."""
    _require(policy.may_break_glass(request.user))
    hours = settings.BREAK_GLASS_HOURS
    outcome = None
    status = 200
    opening = request.method == "POST" and "reason" in request.POST
    form = (
        EmergencyOpenForm(request.POST, hours=hours)
        if opening
        else EmergencySearchForm(request.POST or None)
    )
    if request.method == "POST" and form.is_valid():
        if opening:
            access = call_service(
                form,
                services.emergency_access_open,
                actor=request.user,
                purpose=Purpose.CASEWORK,
                reason=form.cleaned_data["reason"],
                **_searched(form),
            )
            if access is not None:
                messages.warning(
                    request,
                    _("Emergency access opened until %(time)s. Everything you read is logged.")
                    % {"time": when(access.expires_at)},
                )
                return redirect("cases:case_detail", pk=access.case_id)
        else:
            outcome = selectors.emergency_search(actor=request.user, **_searched(form))
            if outcome == selectors.SearchOutcome.FOUND:
                form = EmergencyOpenForm(initial={**form.cleaned_data}, hours=hours, data=None)
    if request.method == "POST" and (form.is_bound and form.errors):
        status = 400
    context = {
        "form": form,
        "outcome": outcome,
        "hours": hours,
        "mine": selectors.my_emergency_accesses(actor=request.user),
    }
    return render(request, "access/emergency_open.html", context, status=status)


@login_required
@require_POST
def emergency_end(request, pk):
    form = forms.Form(request.POST)
    done = call_service(
        form, services.emergency_access_end, actor=request.user, purpose=Purpose.CASEWORK,
        access_id=pk,
    )  # fmt: skip
    if done is None:
        messages.error(request, " ".join(form.non_field_errors()))
        return redirect("access:emergency_open")
    messages.success(request, _("The emergency access has ended."))
    return redirect("access:emergency_open")


@login_required
def emergency_review_list(request):
    _require(policy.may_review_emergency_access(request.user))
    page, rows = selectors.emergency_review_page(
        actor=request.user, page_number=request.GET.get("side")
    )
    context = {"page": page, "rows": rows, "form": EmergencyReviewForm(), "now": timezone.now()}
    return render(request, "access/emergency_review.html", context)


@login_required
@require_POST
def emergency_review(request, pk):
    _require(policy.may_review_emergency_access(request.user))
    form = EmergencyReviewForm(request.POST)
    if form.is_valid():
        done = call_service(
            form,
            services.emergency_access_review,
            actor=request.user,
            purpose=Purpose.AUDIT_REVIEW,
            access_id=pk,
            review=form.cleaned_data["review"],
            note=form.cleaned_data["note"],
        )
        if done is not None:
            messages.success(request, _("Your assessment of the emergency access is recorded."))
            return redirect("access:emergency_review_list")
    page, rows = selectors.emergency_review_page(actor=request.user)
    context = {
        "page": page,
        "rows": rows,
        "form": EmergencyReviewForm(),
        "failed": form,
        "now": timezone.now(),
    }
    return render(request, "access/emergency_review.html", context, status=400)
