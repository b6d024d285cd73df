"""The journal's pages: a case's journal with the form for a new entry, an entry with its
versions and attachments, a draft's edit, sign and delete, a correction, and the download of an
attachment. Thin: selectors read, services write, the policy decides inside both."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ungsam.access.models import Purpose
from ungsam.cases import attachments, journal_selectors, journal_services
from ungsam.cases.journal_forms import (
    AttachmentForm,
    CorrectionForm,
    JournalEntryForm,
    KindFilterForm,
)
from ungsam.lib.forms import call_service


def _saved(request, entry, draft_message, signed_to):
    """After a form saved a draft: with "Save and sign" the author signs it at once (and goes
    to `signed_to`), else she goes to the draft. A refusal to sign leaves the draft saved."""
    if request.POST.get("action") != "sign":
        messages.success(request, draft_message)
        return redirect("cases:journal_entry", pk=entry.pk)
    try:
        journal_services.journal_entry_sign(
            actor=request.user, purpose=Purpose.CASEWORK, entry_id=entry.pk
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("cases:journal_entry", pk=entry.pk)
    messages.success(request, _("The entry was signed. It can no longer be changed."))
    return redirect(signed_to)


@login_required
@require_http_methods(["GET", "POST"])
def journal(request, pk):
    filter_form = KindFilterForm(request.GET or None)
    kind = filter_form.cleaned_data["type"] if filter_form.is_valid() else ""
    form = JournalEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        entry = call_service(
            form,
            journal_services.journal_entry_create,
            actor=request.user,
            purpose=Purpose.CASEWORK,
            case_id=pk,
            **form.cleaned_data,
        )
        if entry is not None:
            draft = _("The draft was saved. Only you can see it until you sign it.")
            return _saved(request, entry, draft, reverse("cases:journal", args=[pk]))
    case, grant, page = journal_selectors.case_journal(
        actor=request.user, case_id=pk, kind=kind, page_number=request.GET.get("side")
    )
    may_write = grant.may_write and case.status == "open"
    context = {
        "case": case,
        "page": page,
        "may_write": may_write,
        "form": form if may_write or form.errors else None,
        "filter_form": filter_form,
        "kind": kind,
        "pager_query": f"type={kind}" if kind else "",
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "cases/journal.html", context, status=status)


def _entry_context(request, pk, **extra):
    entry, grant, versions, files = journal_selectors.journal_entry_detail(
        actor=request.user, entry_id=pk
    )
    case = entry.case
    writable = grant.may_write and case.status == "open"
    own_draft = writable and not entry.is_signed and entry.author_id == request.user.pk
    context = {
        "entry": entry,
        "case": case,
        "versions": versions,
        "attachments": files,
        "own_draft": own_draft,
        "may_correct": writable and entry.is_signed and entry.corrected_by is None,
        "attachment_form": extra.get("attachment_form")
        or (AttachmentForm() if own_draft else None),
        "max_mb": attachments.max_bytes() // (1024 * 1024),
    }
    return context


@login_required
@require_GET
def journal_entry(request, pk):
    return render(request, "cases/journal_entry.html", _entry_context(request, pk))


@login_required
@require_http_methods(["GET", "POST"])
def journal_entry_edit(request, pk):
    entry, grant = journal_selectors.journal_entry_for_change(actor=request.user, entry_id=pk)
    if entry.is_signed:
        messages.error(
            request, _("A signed journal entry is never changed or deleted: write a correction.")
        )
        return redirect("cases:journal_entry", pk=pk)
    form_class = CorrectionForm if entry.corrects_id else JournalEntryForm
    initial = {"kind": entry.kind, "occurred_on": entry.occurred_on, "text": entry.text}
    if entry.corrects_id:
        initial["correction_note"] = entry.correction_note
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            journal_services.journal_entry_update,
            actor=request.user,
            purpose=Purpose.CASEWORK,
            entry_id=pk,
            **form.cleaned_data,
        )
        if done is not None:
            return _saved(request, done, _("The draft was saved."), done.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    journal_selectors.record_entry_in_form(actor=request.user, entry=entry, grant=grant)
    context = {"entry": entry, "case": entry.case, "form": form, "correcting": None}
    return render(request, "cases/journal_entry_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def journal_entry_correct(request, pk):
    target, grant = journal_selectors.journal_entry_for_change(actor=request.user, entry_id=pk)
    initial = {"kind": target.kind, "occurred_on": target.occurred_on, "text": target.text}
    form = CorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        entry = call_service(
            form,
            journal_services.journal_entry_correct,
            actor=request.user,
            purpose=Purpose.CASEWORK,
            entry_id=pk,
            **form.cleaned_data,
        )
        if entry is not None:
            draft = _("The correction was saved as a draft. Sign it to replace the entry.")
            return _saved(request, entry, draft, entry.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    journal_selectors.record_entry_in_form(actor=request.user, entry=target, grant=grant)
    context = {"entry": None, "case": target.case, "form": form, "correcting": target}
    return render(request, "cases/journal_entry_form.html", context, status=status)


@login_required
@require_POST
def journal_entry_sign(request, pk):
    journal_selectors.journal_entry_for_change(actor=request.user, entry_id=pk)
    try:
        journal_services.journal_entry_sign(
            actor=request.user, purpose=Purpose.CASEWORK, entry_id=pk
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The entry was signed. It can no longer be changed."))
    return redirect("cases:journal_entry", pk=pk)


@login_required
@require_POST
def journal_entry_delete(request, pk):
    entry, _grant = journal_selectors.journal_entry_for_change(actor=request.user, entry_id=pk)
    try:
        case_id = journal_services.journal_entry_delete(
            actor=request.user, purpose=Purpose.CASEWORK, entry_id=pk
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("cases:journal_entry", pk=pk)
    messages.success(request, _("The draft was deleted."))
    return redirect("cases:journal", pk=case_id)


@login_required
@require_POST
def journal_attachment_add(request, pk):
    journal_selectors.journal_entry_for_change(actor=request.user, entry_id=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        done = call_service(
            form,
            journal_services.journal_attachment_add,
            actor=request.user,
            purpose=Purpose.CASEWORK,
            entry_id=pk,
            upload=form.cleaned_data["file"],
        )
        if done is not None:
            messages.success(request, _("The attachment was added."))
            return redirect("cases:journal_entry", pk=pk)
    context = _entry_context(request, pk, attachment_form=form)
    return render(request, "cases/journal_entry.html", context, status=400)


@login_required
@require_GET
@never_cache
def journal_attachment(request, pk):
    try:
        attachment, data = journal_selectors.attachment_download(
            actor=request.user, attachment_id=pk
        )
    except attachments.AttachmentUnreadable:
        return render(request, "cases/journal_attachment_unreadable.html", status=500)
    response = HttpResponse(data, content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(True, attachment.file_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Length"] = str(len(data))
    return response
