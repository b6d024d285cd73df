"""Fieldwork views: follow-up conversations (oppfølgingssamtaler) and code names. Thin: the
selectors read through the policy, the services write."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ungsam.access import policy
from ungsam.lib.forms import call_service
from ungsam.outreach import code_name_services, conversation_selectors, conversation_services
from ungsam.outreach.common import chosen_unit, units_or_404
from ungsam.outreach.conversation_forms import (
    CodeNameForm,
    CodeNameRegisterForm,
    ConversationFilterForm,
    ConversationForm,
)


def _unit(request):
    units = units_or_404(request.user)
    return chosen_unit(request, units), units


def _with_unit(url_name, unit, units, **kwargs):
    url = reverse(url_name, kwargs=kwargs or None)
    return f"{url}?enhet={unit.pk}" if len(units) > 1 else url


@login_required
def conversation_list(request):
    unit, units = _unit(request)
    start, end = conversation_selectors.default_period(timezone.localdate())
    form = ConversationFilterForm(request.GET or None, initial={"date_from": start, "date_to": end})
    if form.is_bound and form.is_valid():
        filters = form.cleaned_data
    else:
        filters = {"date_from": start, "date_to": end}
    if form.is_bound and not filters.get("date_from") and not filters.get("date_to"):
        filters = {**filters, "date_from": start, "date_to": end}
    found = conversation_selectors.conversation_page(
        actor=request.user, unit=unit, filters=filters, page_number=request.GET.get("side")
    )
    query = {k: v for k, v in request.GET.items() if k != "side" and v}
    context = {
        "unit": unit,
        "units": units,
        "form": form,
        "period": (filters.get("date_from"), filters.get("date_to")),
        "page": found.page,
        "rows": found.page.object_list,
        "totals": found.totals,
        "pager_query": urlencode(query),
        "enhet_query": f"?enhet={unit.pk}" if len(units) > 1 else "",
    }
    return render(
        request, "outreach/conversation_list.html", context, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def conversation_create(request):
    unit, units = _unit(request)
    options = conversation_selectors.conversation_options(actor=request.user, unit=unit)
    initial = {}
    if request.GET.get("kodenavn"):
        initial = {"kind": "code_name", "code_name": request.GET["kodenavn"]}
    form = ConversationForm(request.POST or None, unit=unit, initial=initial, **options)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            conversation_services.conversation_record,
            actor=request.user,
            unit_id=unit.pk,
            **form.values(),
        )
        if done is not None:
            messages.success(request, _("The conversation was recorded."))
            return redirect(_with_unit("outreach:conversation_list", unit, units))
    context = {"unit": unit, "units": units, "form": form, **options}
    status = 400 if request.method == "POST" else 200
    return render(request, "outreach/conversation_form.html", context, status=status)


@login_required
def code_name_list(request):
    unit, units = _unit(request)
    listing = conversation_selectors.code_name_list(actor=request.user, unit=unit)
    context = {
        "unit": unit,
        "units": units,
        "enhet_query": f"?enhet={unit.pk}" if len(units) > 1 else "",
        **listing,
    }
    return render(request, "outreach/code_name_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def code_name_create(request):
    unit, units = _unit(request)
    form = CodeNameForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            code_name_services.code_name_create,
            actor=request.user,
            unit_id=unit.pk,
            **form.values(),
        )
        if done is not None:
            messages.success(request, _("The code name %(code)s was made.") % {"code": done.code})
            return redirect(_with_unit("outreach:code_name_detail", unit, units, pk=done.pk))
        if "code" in form.errors and not form.cleaned_data.get("keep_code"):
            form.ask_keep_code()
    context = {"unit": unit, "units": units, "form": form}
    status = 400 if request.method == "POST" else 200
    return render(request, "outreach/code_name_form.html", context, status=status)


@login_required
def code_name_detail(request, pk):
    unit, units = _unit(request)
    found = conversation_selectors.code_name_page(actor=request.user, unit=unit, code_name_id=pk)
    context = {
        "unit": unit,
        "units": units,
        "found": found,
        "code_name": found.code_name,
        "may_register": policy.may_register_code_names(request.user, unit.pk),
        "may_refer": policy.may_send_referrals(request.user),
        "enhet_query": f"?enhet={unit.pk}" if len(units) > 1 else "",
    }
    return render(request, "outreach/code_name_detail.html", context)


@login_required
@require_POST
def code_name_retire(request, pk):
    unit, units = _unit(request)
    conversation_selectors.code_name_for_change(actor=request.user, unit=unit, code_name_id=pk)
    retired = code_name_services.code_name_retire(actor=request.user, code_name_id=pk)
    messages.success(request, _("The code name %(code)s was retired.") % {"code": retired.code})
    return redirect(_with_unit("outreach:code_name_list", unit, units))


@login_required
@require_http_methods(["GET", "POST"])
def code_name_register(request, pk):
    unit, units = _unit(request)
    code_name = conversation_selectors.code_name_for_change(
        actor=request.user, unit=unit, code_name_id=pk
    )
    may_register = policy.may_register_code_names(request.user, unit.pk)
    # A case worker or leader may name a colleague; a field worker registers the youth she
    # follows herself (case_opening_grant).
    opens_for_others = policy.units_opening_cases(request.user).filter(pk=unit.pk).exists()
    workers = policy.assignable_people(unit.pk)
    form = CodeNameRegisterForm(
        request.POST or None,
        workers=workers if opens_for_others else workers.filter(pk=request.user.pk),
        actor=request.user,
    )
    if request.method == "POST" and form.is_valid():
        case = call_service(
            form,
            code_name_services.code_name_register,
            actor=request.user,
            code_name_id=code_name.pk,
            consent=form.cleaned_data["consent"],
            consent_date=form.cleaned_data["consent_date"],
            youth=form.youth(),
            contact_person=form.cleaned_data["contact_person"],
        )
        if case is not None:
            messages.success(
                request,
                _("%(code)s is registered as a named youth, with a case in %(unit)s.")
                % {"code": code_name.code, "unit": unit},
            )
            return redirect(_with_unit("outreach:code_name_detail", unit, units, pk=code_name.pk))
    context = {
        "unit": unit,
        "units": units,
        "form": form,
        "code_name": code_name,
        "may_register": may_register,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "outreach/code_name_register.html", context, status=status)
