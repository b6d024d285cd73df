"""The fieldwork groups: the overview with counts for a period, a group's page with its
sessions, a group's form, retiring a group and recording a session. Each view asks the
policy first (workers and leaders of an outreach unit; everyone else 404)."""

from functools import partial
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ungsam.lib.forms import call_service
from ungsam.outreach import group_selectors, group_services
from ungsam.outreach.common import chosen_unit, units_or_404
from ungsam.outreach.group_forms import GroupForm, PeriodForm, SessionForm


@login_required
def group_list(request):
    units = units_or_404(request.user)
    unit = chosen_unit(request, units)
    form = PeriodForm(request.GET or None)
    date_from, date_to = form.period()
    overview = group_selectors.group_overview(
        actor=request.user, unit=unit, date_from=date_from, date_to=date_to
    )
    context = {
        "unit": unit,
        "units": units,
        "form": form,
        "overview": overview,
        "unit_query": urlencode({"enhet": unit.pk}) if len(units) > 1 else "",
    }
    return render(request, "outreach/group_list.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def group_create(request):
    units = units_or_404(request.user)
    unit = chosen_unit(request, units)
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        group = call_service(
            form,
            partial(group_services.group_create, **form.cleaned_data),
            actor=request.user,
            unit_id=unit.pk,
        )
        if group is not None:
            messages.success(request, _("The group was created."))
            return redirect("outreach:group_detail", pk=group.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "unit": unit, "units": units, "group": None}
    return render(request, "outreach/group_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request, pk):
    group = group_selectors.group_for(actor=request.user, group_id=pk)
    initial = {"name": group.name, "kind": group.kind}
    form = GroupForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            partial(group_services.group_update, **form.cleaned_data),
            actor=request.user,
            group_id=group.pk,
        )
        if done is not None:
            messages.success(request, _("The group was saved."))
            return redirect("outreach:group_detail", pk=group.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "unit": group.unit, "group": group}
    return render(request, "outreach/group_form.html", context, status=status)


@login_required
@require_POST
def group_retire(request, pk):
    group = group_selectors.group_for(actor=request.user, group_id=pk)
    active = request.POST.get("active") == "1"
    group_services.group_set_active(actor=request.user, group_id=group.pk, active=active)
    if active:
        messages.success(request, _("The group was taken up again."))
    else:
        messages.success(request, _("The group was retired. Its sessions still count."))
    return redirect("outreach:group_detail", pk=group.pk)


@login_required
def group_detail(request, pk):
    page = group_selectors.group_page(
        actor=request.user, group_id=pk, page_number=request.GET.get("side")
    )
    return render(
        request,
        "outreach/group_detail.html",
        {"page": page, "group": page.group, "rows": page.sessions},
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request, pk):
    group = group_selectors.group_for(actor=request.user, group_id=pk)
    choices = group_selectors.attendee_choices(actor=request.user, group=group)
    form = SessionForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            partial(group_services.session_record, **form.values()),
            actor=request.user,
            group_id=group.pk,
        )
        if done is not None:
            messages.success(request, _("The session was recorded."))
            return redirect(reverse("outreach:group_detail", kwargs={"pk": group.pk}))
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "group": group}
    return render(request, "outreach/group_session_form.html", context, status=status)
