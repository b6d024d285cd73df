"""Fieldwork views (shifts and the staffing plan): the week's shifts, a shift made, changed or
cancelled, "Start shift now" on the phone, and the plan with planned against held. The unit's
workers and leaders use them; the plan is changed by its leader; everyone else gets 404."""

from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ungsam.access import policy
from ungsam.lib.calendar import monday_of
from ungsam.lib.charts import column_chart
from ungsam.lib.forms import call_service
from ungsam.outreach import shift_selectors as selectors
from ungsam.outreach import shift_services as services
from ungsam.outreach.common import chosen_unit, units_or_404
from ungsam.outreach.shift_forms import (
    BandCreateForm,
    BandForm,
    PeriodForm,
    ShiftForm,
    WeekForm,
)


def _url(name, unit, **params):
    query = {"enhet": unit.pk, **{k: v for k, v in params.items() if v}}
    return f"{reverse(name)}?{urlencode(query)}"


def _week_of(shift) -> str:
    return timezone.localtime(shift.starts_at).date().isoformat()


@login_required
def shift_list(request):
    units = units_or_404(request.user)
    unit = chosen_unit(request, units)
    today = timezone.localdate()
    week = WeekForm(request.GET or None)
    monday = week.monday(today)
    days = selectors.week_shifts(request.user, unit, monday)
    context = {
        "unit": unit,
        "units": units,
        "week_form": week,
        "monday": monday,
        "sunday": monday + timedelta(days=6),
        "week_number": monday.isocalendar().week,
        "this_week": monday == monday_of(today),
        "previous": _url("outreach:shift_list", unit, uke=(monday - timedelta(7)).isoformat()),
        "next": _url("outreach:shift_list", unit, uke=(monday + timedelta(7)).isoformat()),
        "this_week_url": _url("outreach:shift_list", unit),
        "days": days,
        "any_shifts": any(day.rows for day in days),
        "staffing_summary": selectors.week_summary(request.user, unit, monday, today),
        "current": selectors.current_shift(request.user, unit),
        "may_plan": policy.may_plan_staffing(request.user, unit.pk),
    }
    status = 400 if week.is_bound and not week.is_valid() else 200
    return render(request, "outreach/shift_list.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def shift_create(request):
    units = units_or_404(request.user)
    unit = chosen_unit(request, units)
    band = selectors.next_band_times(request.user, unit, timezone.now())
    initial = {"starts": band[0], "ends": band[1]} if band else {}
    form = ShiftForm(request.POST or None, unit=unit, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        shift = call_service(
            form, services.shift_create, actor=request.user, unit=unit, **form.service_values()
        )
        if shift is not None:
            messages.success(request, _("The shift was saved."))
            return redirect(_url("outreach:shift_list", unit, uke=_week_of(shift)))
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "unit": unit, "units": units, "shift": None}
    return render(request, "outreach/shift_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def shift_edit(request, pk):
    shift = selectors.shift_for(request.user, pk)
    unit = shift.unit
    back = _url("outreach:shift_list", unit, uke=_week_of(shift))
    if shift.cancelled_at is not None:
        messages.info(request, _("A cancelled shift cannot be changed."))
        return redirect(back)
    form = ShiftForm(request.POST or None, unit=unit, shift=shift)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form, services.shift_update, actor=request.user, shift=shift, **form.service_values()
        )
        if saved is not None:
            messages.success(request, _("The shift was saved."))
            return redirect(_url("outreach:shift_list", unit, uke=_week_of(saved)))
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "unit": unit, "shift": shift, "back": back}
    return render(request, "outreach/shift_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def shift_cancel(request, pk):
    shift = selectors.shift_for(request.user, pk)
    back = _url("outreach:shift_list", shift.unit, uke=_week_of(shift))
    if request.method == "POST":
        services.shift_cancel(actor=request.user, shift=shift)
        messages.success(request, _("The shift was cancelled."))
        return redirect(back)
    start, end = timezone.localtime(shift.starts_at), timezone.localtime(shift.ends_at)
    context = {"shift": shift, "start": start, "end": end, "back": back}
    return render(request, "outreach/shift_cancel.html", context)


@login_required
@require_POST
def shift_start(request):
    """ "Start shift now": one tap, then back to the list with the shift running."""
    units = units_or_404(request.user)
    unit = chosen_unit(request, units)
    try:
        shift = services.shift_start_now(actor=request.user, unit=unit)
    except ValidationError as exc:
        messages.info(request, " ".join(exc.messages))
    else:
        end = timezone.localtime(shift.ends_at)
        messages.success(
            request, _("Your shift has started. It ends at %(time)s.") % {"time": f"{end:%H:%M}"}
        )
    return redirect(_url("outreach:shift_list", unit))


# --- The staffing plan ---


def _chart(rows, label, *, every):
    """Held shifts (in the plan and outside it) per row, with short labels under the columns."""
    return column_chart([(label(r.first), r.tally.held_total) for r in rows], every=every)


def _week_label(monday) -> str:
    return _("w. %(week)s") % {"week": monday.isocalendar().week}


def _month_label(first) -> str:
    return date_format(first, "b")


@login_required
def staffing_plan(request):
    units = units_or_404(request.user)
    unit = chosen_unit(request, units)
    today = timezone.localdate()
    week = WeekForm({"uke": request.GET.get("uke", "")})
    period = PeriodForm(
        {k: request.GET.get(k, "") for k in ("date_from", "date_to")}
        if ("date_from" in request.GET or "date_to" in request.GET)
        else None
    )
    monday = week.monday(today)
    bands = selectors.bands_of(request.user, unit)
    weeks_from, weeks_to, months_from, months_to = period.span(today)
    compared = selectors.planned_against_held(
        request.user, unit, weeks_from, weeks_to, months_from, months_to, today
    )
    may_plan = policy.may_plan_staffing(request.user, unit.pk)
    context = {
        "unit": unit,
        "units": units,
        "may_plan": may_plan,
        "offer_example": may_plan and not bands,
        "weekdays": selectors.weekday_names(),
        "plan": selectors.plan_table(bands),
        "grid": selectors.week_grid(request.user, unit, monday, today),
        "week_form": week,
        "previous": _url("outreach:staffing_plan", unit, uke=(monday - timedelta(7)).isoformat()),
        "next": _url("outreach:staffing_plan", unit, uke=(monday + timedelta(7)).isoformat()),
        "period_form": period,
        "weeks": compared["weeks"],
        "months": compared["months"],
        "weeks_chart": _chart(compared["weeks"], _week_label, every=4),
        "months_chart": _chart(compared["months"], _month_label, every=3),
    }
    invalid = (week.is_bound and not week.is_valid()) or (period.is_bound and not period.is_valid())
    return render(request, "outreach/staffing_plan.html", context, status=400 if invalid else 200)


def _plan_unit_or_404(request):
    units = units_or_404(request.user)
    unit = chosen_unit(request, units)
    if not policy.may_plan_staffing(request.user, unit.pk):
        raise Http404
    return unit


@login_required
@require_http_methods(["GET", "POST"])
def staffing_band_create(request):
    unit = _plan_unit_or_404(request)
    form = BandCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        made = call_service(
            form, services.staffing_band_create, actor=request.user, unit=unit, **form.cleaned_data
        )
        if made is not None:
            messages.success(request, _("The staffing plan was saved."))
            return redirect(_url("outreach:staffing_plan", unit))
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "unit": unit, "band": None}
    return render(request, "outreach/staffing_band_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def staffing_band_edit(request, pk):
    band = selectors.band_for(request.user, pk)
    initial = {
        "starts": band.starts,
        "ends": band.ends,
        "min_teams": band.min_teams,
        "max_teams": band.max_teams,
    }
    form = BandForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form, services.staffing_band_update, actor=request.user, band=band, **form.cleaned_data
        )
        if saved is not None:
            messages.success(request, _("The staffing plan was saved."))
            return redirect(_url("outreach:staffing_plan", band.unit))
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "unit": band.unit,
        "band": band,
        "weekday": selectors.weekday_names()[band.weekday],
    }
    return render(request, "outreach/staffing_band_form.html", context, status=status)


@login_required
@require_POST
def staffing_band_delete(request, pk):
    band = selectors.band_for(request.user, pk)
    services.staffing_band_delete(actor=request.user, band=band)
    messages.success(request, _("The band was removed from the staffing plan."))
    return redirect(_url("outreach:staffing_plan", band.unit))


@login_required
@require_POST
def staffing_plan_example(request):
    unit = _plan_unit_or_404(request)
    try:
        services.staffing_plan_use_example(actor=request.user, unit=unit)
    except ValidationError as exc:
        messages.info(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The staffing plan was filled in from the example."))
    return redirect(_url("outreach:staffing_plan", unit))
