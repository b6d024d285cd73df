"""The team around the youth: one page per case with the forms that change the team, and the
answer page of an offered coordinator role. Each POST asks the case's gatekeeper first,
outside the service's transaction (a refused probe keeps its audit row); a refusal shows on
the team page with the form as sent (400)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ungsam.access.models import Purpose
from ungsam.collab import team_selectors, team_services
from ungsam.collab.meeting_selectors import team_meetings_card
from ungsam.collab.team_forms import (
    BtiForm,
    HandoverAnswerForm,
    HandoverOfferForm,
    MemberAddForm,
    MemberEditForm,
    TeamCreateForm,
    TeamSettingsForm,
)
from ungsam.lib.forms import call_service, post_on_page


class _ActionForm(forms.Form):
    """A button without fields (remove a member, cancel an offer): carries the refusal."""

    def __init__(self):
        super().__init__({})


def _team_context(request, pk, **forms):
    page = team_selectors.team_page(actor=request.user, case_id=pk)
    case, team = page.case, page.team
    defaults = {}
    if page.may_write and team is None:
        defaults["create_form"] = TeamCreateForm(
            initial={"role": _("Contact person"), "coordinating_service": case.unit.service_code}
        )
    if page.may_write and team is not None:
        defaults["add_form"] = MemberAddForm(candidates=page.candidates)
        defaults["settings_form"] = TeamSettingsForm(
            initial={
                "coordinating_service": team.coordinating_service,
                "child_coordinator": team.child_coordinator,
            }
        )
        defaults["bti_form"] = BtiForm(initial={"bti_level": team.bti_level})
        defaults["offer_form"] = HandoverOfferForm(members=page.current)
    writes_team = page.may_write and team is not None
    shown = {
        "create_form": page.may_write and team is None,
        "add_form": writes_team,
        "settings_form": writes_team,
        "bti_form": writes_team,
        "offer_form": writes_team and page.open_handover is None and len(page.current) > 1,
    }
    for key, form in forms.items():
        if not shown.get(key):
            # Its section is not on the page (a button, or a form the page no longer shows):
            # the refusal goes to the top.
            defaults["refused_form"] = form
        if key == "add_form":
            form.fields["seat"].choices = (
                MemberAddForm(candidates=page.candidates).fields["seat"].choices
            )
        if key == "offer_form":
            form.fields["to_member"].choices = (
                HandoverOfferForm(members=page.current).fields["to_member"].choices
            )
        defaults[key] = form
    if team is not None:  # the next and overdue meetings (issue 15 item 4)
        defaults["meetings"] = team_meetings_card(team=team)
    return {"page": page, "case": case, "team": team, **defaults}


@login_required
def team(request, pk):
    return render(request, "collab/team.html", _team_context(request, pk))


def _post(request, pk, form, form_key, service, done_message, values=None):
    team_selectors.team_for_change(actor=request.user, case_id=pk)

    def page(form):
        context = _team_context(request, pk, **{form_key: form})
        return render(request, "collab/team.html", context, status=400)

    return post_on_page(
        request,
        form,
        service,
        done_message=done_message,
        done_url=reverse("collab:team", args=[pk]),
        page=page,
        values=values,
        purpose=Purpose.CASEWORK,
        case_id=pk,
    )


@login_required
@require_POST
def team_create(request, pk):
    return _post(
        request,
        pk,
        TeamCreateForm(request.POST),
        "create_form",
        team_services.team_create,
        _("The team is made. You are its coordinator."),
    )


@login_required
@require_POST
def member_add(request, pk):
    # The choices are the service's to check (it asks the policy again): any key is taken here.
    form = MemberAddForm(request.POST)
    form.fields["seat"].choices = [(request.POST.get("seat", ""), "")]
    values = None
    if form.is_valid():
        data = form.cleaned_data
        values = {
            "seat_key": data["seat"],
            "role": data["role"],
            "responsibility": data["responsibility"],
        }
    return _post(
        request,
        pk,
        form,
        "add_form",
        team_services.team_member_add,
        _("She is on the team."),
        values,
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request, pk, member_pk):
    case, member = team_selectors.member_for_change(
        actor=request.user, case_id=pk, member_id=member_pk
    )
    initial = {"role": member.role, "responsibility": member.responsibility}
    form = MemberEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            team_services.team_member_update,
            actor=request.user,
            purpose=Purpose.CASEWORK,
            case_id=pk,
            member_id=member.pk,
            **form.cleaned_data,
        )
        if done is not None:
            messages.success(request, _("The role and responsibility are saved."))
            return redirect("collab:team", pk=pk)
    status = 400 if request.method == "POST" else 200
    context = {"case": case, "member": member, "form": form}
    return render(request, "collab/team_member_form.html", context, status=status)


@login_required
@require_POST
def member_remove(request, pk, member_pk):
    return _post(
        request,
        pk,
        _ActionForm(),
        "action_form",
        team_services.team_member_remove,
        _("She has left the team."),
        {"member_id": member_pk},
    )


@login_required
@require_POST
def team_settings(request, pk):
    return _post(
        request,
        pk,
        TeamSettingsForm(request.POST),
        "settings_form",
        team_services.team_settings_set,
        _("The coordinating service is saved."),
    )


@login_required
@require_POST
def team_bti(request, pk):
    return _post(
        request,
        pk,
        BtiForm(request.POST),
        "bti_form",
        team_services.team_bti_set,
        _("The BTI level is saved."),
    )


@login_required
@require_POST
def handover_offer(request, pk):
    # Like the seat: the service checks that she is a current member other than the coordinator.
    form = HandoverOfferForm(request.POST)
    form.fields["to_member"].choices = [(request.POST.get("to_member", ""), "")]
    values = None
    if form.is_valid():
        values = {"to_member_id": form.cleaned_data["to_member"], "note": form.cleaned_data["note"]}
    return _post(
        request,
        pk,
        form,
        "offer_form",
        team_services.handover_offer,
        _("The coordinator role is offered. It moves when she accepts."),
        values,
    )


@login_required
@require_POST
def handover_cancel(request, pk, handover_pk):
    return _post(
        request,
        pk,
        _ActionForm(),
        "action_form",
        team_services.handover_cancel,
        _("The offer is cancelled. The coordinator keeps the role."),
        {"handover_id": handover_pk},
    )


@login_required
@require_http_methods(["GET", "POST"])
def handover_answer(request, pk):
    handover = team_selectors.handover_for_answer(
        actor=request.user, handover_id=pk, purpose=Purpose.COLLABORATION
    )
    form = HandoverAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["answer"] == "accept"
        done = call_service(
            form,
            team_services.handover_accept if accept else team_services.handover_decline,
            actor=request.user,
            purpose=Purpose.COLLABORATION,
            handover_id=handover.pk,
        )
        if done is not None:
            messages.success(
                request,
                _("You are now the coordinator.")
                if accept
                else _("You declined. The coordinator keeps the role."),
            )
            return redirect("team:handover_answer", pk=handover.pk)
    status = 400 if request.method == "POST" else 200
    context = {"handover": handover, "case": handover.team.case, "form": form}
    return render(request, "collab/team_handover_answer.html", context, status=status)
