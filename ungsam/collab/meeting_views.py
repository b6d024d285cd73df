"""The team's meetings: the relay log (stafettlogg) with the forms that plan a meeting and set
the team's rule, one meeting's page with its minutes, participants, actions, approval and
amendments, the owner's action page (outside the case's pages: she may be a partner who
cannot open the case), and a unit leader's default rule. Each POST asks the gatekeeper first,
outside the service's transaction (a refused probe keeps its audit row); a refusal shows on
the page with the form as sent (400)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ungsam.access.models import Purpose
from ungsam.collab import meeting_selectors, meeting_services
from ungsam.collab.meeting_forms import (
    ActionDoneForm,
    ActionForm,
    AmendmentForm,
    MeetingPlanForm,
    MinutesForm,
    ParticipantForm,
    RuleForm,
)
from ungsam.lib.forms import call_service, post_on_page


class _ButtonForm(forms.Form):
    """A button without fields (approve the minutes): carries the refusal."""

    def __init__(self):
        super().__init__({})


def _log_context(request, pk, **forms):
    log = meeting_selectors.relay_log(actor=request.user, case_id=pk)
    context = {"log": log, "case": log.case, "team": log.team}
    if log.may_write and log.team is not None:
        context["plan_form"] = forms.pop("plan_form", None) or MeetingPlanForm(
            initial={"kind": "care_team"}
        )
        rule = log.rule
        # Prefixed: the plan form beside it has a "kind" too (ids are unique on a page).
        context["rule_form"] = forms.pop("rule_form", None) or RuleForm(
            prefix="rule",
            initial={"every_weeks": rule.every_weeks, "kind": rule.kind} if rule else None,
        )
    for form in forms.values():
        context["refused_form"] = form
    return context


@login_required
def relay_log(request, pk):
    return render(request, "collab/meetings/log.html", _log_context(request, pk))


@login_required
def shared_relay_log(request, pk):
    """The relay log as a partner on the team reads it: where a consent shares the plan."""
    log = meeting_selectors.relay_log(actor=request.user, case_id=pk, shared=True)
    context = {"log": log, "case": log.case, "team": log.team}
    return render(request, "collab/meetings/log.html", context)


@login_required
def shared_meeting_detail(request, pk, meeting_pk):
    log, meeting = meeting_selectors.meeting_page(
        actor=request.user, case_id=pk, meeting_id=meeting_pk, shared=True
    )
    context = {"log": log, "case": log.case, "team": log.team, "meeting": meeting}
    return render(request, "collab/meetings/meeting.html", context)


def _post_on_log(request, pk, form, form_key, service, done_message, values=None):
    meeting_selectors.meeting_for_change(actor=request.user, case_id=pk)

    def page(form):
        context = _log_context(request, pk, **{form_key: form})
        return render(request, "collab/meetings/log.html", context, status=400)

    return post_on_page(
        request,
        form,
        service,
        done_message=done_message,
        done_url=reverse("collab:meetings", args=[pk]),
        page=page,
        values=values,
        purpose=Purpose.CASEWORK,
        case_id=pk,
    )


@login_required
@require_POST
def meeting_create(request, pk):
    return _post_on_log(
        request,
        pk,
        MeetingPlanForm(request.POST),
        "plan_form",
        meeting_services.meeting_plan,
        _("The meeting is planned."),
    )


@login_required
@require_POST
def meeting_rule(request, pk):
    return _post_on_log(
        request,
        pk,
        RuleForm(request.POST, prefix="rule"),
        "rule_form",
        meeting_services.meeting_rule_set,
        _("The meeting rule is saved."),
    )


def _meeting_context(request, pk, meeting_pk, **forms):
    log, meeting = meeting_selectors.meeting_page(
        actor=request.user, case_id=pk, meeting_id=meeting_pk
    )
    context = {"log": log, "case": log.case, "team": log.team, "meeting": meeting}
    if log.may_write and not meeting.is_signed:
        context["minutes_form"] = forms.pop("minutes_form", None) or MinutesForm(
            initial={"minutes": meeting.minutes, "decisions": meeting.decisions}
        )
        context["participant_form"] = forms.pop("participant_form", None) or ParticipantForm()
        action_form = forms.pop("action_form", None) or ActionForm(members=log.members)
        action_form.fields["owner"].choices = (
            ActionForm(members=log.members).fields["owner"].choices
        )
        context["action_form"] = action_form
    if log.may_write and meeting.is_signed:
        context["amend_form"] = forms.pop("amend_form", None) or AmendmentForm()
    for form in forms.values():
        context["refused_form"] = form
    return context


@login_required
def meeting_detail(request, pk, meeting_pk):
    return render(
        request, "collab/meetings/meeting.html", _meeting_context(request, pk, meeting_pk)
    )


def _post_on_meeting(request, pk, meeting_pk, form, form_key, service, done_message, values=None):
    meeting_selectors.meeting_for_change(actor=request.user, case_id=pk)

    def page(form):
        context = _meeting_context(request, pk, meeting_pk, **{form_key: form})
        return render(request, "collab/meetings/meeting.html", context, status=400)

    return post_on_page(
        request,
        form,
        service,
        done_message=done_message,
        done_url=reverse("collab:meeting", args=[pk, meeting_pk]),
        page=page,
        values=values,
        purpose=Purpose.CASEWORK,
        case_id=pk,
        meeting_id=meeting_pk,
    )


@login_required
@require_POST
def meeting_minutes(request, pk, meeting_pk):
    return _post_on_meeting(
        request,
        pk,
        meeting_pk,
        MinutesForm(request.POST),
        "minutes_form",
        meeting_services.meeting_minutes_save,
        _("The minutes are saved."),
    )


@login_required
@require_POST
def meeting_participant_add(request, pk, meeting_pk):
    return _post_on_meeting(
        request,
        pk,
        meeting_pk,
        ParticipantForm(request.POST),
        "participant_form",
        meeting_services.meeting_participant_add,
        _("The participant is added."),
    )


@login_required
@require_POST
def meeting_action_add(request, pk, meeting_pk):
    # The owner is the service's to check (a current member of the team): any id is taken here.
    form = ActionForm(request.POST)
    form.fields["owner"].choices = [(request.POST.get("owner", ""), "")]
    values = None
    if form.is_valid():
        data = form.cleaned_data
        values = {"text": data["text"], "owner_id": data["owner"], "deadline": data["deadline"]}
    return _post_on_meeting(
        request,
        pk,
        meeting_pk,
        form,
        "action_form",
        meeting_services.meeting_action_add,
        _("The action is added. It is on the owner's task list."),
        values,
    )


@login_required
@require_POST
def meeting_sign(request, pk, meeting_pk):
    return _post_on_meeting(
        request,
        pk,
        meeting_pk,
        _ButtonForm(),
        "sign_form",
        meeting_services.meeting_sign,
        _("The minutes are approved and locked."),
        {},
    )


@login_required
@require_POST
def meeting_amend(request, pk, meeting_pk):
    return _post_on_meeting(
        request,
        pk,
        meeting_pk,
        AmendmentForm(request.POST),
        "amend_form",
        meeting_services.meeting_amend,
        _("The amendment is added to the minutes."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def action(request, pk):
    found = meeting_selectors.action_page(actor=request.user, action_id=pk)
    form = ActionDoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            meeting_services.meeting_action_done,
            actor=request.user,
            purpose=Purpose.COLLABORATION,
            action_id=found.pk,
            note=form.cleaned_data["note"],
        )
        if done is not None:
            messages.success(request, _("The action is marked done."))
            return redirect("meetings:action", pk=found.pk)
    status = 400 if request.method == "POST" else 200
    context = {
        "action": found,
        "case": found.meeting.team.case,
        "form": form,
        "today": timezone.localdate(),
    }
    return render(request, "collab/meetings/action.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def unit_rule(request, pk):
    unit, rule = meeting_selectors.unit_rule_page(actor=request.user, unit_id=pk)
    initial = {"every_weeks": rule.every_weeks, "kind": rule.kind} if rule else None
    form = RuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            meeting_services.unit_meeting_rule_set,
            actor=request.user,
            purpose=Purpose.ADMINISTRATION,
            unit_id=unit.pk,
            **form.cleaned_data,
        )
        if done is not None:
            messages.success(request, _("The default meeting rule of the unit is saved."))
            return redirect("meetings:unit_rule", pk=unit.pk)
    status = 400 if request.method == "POST" else 200
    context = {"unit": unit, "rule": rule, "form": form}
    return render(request, "collab/meetings/unit_rule.html", context, status=status)
