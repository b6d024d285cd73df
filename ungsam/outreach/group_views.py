"""Fieldwork views (group)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ungsam.outreach.common import chosen_unit, units_or_404


@login_required
def group_list(request):
    units = units_or_404(request.user)
    unit = chosen_unit(request, units)
    return render(request, "outreach/group_list.html", {"unit": unit, "units": units})
