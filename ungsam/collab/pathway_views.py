"""The common service pathway's pages: the admins' configuration of templates and steps (like
the organisation's other catalogs), a case's place on the pathway with its moves, and a
leader's overview of her unit's cases by step. Thin: selectors read, services write; a refusal
shows on the page with the form as sent (400)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ungsam.access import policy
from ungsam.access.models import Purpose
from ungsam.collab import pathway_selectors as selectors
from ungsam.collab import pathway_services as services
from ungsam.collab.pathway_forms import MoveForm, PathwayForm, StepForm
from ungsam.lib.forms import call_service
from ungsam.org.selectors import municipalities_administered

BAR_PITCH = 24
BAR_MAX_WIDTH = 220
LABEL_WIDTH = 190


def _require_admin(request):
    # Pages a role cannot use answer 404, like pages that do not exist.
    if not policy.may_configure_organization(request.user):
        raise Http404


# --- Configuration (admins) ---------------------------------------------------------------


@login_required
def config_list(request):
    _require_admin(request)
    pathways = selectors.pathways_for_admin(actor=request.user)
    return render(request, "collab/pathway/config_list.html", {"pathways": pathways})


@login_required
@require_http_methods(["GET", "POST"])
def pathway_create(request):
    _require_admin(request)
    municipality = municipalities_administered(request.user).first()
    form = PathwayForm(request.POST or None, creating=True)
    if request.method == "POST" and form.is_valid():
        made = call_service(
            form,
            services.pathway_create,
            actor=request.user,
            municipality=municipality,
            **form.cleaned_data,
        )
        if made is not None:
            messages.success(request, _("The pathway was created. Add its steps."))
            return redirect("pathway:pathway_edit", pk=made.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "title": _("New service pathway")}
    return render(request, "collab/pathway/config_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def pathway_edit(request, pk):
    _require_admin(request)
    pathway, steps = selectors.pathway_for_admin(actor=request.user, pathway_id=pk)
    initial = {"name": pathway.name, "description": pathway.description, "active": pathway.active}
    form = PathwayForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form, services.pathway_update, actor=request.user, pathway=pathway, **form.cleaned_data
        )
        if saved is not None:
            messages.success(request, _("The pathway was saved."))
            return redirect("pathway:pathway_edit", pk=pathway.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "pathway": pathway, "steps": steps}
    return render(request, "collab/pathway/config_edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def step_create(request, pk):
    _require_admin(request)
    pathway, _steps = selectors.pathway_for_admin(actor=request.user, pathway_id=pk)
    form = StepForm(
        request.POST or None,
        creating=True,
        initial={"position": selectors.next_position(pathway)},
    )
    if request.method == "POST" and form.is_valid():
        made = call_service(
            form, services.step_create, actor=request.user, pathway=pathway, **form.cleaned_data
        )
        if made is not None:
            messages.success(request, _("The step was added."))
            return redirect("pathway:pathway_edit", pk=pathway.pk)
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "pathway": pathway,
        "title": _("New step on %(name)s") % {"name": pathway.name},
    }
    return render(request, "collab/pathway/config_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def step_edit(request, pk):
    _require_admin(request)
    step = policy.access_pathway_step(request.user, pk)
    initial = {
        name: getattr(step, name)
        for name in ("position", "name", "description", "expected_days", "bti_level", "active")
    }
    initial["responsible_service"] = step.service
    form = StepForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form, services.step_update, actor=request.user, step=step, **form.cleaned_data
        )
        if saved is not None:
            messages.success(request, _("The step was saved."))
            return redirect("pathway:pathway_edit", pk=step.pathway_id)
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "pathway": step.pathway,
        "title": _("Change the step %(name)s") % {"name": step.name},
    }
    return render(request, "collab/pathway/config_form.html", context, status=status)


# --- A case on the pathway ----------------------------------------------------------------


def _case_page(request, pk, form=None, status=200):
    page = selectors.pathway_page(actor=request.user, case_id=pk)
    if page.may_write and page.choices and form is None:
        form = MoveForm(steps=page.choices)
    elif form is not None:
        form.fields["step"].choices = MoveForm(steps=page.choices).fields["step"].choices
    context = {"page": page, "case": page.case, "cp": page.pathway, "form": form}
    return render(request, "collab/pathway/case.html", context, status=status)


@login_required
def case_pathway(request, pk):
    return _case_page(request, pk)


@login_required
@require_POST
def case_move(request, pk):
    case, _grant = selectors.case_for_move(actor=request.user, case_id=pk)
    form = MoveForm(request.POST, steps=selectors.move_choices(case))
    if form.is_valid():
        data = form.cleaned_data
        done = call_service(
            form,
            services.pathway_move,
            actor=request.user,
            purpose=Purpose.CASEWORK,
            case_id=pk,
            step_id=data["step"],
            since=data["since"],
            note=data["note"],
        )
        if done is not None:
            messages.success(request, _("The case is on the step %(name)s.") % {"name": done.step})
            return redirect(reverse("pathway:case", args=[pk]))
    return _case_page(request, pk, form=form, status=400)


# --- The leader's overview ----------------------------------------------------------------


def _chart(rows):
    """Bar geometry for the SVG chart, as attributes (the CSP forbids inline styles)."""
    peak = max((r.count for r in rows), default=0) or 1
    bars = []
    for i, row in enumerate(rows):
        width = round(BAR_MAX_WIDTH * row.count / peak)
        bars.append(
            {
                "label": f"{row.step.position}. {row.step.name}",
                "count": row.count,
                "y": i * BAR_PITCH,
                "text_y": i * BAR_PITCH + 14,
                "x": LABEL_WIDTH,
                "width": width,
                "count_x": LABEL_WIDTH + width + 6,
            }
        )
    return {
        "bars": bars,
        "height": max(len(rows) * BAR_PITCH, BAR_PITCH),
        "width": LABEL_WIDTH + BAR_MAX_WIDTH + 40,
    }


@login_required
def overview(request):
    unit, units = selectors.led_units(actor=request.user, unit_id=request.GET.get("enhet"))
    found = selectors.pathway_overview(actor=request.user, unit=unit)
    context = {"unit": unit, "units": units, "overview": found, "chart": _chart(found.rows)}
    return render(request, "collab/pathway/overview.html", context)
