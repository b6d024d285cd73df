"""Requests to find a youth: OT's page for a registration (send one, read the answers, mark
them seen), the asked team's list "Requests from OT" and one request with its answer form, and
OT's list of answers not yet seen. Thin: the selectors and services ask the policy."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ungsam.lib.forms import call_service
from ungsam.ot import find_selectors as selectors
from ungsam.ot import find_services as services
from ungsam.ot.find_forms import FindAnswerForm, FindRequestForm


def form_page(request, template: str, page, form, post):
    """A page with its form (None where the user may not write). A POST is refused with 400
    when there is no form or the form is invalid; else `post(form)` runs the service and
    answers with its redirect, or None when refused: the page again with the errors (400)."""
    if request.method == "POST":
        done = post(form) if form is not None and form.is_valid() else None
        if done is not None:
            return done
    status = 400 if request.method == "POST" else 200
    return render(request, template, {"page": page, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def find_requests(request, pk):
    page = selectors.registration_finds(actor=request.user, registration_id=pk)
    form = FindRequestForm(request.POST or None, units=page.units) if page.may_write else None

    def post(form):
        done = call_service(
            form,
            services.find_request_send,
            actor=request.user,
            registration_id=pk,
            outreach_unit_id=form.cleaned_data["outreach_unit"],
            asked=form.cleaned_data["asked"],
        )
        if done is None:
            return None
        messages.success(
            request, _("The request was sent to %(unit)s.") % {"unit": done.outreach_unit}
        )
        return redirect("ot:find_requests", pk=pk)

    return form_page(request, "ot/find_registration.html", page, form, post)


@login_required
@require_POST
def find_seen(request, pk):
    done = services.find_answer_seen(actor=request.user, request_id=pk)
    messages.success(request, _("The answer was marked seen."))
    if request.POST.get("next") == "answers":
        return redirect("ot:find_answers")
    return redirect("ot:find_requests", pk=done.registration_id)


@login_required
@require_GET
def find_list(request):
    page = selectors.finder_list(actor=request.user, page_number=request.GET.get("side"))
    return render(request, "ot/find_list.html", {"page": page, "rows": page.object_list})


@login_required
@require_http_methods(["GET", "POST"])
def find_assignment(request, pk):
    found, _grant = selectors.finder_request(actor=request.user, request_id=pk)
    form = None
    if found.answered_at is None:
        form = FindAnswerForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            done = call_service(
                form,
                services.find_request_answer,
                actor=request.user,
                request_id=pk,
                answer=form.cleaned_data["answer"],
                note=form.cleaned_data["note"],
            )
            if done is not None:
                messages.success(request, _("Thank you. The answer was sent to OT."))
                return redirect("ot:find_list")
    status = 400 if request.method == "POST" else 200
    return render(request, "ot/find_assignment.html", {"req": found, "form": form}, status=status)


@login_required
@require_GET
def find_answers(request):
    rows = selectors.unseen_answers(actor=request.user)
    return render(request, "ot/find_answers.html", {"rows": rows})
