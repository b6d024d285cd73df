import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ungsam.access import policy
from ungsam.concerns import selectors, services
from ungsam.concerns.forms import (
    AnswerForm,
    ConcernReportForm,
    FeedbackForm,
    InformationRequestForm,
    SendForm,
)
from ungsam.concerns.models import GROUND_HELP, Ground
from ungsam.concerns.pdf import concern_report_pdf
from ungsam.lib.forms import call_service


def _emergency():
    return {"emergency_phone": settings.CHILD_WELFARE_EMERGENCY_PHONE}


@login_required
def case_concerns(request, pk):
    found = selectors.case_concerns(actor=request.user, case_id=pk)
    context = {"found": found, "case": found.case, **_emergency()}
    return render(request, "concerns/case_concerns.html", context)


def _grounds(form):
    """Each ground's checkbox with its plain explanation."""
    boxes = {box.data["value"]: box for box in form["grounds"]}
    return [(boxes[code], GROUND_HELP[Ground(code)]) for code in Ground.values]


def _form_page(request, form, choices, *, report=None, status=200):
    context = {
        "form": form,
        "case": choices.case,
        "unit": choices.unit,
        "grounds": _grounds(form),
        "report": report,
        **_emergency(),
    }
    return render(request, "concerns/report_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request, pk):
    choices = selectors.report_form_choices(actor=request.user, case_id=pk)
    youth = choices.case.youth
    if services.age_on(youth, timezone.localdate()) >= services.ADULT_AGE:
        status = 400 if request.method == "POST" else 200
        return render(request, "concerns/adult.html", {"case": choices.case}, status=status)
    membership = choices.grant.membership
    initial = {
        "reporter_role": membership.get_role_display() if membership else "",
        "reporter_email": request.user.email,
        "interpreter": youth.language if youth.interpreter_needed else "",
    }
    if len(choices.recipients) == 1:
        initial["recipient"] = str(choices.recipients[0].pk)
    form = ConcernReportForm(
        request.POST or None,
        initial=initial,
        recipients=choices.recipients,
        guardians=choices.guardians,
    )
    if request.method == "POST" and form.is_valid():
        report = call_service(
            form,
            services.concern_report_create,
            actor=request.user,
            case_id=pk,
            **form.values(),
        )
        if report is not None:
            messages.success(request, _("The report was saved as a draft. Check it, then send it."))
            return redirect("concerns:report_detail", pk=report.pk)
    return _form_page(request, form, choices, status=400 if request.method == "POST" else 200)


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request, pk):
    report, _grant = selectors.report_for_edit(actor=request.user, report_id=pk)
    choices = selectors.report_form_choices(actor=request.user, report=report)
    form = ConcernReportForm(
        request.POST or None,
        initial=ConcernReportForm.initial_from(report),
        recipients=choices.recipients,
        guardians=choices.guardians,
    )
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form, services.concern_report_update, actor=request.user, report_id=pk, **form.values()
        )
        if done is not None:
            messages.success(request, _("The draft was saved."))
            return redirect("concerns:report_detail", pk=pk)
    status = 400 if request.method == "POST" else 200
    return _form_page(request, form, choices, report=report, status=status)


def _detail_page(request, report, grant, *, send_form=None, feedback_form=None, status=200):
    may_send = report.is_draft and report.author_id == request.user.pk
    context = {
        "report": report,
        "case": report.case,
        "may_send": may_send,
        "send_form": send_form or (SendForm() if may_send else None),
        "feedback_form": feedback_form
        or (None if report.is_draft else FeedbackForm(initial=FeedbackForm.initial_from(report))),
        **_emergency(),
    }
    return render(request, "concerns/report_detail.html", context, status=status)


@login_required
def report_detail(request, pk):
    report, grant = selectors.report_detail(actor=request.user, report_id=pk)
    return _detail_page(request, report, grant)


@login_required
@require_POST
def report_send(request, pk):
    selectors.own_draft(actor=request.user, report_id=pk)  # her own draft, else 404
    form = SendForm(request.POST)
    if form.is_valid():
        done = call_service(
            form, services.concern_report_send, actor=request.user, report_id=pk, **form.values()
        )
        if done is not None:
            messages.success(
                request,
                _("Recorded as sent. Child welfare must confirm receipt within three weeks."),
            )
            return redirect("concerns:report_detail", pk=pk)
    report, grant = selectors.report_detail(actor=request.user, report_id=pk)
    return _detail_page(request, report, grant, send_form=form, status=400)


@login_required
@require_POST
def report_feedback(request, pk):
    form = FeedbackForm(request.POST)
    if form.is_valid():
        done = call_service(
            form,
            services.concern_report_feedback,
            actor=request.user,
            report_id=pk,
            **form.values(),
        )
        if done is not None:
            messages.success(request, _("The feedback from child welfare was recorded."))
            return redirect("concerns:report_detail", pk=pk)
    report, grant = selectors.report_detail(actor=request.user, report_id=pk)
    return _detail_page(request, report, grant, feedback_form=form, status=400)


def _download(body, content_type, filename):
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def report_json(request, pk):
    _report, doc = selectors.report_document(actor=request.user, report_id=pk)
    body = json.dumps(doc, ensure_ascii=False, indent=2)
    return _download(body, "application/json; charset=utf-8", f"bekymringsmelding-{pk}.json")


@login_required
def report_pdf(request, pk):
    report, doc = selectors.report_document(actor=request.user, report_id=pk)
    return _download(
        concern_report_pdf(report, doc), "application/pdf", f"bekymringsmelding-{pk}.pdf"
    )


@login_required
def report_list(request):
    if not policy.follows_cases(request.user):
        raise Http404
    page = selectors.report_list(actor=request.user, page_number=request.GET.get("side"))
    return render(request, "concerns/report_list.html", {"page": page, "rows": page.object_list})


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request, pk):
    case, partners = selectors.request_form_choices(actor=request.user, case_id=pk)
    form = InformationRequestForm(request.POST or None, partners=partners)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            services.information_request_record,
            actor=request.user,
            case_id=pk,
            **form.values(),
        )
        if done is not None:
            messages.success(request, _("The request from child welfare was recorded."))
            return redirect("concerns:case_concerns", pk=pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "concerns/request_form.html", {"form": form, "case": case}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_answer(request, pk):
    info = selectors.request_for_answer(actor=request.user, request_id=pk)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            services.information_request_answer,
            actor=request.user,
            request_id=pk,
            **form.cleaned_data,
        )
        if done is not None:
            messages.success(request, _("The answer was recorded."))
            return redirect("concerns:case_concerns", pk=info.case.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "info": info, "case": info.case}
    return render(request, "concerns/request_answer.html", context, status=status)
