from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ungsam.access.models import Purpose
from ungsam.cases import selectors as case_selectors
from ungsam.lib.forms import call_service
from ungsam.plans import selectors, services
from ungsam.plans.forms import AssessmentForm


@login_required
def assessments(request, pk):
    case, grant, rows, series = selectors.case_assessments(actor=request.user, case_id=pk)
    context = {
        "case": case,
        "may_write": grant.may_write and case.status == "open",
        "assessments": rows,
        "series": series,
        "chart": _chart(series, [a.assessed_on for a in rows]),
    }
    return render(request, "plans/assessments.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_create(request, pk):
    case, _grant = case_selectors.case_for_change(actor=request.user, case_id=pk)
    form = AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            services.assessment_create,
            actor=request.user,
            purpose=Purpose.CASEWORK,
            case_id=pk,
            assessed_on=form.cleaned_data["assessed_on"],
            scores=form.scores(),
            youth_view=form.cleaned_data["youth_view"],
            note=form.cleaned_data["note"],
        )
        if done is not None:
            messages.success(request, _("The assessment was saved."))
            return redirect("plans:assessments", pk=pk)
    status = 400 if request.method == "POST" else 200
    context = {"case": case, "form": form}
    return render(request, "plans/assessment_form.html", context, status=status)


def _chart(series, days, width=120, height=28):
    """A small line per domain (score 1 at the bottom, 5 at the top), one point per
    assessment; a single assessment is a dot."""
    count = len(days)
    lines = []
    for row in series:
        points = []
        for i, score in enumerate(row.scores):
            if score is None:
                continue
            x = 4 if count == 1 else 4 + i * (width - 8) / (count - 1)
            y = height - 4 - (score - 1) * (height - 8) / 4
            points.append((round(x, 1), round(y, 1)))
        lines.append(
            {
                "row": row,
                "points": " ".join(f"{x},{y}" for x, y in points),
                "dots": points,
                "cells": list(zip(days, row.scores, strict=True)),
            }
        )
    return {"width": width, "height": height, "lines": lines}
