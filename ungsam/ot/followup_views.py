"""Pages for deadlines and "nobody followed up" (issue 18, point 4): the leader's list, a case
worker's own deadlines, and an OT unit's deadline settings. Thin: forms, selectors, services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ungsam.access import policy
from ungsam.lib.forms import call_service
from ungsam.ot import followup_selectors as selectors
from ungsam.ot import followup_services as services
from ungsam.ot.followup_forms import DeadlinesForm, FollowUpFilterForm
from ungsam.ot.followup_rules import REASONS, Deadlines, reason_label


@login_required
def followup_list(request):
    units = policy.followup_units(request.user)
    if not units:
        raise Http404
    form = FollowUpFilterForm(request.GET or None, units=units)
    unit_id, reason, status = None, "", 200
    if form.is_bound:
        if form.is_valid():
            unit_id, reason = form.cleaned_data["enhet"], form.cleaned_data["grunn"]
        else:
            status = 400
    found = selectors.followup_list(
        actor=request.user,
        today=timezone.localdate(),
        now=timezone.now(),
        unit_id=unit_id,
        reason=reason,
        page_number=request.GET.get("side"),
    )
    query = "&".join(
        f"{name}={value}" for name, value in (("enhet", unit_id or ""), ("grunn", reason)) if value
    )
    context = {
        "form": form,
        "page": found.page,
        "units": found.units,
        "counts": [(reason_label(k), found.counts[k]) for k in REASONS if k in found.counts],
        "pager_query": query,
        "settings_units": policy.ot_settings_units(request.user),
    }
    return render(request, "ot/followup_list.html", context, status=status)


@login_required
def own_deadlines(request):
    if not policy.works_in_ot(request.user):
        raise Http404
    page = selectors.own_deadlines(
        actor=request.user, today=timezone.localdate(), page_number=request.GET.get("side")
    )
    return render(request, "ot/followup_own.html", {"page": page, "pager_query": ""})


@login_required
@require_http_methods(["GET", "POST"])
def deadline_settings(request):
    units = policy.ot_settings_units(request.user)
    chosen = request.POST.get("enhet") or request.GET.get("enhet")
    unit = next((u for u in units if str(u.pk) == str(chosen)), None) if chosen else None
    if unit is None and (chosen or not units):
        raise Http404
    unit = unit or units[0]
    current = Deadlines.of(selectors.settings_of(unit))
    form = DeadlinesForm(request.POST or None, initial=vars(current))
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form, services.ot_deadlines_set, actor=request.user, unit=unit, **form.cleaned_data
        )
        if done is not None:
            messages.success(request, _("The deadlines were saved."))
            return redirect(f"{reverse('ot:deadline_settings')}?enhet={unit.pk}")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "unit": unit, "units": units, "defaults": Deadlines()}
    return render(request, "ot/followup_settings.html", context, status=status)
