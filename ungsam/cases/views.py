from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ungsam.access import policy
from ungsam.access.models import Purpose
from ungsam.cases import selectors, services
from ungsam.cases.alerts import in_tenth_grade, transition_season
from ungsam.cases.forms import (
    AppointmentForm,
    AppointmentOutcomeForm,
    AssignForm,
    CloseForm,
    DecisionForm,
    DiscussionForm,
    PositionForm,
    ReferralForm,
    StatusDateForm,
    TransferForm,
    TransitionForm,
    TriageForm,
    UnitCaseworkForm,
)
from ungsam.cases.models import Transition
from ungsam.collab.meeting_selectors import case_tasks
from ungsam.collab.pathway_selectors import case_pathway
from ungsam.collab.request_selectors import requests_of_case
from ungsam.lib.forms import EARLIEST_DATE, LATEST_DATE, call_service, post_on_page
from ungsam.org import services as org_services
from ungsam.ot import early_warning_selectors


@login_required
@require_http_methods(["GET", "POST"])
def referral_create(request):
    user = request.user
    if not policy.may_send_referrals(user):
        raise Http404
    units = policy.units_receiving_referrals(user)
    initial = {"referrer_name": user.get_full_name(), "referrer_contact": user.email}
    student = request.GET.get("elev")
    if student is not None and request.method == "GET":
        # A counselor refers a flagged student: her figures filled in (her school's only;
        # another's period answers 404, as a missing one).
        initial.update(early_warning_selectors.referral_prefill(actor=user, period_id=student))
    form = ReferralForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data["unit"]
        case = call_service(
            form,
            services.referral_receive,
            actor=user,
            purpose=Purpose.CASEWORK,
            unit=unit,
            youth=form.youth(),
            referral=form.referral(),
        )
        if case is not None:
            messages.success(request, _("The referral was sent to %(unit)s.") % {"unit": unit})
            if policy.leads_unit(user, unit.pk):
                return redirect("cases:case_detail", pk=case.pk)
            return redirect("web:dashboard")
    status = 400 if request.method == "POST" else 200
    return render(request, "cases/referral_form.html", {"form": form}, status=status)


@login_required
def waiting_list(request):
    unit, units = selectors.led_unit(request.user, request.GET.get("enhet"))
    page = selectors.waiting_list(
        actor=request.user, unit=unit, page_number=request.GET.get("side")
    )
    context = {"unit": unit, "units": units, "page": page, "pager_query": f"enhet={unit.pk}"}
    return render(request, "cases/waiting_list.html", context)


def _detail_context(request, pk, **forms):
    detail = selectors.case_detail(actor=request.user, case_id=pk)
    case, grant, contacts = detail.case, detail.grant, detail.contacts
    leads = policy.triage_grant(request.user, case) is not None
    context = {
        "case": case,
        "grant": grant,
        "referrals": detail.referrals,
        "contacts": contacts,
        "history": detail.history,
        "may_write": grant.may_write,
        "leads": leads,
        "appointments": detail.appointments,
        "alerts": detail.alerts,
        "discussions": detail.discussions,
        "transition": detail.transition,
        "pathway": case_pathway(case=case),
        "tenth_grade": in_tenth_grade(case.youth.grade),
        "shows_school": "school" in policy.visible_youth_fields(request.user, case.youth),
        # The "Tasks" section: the team's open meeting actions and plan measures given to members.
        "tasks": case_tasks(case=case),
        "tasks_today": timezone.localdate(),
        "collaboration_requests": requests_of_case(case),
    }
    if grant.may_write and case.status == "open":
        context["appointment_form"] = forms.get("appointment_form") or AppointmentForm()
        context["outcome_form"] = AppointmentOutcomeForm()
        if not any(d.decided_on is None for d in detail.discussions):
            context["discussion_form"] = forms.get("discussion_form") or DiscussionForm()
    if leads and case.status == "open":
        context["triage_form"] = forms.get("triage_form") or TriageForm(
            initial={"complexity": case.complexity, "severity": case.severity}
        )
        context["assign_form"] = forms.get("assign_form") or AssignForm(
            people=policy.assignable_people(case.unit_id),
            initial={"primary": contacts[0].user_id if contacts else None},
        )
    return context


@login_required
def case_detail(request, pk):
    return render(request, "cases/case_detail.html", _detail_context(request, pk))


def _post_on_case(request, pk, form, form_key, service, done_message, **values):
    """A form posted from the case page: the service's refusal shows on that page (400) with
    the form as sent; success goes back to the case with a message. The case's gatekeeper is
    asked first, outside the service's transaction, so a refused probe keeps its audit row."""
    selectors.case_for_change(actor=request.user, case_id=pk)

    def page(form):
        context = _detail_context(request, pk, **{form_key: form})
        return render(request, "cases/case_detail.html", context, status=400)

    return post_on_page(
        request,
        form,
        service,
        done_message=done_message,
        done_url=reverse("cases:case_detail", args=[pk]),
        page=page,
        values=values or None,
        purpose=Purpose.CASEWORK,
        case_id=pk,
    )


@login_required
@require_POST
def case_triage(request, pk):
    selectors.case_for_leader(actor=request.user, case_id=pk)
    return _post_on_case(
        request,
        pk,
        TriageForm(request.POST),
        "triage_form",
        services.case_triage,
        _("The case is triaged and on the waiting list."),
    )


@login_required
@require_POST
def case_assign(request, pk):
    case = selectors.case_for_leader(actor=request.user, case_id=pk)
    form = AssignForm(request.POST, people=policy.assignable_people(case.unit_id))
    values = (
        {"contact_persons": form.people(), "note": form.cleaned_data["note"]}
        if form.is_valid()
        else {}
    )
    return _post_on_case(
        request,
        pk,
        form,
        "assign_form",
        services.case_assign,
        _("The contact persons were saved."),
        **values,
    )


@login_required
@require_POST
def case_activate(request, pk):
    try:
        services.case_activate(actor=request.user, purpose=Purpose.CASEWORK, case_id=pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The case is active."))
    return redirect("cases:case_detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def case_close(request, pk):
    case, _grant = selectors.case_for_change(actor=request.user, case_id=pk)
    if case.status != "open":
        raise Http404
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            services.case_close,
            actor=request.user,
            purpose=Purpose.CASEWORK,
            case_id=pk,
            **form.cleaned_data,
        )
        if done is not None:
            messages.success(request, _("The case is closed."))
            return redirect("cases:case_detail", pk=pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "cases/case_close.html", {"case": case, "form": form}, status=status)


@login_required
def unit_status(request):
    unit, units = selectors.led_unit(request.user, request.GET.get("enhet"))
    date_form = StatusDateForm(request.GET or None)
    on = timezone.localdate()
    status = 200
    if date_form.is_valid() and date_form.cleaned_data["dato"]:
        chosen = date_form.cleaned_data["dato"]
        if EARLIEST_DATE <= chosen <= LATEST_DATE:
            on = chosen
        else:
            date_form.add_error("dato", _("Choose a date between 2000 and 2999."))
            status = 400
    elif request.GET.get("dato"):
        status = 400
    figures = selectors.unit_status(actor=request.user, unit=unit, on=on)
    context = {
        "unit": unit,
        "units": units,
        "status": figures,
        "chart": _weeks_chart(figures.weeks),
        "date_form": date_form,
        "capacity_form": UnitCaseworkForm(
            initial={
                "cases_per_position": unit.cases_per_position,
                "alert_after_no_shows": unit.alert_after_no_shows,
                "alert_after_days_without_contact": unit.alert_after_days_without_contact,
            }
        ),
        "today": timezone.localdate(),
    }
    return render(request, "cases/unit_status.html", context, status=status)


@login_required
@require_POST
def position_set(request, pk):
    form = PositionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("A position percentage is a whole number from 1 to 100."))
    else:
        membership = org_services.membership_set_position(
            actor=request.user, membership_id=pk, percent=form.cleaned_data["position_percent"]
        )
        messages.success(request, _("The position percentage was saved."))
        return redirect(f"{_status_url()}?enhet={membership.unit_id}")
    return redirect(_status_url())


@login_required
@require_POST
def cases_per_position_set(request):
    unit, _units = selectors.led_unit(request.user, request.POST.get("enhet"))
    form = UnitCaseworkForm(request.POST)
    if form.is_valid():
        org_services.unit_set_casework(actor=request.user, unit=unit, **form.cleaned_data)
        messages.success(request, _("The capacity was saved."))
    else:
        messages.error(
            request,
            _(
                "Whole numbers: cases per full position 1–200, no-shows 1–10, days without "
                "contact 1–365."
            ),
        )
    return redirect(f"{_status_url()}?enhet={unit.pk}")


def _status_url():
    return reverse("cases:unit_status")


def _weeks_chart(weeks, height=160, bar=10, gap=8):
    """Two bars per week (waiting, active), scaled to the highest, with a date under every
    third week and the scale's top at the left."""
    top = max([1, *(max(w, f) for _, w, f in weeks)])
    step = 2 * bar + gap
    bars, labels = [], []
    for i, (day, waiting, followed) in enumerate(weeks):
        x = 30 + i * step
        for j, (kind, value) in enumerate((("waiting", waiting), ("followed", followed))):
            h = round(value * (height - 30) / top)
            bars.append({"kind": kind, "x": x + j * bar, "y": height - 20 - h, "w": bar, "h": h})
        if (len(weeks) - 1 - i) % 3 == 0:  # every third week, counting back from the last
            labels.append({"x": x, "y": height - 4, "text": day.strftime("%d.%m")})
    labels.append({"x": 0, "y": 12, "text": str(top)})
    return {"width": 30 + len(weeks) * step, "height": height, "bars": bars, "labels": labels}


@login_required
def work_list(request):
    if not policy.follows_cases(request.user):
        raise Http404
    page = selectors.work_list(actor=request.user, page_number=request.GET.get("side"))
    context = {"page": page}
    return render(request, "cases/work_list.html", context)


@login_required
@require_POST
def case_confirm_situation(request, pk):
    try:
        services.case_confirm_situation(actor=request.user, purpose=Purpose.CASEWORK, case_id=pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The youth's situation is confirmed as of today."))
    return redirect("cases:case_detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def case_transfer(request, pk):
    case = selectors.case_for_leader(actor=request.user, case_id=pk)
    units = policy.units_receiving_referrals(request.user).exclude(pk=case.unit_id)
    form = TransferForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            services.case_transfer,
            actor=request.user,
            purpose=Purpose.CASEWORK,
            case_id=pk,
            **form.cleaned_data,
        )
        if done is not None:
            messages.success(
                request,
                _("The case moved to %(unit)s, onto its waiting list.")
                % {"unit": form.cleaned_data["to_unit"]},
            )
            return redirect("cases:waiting_list")
    status = 400 if request.method == "POST" else 200
    return render(request, "cases/case_transfer.html", {"case": case, "form": form}, status=status)


@login_required
@require_POST
def appointment_add(request, pk):
    selectors.case_for_change(actor=request.user, case_id=pk)
    return _post_on_case(
        request,
        pk,
        AppointmentForm(request.POST),
        "appointment_form",
        services.appointment_add,
        _("The appointment was added."),
    )


@login_required
@require_POST
def appointment_record(request, pk):
    form = AppointmentOutcomeForm(request.POST)
    case_id = selectors.appointment_case_for_change(actor=request.user, appointment_id=pk)
    if not form.is_valid():
        messages.error(request, _("Choose what came of the appointment."))
    else:
        services.appointment_record(
            actor=request.user,
            purpose=Purpose.CASEWORK,
            appointment_id=pk,
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("The outcome was saved."))
    return redirect("cases:case_detail", pk=case_id)


@login_required
@require_POST
def discussion_raise(request, pk):
    form = DiscussionForm(request.POST)
    return _post_on_case(
        request,
        pk,
        form,
        "discussion_form",
        services.discussion_raise,
        _("The case is on the list for the team meeting."),
    )


def _team_meeting_page(request, unit, units, failed=None, status=200):
    meeting = selectors.team_meeting(actor=request.user, unit=unit)
    for item in meeting.raised:
        failed_here = failed is not None and failed[0] == item.pk
        item.form = failed[1] if failed_here else DecisionForm(prefix=f"d{item.pk}")
    context = {"meeting": meeting, "unit": unit, "units": units, "today": timezone.localdate()}
    return render(request, "cases/team_meeting.html", context, status=status)


@login_required
def team_meeting(request):
    unit, units = selectors.working_unit(request.user, request.GET.get("enhet"))
    return _team_meeting_page(request, unit, units)


@login_required
@require_POST
def discussion_decide(request, pk):
    case = selectors.discussion_case_for_change(actor=request.user, discussion_id=pk)
    unit, units = selectors.working_unit(request.user, case.unit_id)
    form = DecisionForm(request.POST, prefix=f"d{pk}")
    if form.is_valid():
        done = call_service(
            form,
            services.discussion_decide,
            actor=request.user,
            purpose=Purpose.CASEWORK,
            discussion_id=pk,
            decision=form.cleaned_data["decision"],
        )
        if done is not None:
            messages.success(request, _("The decision is recorded on the case."))
            return redirect(f"{reverse('cases:team_meeting')}?enhet={unit.pk}")
    return _team_meeting_page(request, unit, units, failed=(pk, form), status=400)


@login_required
def transition_list(request):
    unit, units = selectors.working_unit(request.user, request.GET.get("enhet"))
    school = request.GET.get("skole", "")
    groups, schools = selectors.transition_list(actor=request.user, unit=unit, school=school)
    if school and school not in schools:
        raise Http404
    context = {
        "unit": unit,
        "units": units,
        "groups": groups,
        "schools": schools,
        "school": school,
        "in_season": transition_season(timezone.localdate()),
    }
    return render(request, "cases/transition_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def transition_edit(request, pk):
    case, plan, shows_school = selectors.transition_for_change(actor=request.user, case_id=pk)
    initial = {name: getattr(plan, name) for name in Transition.FIELDS} if plan else {}
    form = TransitionForm(request.POST or None, initial=initial, shows_school=shows_school)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            services.transition_save,
            actor=request.user,
            purpose=Purpose.CASEWORK,
            case_id=pk,
            **form.cleaned_data,
        )
        if done is not None:
            messages.success(request, _("The transition plan is saved."))
            return redirect("cases:case_detail", pk=pk)
    status = 400 if request.method == "POST" else 200
    context = {"case": case, "form": form, "shows_school": shows_school}
    return render(request, "cases/transition_form.html", context, status=status)
