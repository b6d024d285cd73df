"""Fieldwork views (shift)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ungsam.outreach.common import chosen_unit, units_or_404


@login_required
def shift_list(request):
    units = units_or_404(request.user)
    unit = chosen_unit(request, units)
    return render(request, "outreach/shift_list.html", {"unit": unit, "units": units})


@login_required
def staffing_plan(request):
    units = units_or_404(request.user)
    unit = chosen_unit(request, units)
    return render(request, "outreach/staffing_plan.html", {"unit": unit, "units": units})
