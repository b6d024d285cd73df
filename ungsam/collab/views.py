from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from ungsam.access.models import Purpose
from ungsam.cases import attachments
from ungsam.collab import guidance, selectors, services
from ungsam.collab.forms import ConsentRecordForm, CoverageForm, WithdrawForm
from ungsam.lib.forms import call_service

WITHDRAWABLE = (guidance.State.VALID, guidance.State.EXPIRING, guidance.State.NOT_YET)


@login_required
def consents(request, pk):
    case, grant, rows = selectors.case_consents(actor=request.user, case_id=pk)
    now = timezone.now()
    partners, units = selectors.recipients_for(case)
    check = CoverageForm(request.GET or None, recipients=selectors.recipient_list(partners, units))
    coverage = None
    if check.is_bound and check.is_valid():
        recipient, category = check.chosen()
        coverage = guidance.explain(rows, recipient, category, now)
    context = {
        "case": case,
        "consents": rows,
        "may_write": grant.may_write and case.status == "open",
        "may_withdraw": grant.may_write,
        "withdrawable": WITHDRAWABLE,
        "labels": guidance.state_labels(),
        "age_guidance": guidance.age_guidance(case.youth.birth_date, timezone.localdate()),
        "check": check,
        "coverage": coverage,
    }
    status = 400 if check.is_bound and not check.is_valid() else 200
    return render(request, "collab/consents.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def consent_create(request, pk):
    case, guardians, partners, units = selectors.consent_form_choices(
        actor=request.user, case_id=pk
    )
    form = ConsentRecordForm(
        request.POST or None,
        request.FILES or None,
        partners=partners,
        units=units,
        guardians=guardians,
    )
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            services.consent_record,
            actor=request.user,
            purpose=Purpose.CASEWORK,
            case_id=pk,
            **form.values(),
        )
        if done is not None:
            messages.success(request, _("The consent was recorded."))
            return redirect("collab:consents", pk=pk)
    status = 400 if request.method == "POST" else 200
    context = {
        "case": case,
        "form": form,
        "age_guidance": guidance.age_guidance(case.youth.birth_date, timezone.localdate()),
    }
    return render(request, "collab/consent_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def consent_withdraw(request, pk, consent_pk):
    # The gatekeeper first, outside the service's transaction: a refused probe keeps its row.
    case, consent = selectors.consent_for_withdrawal(
        actor=request.user, case_id=pk, consent_id=consent_pk
    )
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            services.consent_withdraw,
            actor=request.user,
            purpose=Purpose.CASEWORK,
            case_id=pk,
            consent_id=consent.pk,
            **form.cleaned_data,
        )
        if done is not None:
            messages.success(request, _("The consent was withdrawn. It no longer covers anything."))
            return redirect("collab:consents", pk=pk)
    status = 400 if request.method == "POST" else 200
    context = {
        "case": case,
        "consent": consent,
        "form": form,
        "labels": guidance.state_labels(),
        "may_withdraw": consent.state in WITHDRAWABLE,
    }
    return render(request, "collab/consent_withdraw.html", context, status=status)


@login_required
def consent_print(request, pk, consent_pk):
    case, consent = selectors.consent_of_case(
        actor=request.user, case_id=pk, consent_id=consent_pk, printing=True
    )
    context = {
        "case": case,
        "consent": consent,
        "labels": guidance.state_labels(),
        "today": timezone.localdate(),
    }
    return render(request, "collab/consent_print.html", context)


@login_required
@require_GET
@never_cache
def consent_scan(request, pk, consent_pk):
    try:
        scan, data = selectors.consent_scan_download(
            actor=request.user, case_id=pk, consent_id=consent_pk
        )
    except attachments.AttachmentUnreadable:
        return render(request, "cases/journal_attachment_unreadable.html", status=500)
    response = HttpResponse(data, content_type=scan.content_type)
    response["Content-Disposition"] = content_disposition_header(True, scan.file_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Length"] = str(len(data))
    return response
