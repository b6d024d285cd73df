"""Collaboration requests: on the case (send one, record one that came, read one and answer
one that came) and in the partner's inbox (read, which marks it received, and answer). Thin:
the selectors and services ask the policy."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ungsam.access.models import Purpose
from ungsam.collab import exceptions
from ungsam.collab import request_selectors as selectors
from ungsam.collab import request_services as services
from ungsam.collab.models import RequestStatus
from ungsam.collab.request_forms import (
    RequestAnswerForm,
    RequestIncomingForm,
    RequestSendForm,
    RequestToUnitForm,
)
from ungsam.collab.selectors import recipients_for
from ungsam.lib.forms import call_service


def _done_message(action: str) -> str:
    return {
        "accept": _("The request was accepted."),
        "decline": _("The request was declined."),
        "done": _("The request was marked done."),
    }[action]


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request, pk):
    case, consents, partners = selectors.request_form_choices(actor=request.user, case_id=pk)
    form = RequestSendForm(
        request.POST or None,
        partners=partners,
        consents=consents,
        exceptions=exceptions.configured(),
    )
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            services.request_send,
            actor=request.user,
            purpose=Purpose.COLLABORATION,
            case_id=pk,
            **form.values(),
        )
        if done is not None:
            messages.success(
                request, _("The request was sent to %(to)s.") % {"to": done.partner.name}
            )
            return redirect("cases:case_detail", pk=pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "collab/requests/form.html", {"case": case, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def request_incoming(request, pk):
    case = selectors.case_for_request(actor=request.user, case_id=pk)
    partners, _units = recipients_for(case)
    form = RequestIncomingForm(request.POST or None, partners=partners)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            services.request_record_incoming,
            actor=request.user,
            purpose=Purpose.COLLABORATION,
            case_id=pk,
            **form.values(),
        )
        if done is not None:
            messages.success(request, _("The request was recorded."))
            return redirect("collab:request_detail", pk=pk, request_pk=done.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "collab/requests/incoming_form.html", {"case": case, "form": form}, status=status
    )


def _case_page(request, pk, request_pk, form=None, status=200):
    case, grant, found = selectors.case_request(
        actor=request.user, case_id=pk, request_id=request_pk
    )
    if found.direction == "incoming" and found.status == RequestStatus.SENT and grant.may_write:
        # Sent by a partner through Ungsam: the unit opening it is its receipt.
        services.request_receive(
            actor=request.user, purpose=Purpose.COLLABORATION, request_id=found.pk
        )
        case, grant, found = selectors.case_request(
            actor=request.user, case_id=pk, request_id=request_pk
        )
    answers = (
        grant.may_write
        and found.direction == "incoming"
        and found.status in (RequestStatus.RECEIVED, RequestStatus.ACCEPTED)
    )
    context = {"case": case, "req": found, "answers": answers, "form": form}
    return render(request, "collab/requests/detail.html", context, status=status)


@login_required
@require_GET
def request_detail(request, pk, request_pk):
    return _case_page(request, pk, request_pk)


def _answer(request, request_pk, page):
    form = RequestAnswerForm(request.POST)
    if form.is_valid():
        action = form.cleaned_data["action"]
        done = call_service(
            form,
            services.request_answer,
            actor=request.user,
            purpose=Purpose.COLLABORATION,
            request_id=request_pk,
            action=action,
            text=form.cleaned_data["text"],
        )
        if done is not None:
            messages.success(request, _done_message(action))
            return None
    return page(form)


@login_required
@require_POST
def request_answer(request, pk, request_pk):
    # The gatekeeper first: a request the user may not open answers 404 before anything else.
    selectors.case_request(actor=request.user, case_id=pk, request_id=request_pk)
    refused = _answer(
        request, request_pk, lambda form: _case_page(request, pk, request_pk, form, 400)
    )
    return refused or redirect("collab:request_detail", pk=pk, request_pk=request_pk)


@login_required
@require_GET
def inbox(request):
    page = selectors.inbox(actor=request.user, page_number=request.GET.get("side"))
    return render(request, "collab/requests/inbox.html", {"page": page, "rows": page.object_list})


def _inbox_page(request, pk, form=None, status=200):
    page = selectors.inbox_request(actor=request.user, request_id=pk)
    if page.request.direction == "outgoing" and page.request.status == RequestStatus.SENT:
        # Opening it is receiving it: the unit sees that it arrived, and when.
        page.request = services.request_receive(
            actor=request.user, purpose=Purpose.COLLABORATION, request_id=pk
        )
        selectors.annotate_one(page.request)
    context = {"page": page, "req": page.request, "form": form}
    return render(request, "collab/requests/inbox_detail.html", context, status=status)


@login_required
@require_GET
def inbox_detail(request, pk):
    return _inbox_page(request, pk)


@login_required
@require_POST
def inbox_answer(request, pk):
    selectors.inbox_request(actor=request.user, request_id=pk)
    refused = _answer(request, pk, lambda form: _inbox_page(request, pk, form, 400))
    return refused or redirect("requests:inbox_detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def send_to_unit(request, pk):
    seat = selectors.seat_for_request(actor=request.user, case_id=pk)
    form = RequestToUnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            services.request_from_partner,
            actor=request.user,
            purpose=Purpose.COLLABORATION,
            case_id=pk,
            **form.cleaned_data,
        )
        if done is not None:
            messages.success(
                request, _("The request was sent to %(to)s.") % {"to": seat.team.case.unit.name}
            )
            return redirect("requests:inbox_detail", pk=done.pk)
    status = 400 if request.method == "POST" else 200
    context = {"seat": seat, "case": seat.team.case, "form": form}
    return render(request, "collab/requests/to_unit_form.html", context, status=status)
