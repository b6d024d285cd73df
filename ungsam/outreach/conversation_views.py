"""Fieldwork views (conversation)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ungsam.outreach.common import chosen_unit, units_or_404


@login_required
def conversation_list(request):
    units = units_or_404(request.user)
    unit = chosen_unit(request, units)
    return render(request, "outreach/conversation_list.html", {"unit": unit, "units": units})


@login_required
def code_name_list(request):
    units = units_or_404(request.user)
    unit = chosen_unit(request, units)
    return render(request, "outreach/code_name_list.html", {"unit": unit, "units": units})
