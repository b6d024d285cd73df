"""Handovers between los and OT, and the fixed collaboration meetings around a youth on the
OT register: from a los case (hand her to OT with the consented summary, or register her
without one), from a registration (hand her back to los; set up the meetings), and the
receiving leader's list, page and acknowledgement. Thin: the selectors and services ask the
policy."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ungsam.lib.forms import call_service
from ungsam.ot import handover_selectors as selectors
from ungsam.ot import handover_services as services
from ungsam.ot.find_views import form_page
from ungsam.ot.handover_forms import HandoverBackForm, HandoverToOTForm, MeetingsSetUpForm


def _handed_over(done) -> str:
    return _("She was handed over to %(unit)s. Its leader acknowledges the handover.") % {
        "unit": done.to_unit
    }


@login_required
@require_http_methods(["GET", "POST"])
def handover_case(request, pk):
    page = selectors.case_handovers(actor=request.user, case_id=pk)
    form = HandoverToOTForm(request.POST or None) if page.may_write else None
    if form is not None and request.POST.get("action") == "register_only":
        try:
            done = services.handover_register_only(actor=request.user, case_id=pk)
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
        else:
            messages.success(
                request,
                _("She was registered with %(unit)s, without a summary.") % {"unit": done.unit},
            )
        return redirect("ot:handover_case", pk=pk)

    def post(form):
        done = call_service(
            form,
            services.handover_to_ot,
            actor=request.user,
            case_id=pk,
            summary=form.cleaned_data["summary"],
        )
        if done is None:
            return None
        messages.success(request, _handed_over(done))
        return redirect("ot:handover_case", pk=pk)

    return form_page(request, "ot/handover_case.html", page, form, post)


@login_required
@require_http_methods(["GET", "POST"])
def handover_back(request, pk):
    page = selectors.registration_handovers(actor=request.user, registration_id=pk)
    form = HandoverBackForm(request.POST or None, units=page.units) if page.may_write else None

    def post(form):
        done = call_service(
            form,
            services.handover_back_to_school,
            actor=request.user,
            registration_id=pk,
            to_unit_id=form.cleaned_data["to_unit"],
            summary=form.cleaned_data["summary"],
        )
        if done is None:
            return None
        messages.success(request, _handed_over(done))
        return redirect("ot:handover_back", pk=pk)

    return form_page(request, "ot/handover_back.html", page, form, post)


@login_required
@require_GET
def handover_received(request):
    page = selectors.handovers_received(actor=request.user, page_number=request.GET.get("side"))
    return render(request, "ot/handover_list.html", {"page": page, "rows": page.object_list})


@login_required
@require_GET
def handover_detail(request, pk):
    handover, _grant = selectors.handover_for_receiver(actor=request.user, handover_id=pk)
    return render(request, "ot/handover_detail.html", {"handover": handover})


@login_required
@require_POST
def handover_acknowledge(request, pk):
    try:
        services.handover_acknowledge(actor=request.user, handover_id=pk)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(request, _("The handover was acknowledged."))
    return redirect("ot:handover_detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def handover_meetings(request, pk):
    page = selectors.registration_meetings(actor=request.user, registration_id=pk)
    form = MeetingsSetUpForm(request.POST or None) if page.may_write else None

    def post(form):
        done = call_service(
            form,
            services.collaboration_meetings_set_up,
            actor=request.user,
            registration_id=pk,
            **form.cleaned_data,
        )
        if done is None:
            return None
        messages.success(request, _("The collaboration meetings are set up."))
        return redirect("ot:handover_meetings", pk=pk)

    return form_page(request, "ot/handover_meetings.html", page, form, post)
