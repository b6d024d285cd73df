from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ungsam.access.models import Purpose
from ungsam.cases import selectors as case_selectors
from ungsam.lib.forms import call_service
from ungsam.plans import selectors, services
from ungsam.plans.forms import (
    AssessmentForm,
    GoalForm,
    MeasureForm,
    ReviewForm,
    ScheduleReviewForm,
)


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


# --- Action plans -----------------------------------------------------------------------------


def _plan_context(request, pk, printing=False):
    case, grant, plan = selectors.case_action_plan(
        actor=request.user, case_id=pk, printing=printing
    )
    return {
        "case": case,
        "plan": plan,
        "may_write": grant.may_write and case.status == "open",
        "today": timezone.localdate(),
    }


@login_required
def action_plan(request, pk):
    context = _plan_context(request, pk)
    plan = context["plan"]
    context["schedule_form"] = ScheduleReviewForm(
        initial={"next_review_on": plan.next_review_on if plan else None}
    )
    return render(request, "plans/action_plan.html", context)


@login_required
def action_plan_print(request, pk):
    context = _plan_context(request, pk, printing=True)
    return render(request, "plans/action_plan_print.html", context)


def _form_page(request, template, context, status_ok=200):
    status = 400 if request.method == "POST" else status_ok
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def goal_create(request, pk):
    case, _grant = case_selectors.case_for_change(actor=request.user, case_id=pk)
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            services.goal_create,
            actor=request.user,
            purpose=Purpose.CASEWORK,
            case_id=pk,
            **form.cleaned_data,
        )
        if done is not None:
            messages.success(request, _("The goal was added to the plan."))
            return redirect("plans:action_plan", pk=pk)
    return _form_page(request, "plans/goal_form.html", {"case": case, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request, pk, goal_pk):
    case, goal = selectors.goal_for_change(actor=request.user, case_id=pk, goal_id=goal_pk)
    form = GoalForm(request.POST or None, instance=goal)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            services.goal_update,
            actor=request.user,
            purpose=Purpose.CASEWORK,
            case_id=pk,
            goal_id=goal.pk,
            **form.cleaned_data,
        )
        if done is not None:
            messages.success(request, _("The goal was saved."))
            return redirect("plans:action_plan", pk=pk)
    context = {"case": case, "form": form, "goal": goal}
    return _form_page(request, "plans/goal_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def measure_create(request, pk):
    case, _grant = case_selectors.case_for_change(actor=request.user, case_id=pk)
    form = MeasureForm(
        request.POST or None,
        types=selectors.measure_type_choices(case=case),
        members=selectors.measure_team_choices(case=case),
    )
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            services.measure_create,
            actor=request.user,
            purpose=Purpose.CASEWORK,
            case_id=pk,
            **form.values(),
        )
        if done is not None:
            messages.success(request, _("The measure was added to the plan."))
            return redirect("plans:action_plan", pk=pk)
    return _form_page(request, "plans/measure_form.html", {"case": case, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def measure_edit(request, pk, measure_pk):
    case, measure = selectors.measure_for_change(
        actor=request.user, case_id=pk, measure_id=measure_pk
    )
    types = selectors.measure_type_choices(case=case, current_id=measure.type_id)
    members = selectors.measure_team_choices(case=case)
    form = MeasureForm(request.POST or None, types=types, members=members, instance=measure)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            services.measure_update,
            actor=request.user,
            purpose=Purpose.CASEWORK,
            case_id=pk,
            measure_id=measure.pk,
            **form.values(),
        )
        if done is not None:
            messages.success(request, _("The measure was saved."))
            return redirect("plans:action_plan", pk=pk)
    context = {"case": case, "form": form, "measure": measure}
    return _form_page(request, "plans/measure_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def review_create(request, pk):
    case, goals = selectors.open_goals_for_review(actor=request.user, case_id=pk)
    form = ReviewForm(request.POST or None, goals=goals)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = call_service(
            form,
            services.review_create,
            actor=request.user,
            purpose=Purpose.CASEWORK,
            case_id=pk,
            held_on=data["held_on"],
            participants=data["participants"],
            progress=form.progress(),
            decisions=data["decisions"],
            next_review_on=data["next_review_on"],
        )
        if done is not None:
            messages.success(request, _("The review was saved."))
            return redirect("plans:action_plan", pk=pk)
    return _form_page(request, "plans/review_form.html", {"case": case, "form": form})


@login_required
@require_http_methods(["POST"])
def review_schedule(request, pk):
    # The gatekeeper first, outside the service's transaction: a refused probe keeps its row.
    case_selectors.case_for_change(actor=request.user, case_id=pk)
    form = ScheduleReviewForm(request.POST)
    if form.is_valid():
        done = call_service(
            form,
            services.review_schedule,
            actor=request.user,
            purpose=Purpose.CASEWORK,
            case_id=pk,
            next_review_on=form.cleaned_data["next_review_on"],
        )
        if done is not None:
            messages.success(request, _("The date of the next review was saved."))
            return redirect("plans:action_plan", pk=pk)
    # A refused date: the plan page again, with the form's message (after the case's gatekeeper).
    context = _plan_context(request, pk)
    if not context["may_write"]:
        raise Http404
    context["schedule_form"] = form
    return render(request, "plans/action_plan.html", context, status=400)
