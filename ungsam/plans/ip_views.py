"""The individual plan's pages: the plan of a case, the form that makes or changes it, ending it,
a print view for A4 and a PDF for the youth. Thin: the selectors and services ask the policy."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ungsam.access.models import Purpose
from ungsam.lib.forms import call_service
from ungsam.plans import ip_selectors, ip_services
from ungsam.plans.ip_forms import EndPlanForm, IndividualPlanForm
from ungsam.plans.ip_pdf import individual_plan_pdf


@login_required
@require_GET
def individual_plan(request, pk):
    page = ip_selectors.case_individual_plan(actor=request.user, case_id=pk)
    context = {"page": page, "case": page.case, "end_form": EndPlanForm()}
    return render(request, "plans/ip/plan.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def individual_plan_edit(request, pk):
    page = ip_selectors.individual_plan_for_change(actor=request.user, case_id=pk)
    if not page.may_write:
        raise Http404  # a closed case's plan is history
    form = IndividualPlanForm(
        request.POST or None, members=page.members, plan=page.plan, action_plan=page.action_plan
    )
    if request.method == "POST" and form.is_valid():
        if page.plan is None:
            service, done_message = ip_services.individual_plan_create, _("The plan was made.")
        else:
            service, done_message = ip_services.individual_plan_update, _("The plan was saved.")
        done = call_service(
            form,
            service,
            actor=request.user,
            purpose=Purpose.CASEWORK,
            case_id=pk,
            **form.values(),
        )
        if done is not None:
            messages.success(request, done_message)
            return redirect("plans:individual_plan", pk=pk)
    status = 400 if request.method == "POST" else 200
    context = {"page": page, "case": page.case, "form": form}
    return render(request, "plans/ip/plan_form.html", context, status=status)


@login_required
@require_POST
def individual_plan_end(request, pk):
    # The gatekeeper first: a refused probe answers 404 before the form is read.
    page = ip_selectors.individual_plan_for_change(actor=request.user, case_id=pk)
    form = EndPlanForm(request.POST)
    if form.is_valid():
        done = call_service(
            form,
            ip_services.individual_plan_end,
            actor=request.user,
            purpose=Purpose.CASEWORK,
            case_id=pk,
            reason=form.cleaned_data["reason"],
        )
        if done is not None:
            messages.success(request, _("The plan was ended. It is kept as history."))
            return redirect("plans:individual_plan", pk=pk)
    page = ip_selectors.case_individual_plan(actor=request.user, case_id=pk)
    context = {"page": page, "case": page.case, "end_form": form}
    return render(request, "plans/ip/plan.html", context, status=400)


@login_required
@require_GET
def individual_plan_print(request, pk):
    page = ip_selectors.case_individual_plan(actor=request.user, case_id=pk, printing=True)
    if page.plan is None:
        raise Http404
    context = {"page": page, "case": page.case, "today": timezone.localdate()}
    return render(request, "plans/ip/plan_print.html", context)


@login_required
@require_GET
def individual_plan_download(request, pk):
    page = ip_selectors.individual_plan_pdf(actor=request.user, case_id=pk)
    if page.plan is None:
        raise Http404
    data = individual_plan_pdf(page)
    response = HttpResponse(data, content_type="application/pdf")
    name = f"individuell-plan-{page.case.pk}.pdf"
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
