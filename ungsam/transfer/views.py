"""A leader's import of a bundle (issue 17): upload, the preview and the error list, the import
with its progress bar, and the unit's past imports. The work runs in the task worker; these
pages only queue it and show how far it has come."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ungsam.lib.forms import call_service
from ungsam.lib.pagination import page_of
from ungsam.transfer import job_selectors, job_services, uploads
from ungsam.transfer.forms import BundleUploadForm

ERRORS_PER_PAGE = 50


def _home(request, form, *, status=200):
    context = {
        "form": form,
        "jobs": page_of(job_selectors.recent_jobs(actor=request.user), request.GET.get("side")),
        "max_mb": uploads.max_bytes() // (1024 * 1024),
    }
    return render(request, "transfer/import_home.html", context, status=status)


def _refused(form, message: str) -> BundleUploadForm:
    """The form, bound but unread, carrying one error on the file."""
    form.full_clean()
    form.errors.clear()
    form.add_error("file", message)
    return form


@csrf_exempt  # checked below, after the upload handler is set (it must come first)
@login_required
@require_http_methods(["GET", "POST"])
def import_home(request):
    units = job_selectors.import_units(actor=request.user)
    if not units:
        raise Http404
    if request.method == "POST":
        # A bundle too large is refused unread; one within the limit stays in memory.
        if int(request.META.get("CONTENT_LENGTH") or 0) > uploads.max_bytes() + 64 * 1024:
            form = BundleUploadForm({}, units=units)
            return _home(request, _refused(form, uploads.too_large().messages[0]), status=400)
        request.upload_handlers = [uploads.BundleUploadHandler(request)]
    return _import_home(request, units)


@csrf_protect
def _import_home(request, units):
    if request.method != "POST":
        return _home(request, BundleUploadForm(units=units))
    form = BundleUploadForm(request.POST, request.FILES, units=units)
    if form.is_valid():
        job = call_service(
            form,
            job_services.upload_bundle,
            actor=request.user,
            unit=form.cleaned_data["unit"],
            upload=form.cleaned_data["file"],
        )
        if job is not None:
            return redirect("transfer:import_job", pk=job.pk)
    return _home(request, form, status=400)


def _job_page(request, job, *, status=200):
    done, total = job_selectors.progress(job)
    context = {
        "job": job,
        "done": done,
        "total": total,
        "errors": page_of(job.errors, request.GET.get("side"), per_page=ERRORS_PER_PAGE),
    }
    return render(request, "transfer/import_job.html", context, status=status)


@login_required
@require_GET
@never_cache
def import_job(request, pk):
    return _job_page(request, job_selectors.import_job(actor=request.user, job_id=pk))


@login_required
@require_GET
@never_cache
def import_progress(request, pk):
    """The progress bar, polled by the job's page while the check or the import runs. When the
    job has moved on, htmx is told to load the page again to show the outcome."""
    job = job_selectors.import_job(actor=request.user, job_id=pk)
    done, total = job_selectors.progress(job)
    shown = request.GET.get("status")
    response = render(
        request,
        "transfer/_import_progress.html",
        {"job": job, "done": done, "total": total},
    )
    if request.htmx and shown and shown != job.status:
        response["HX-Refresh"] = "true"
    return response


def _job_action(request, pk, service):
    """Runs the service on her job; a refusal is shown on the job's page (400)."""
    job = job_selectors.import_job(actor=request.user, job_id=pk)
    try:
        service(actor=request.user, job=job)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return _job_page(request, job, status=400)
    return None


@login_required
@require_POST
def import_start(request, pk):
    refused = _job_action(request, pk, job_services.start_import)
    return refused or redirect("transfer:import_job", pk=pk)


@login_required
@require_POST
def import_discard(request, pk):
    refused = _job_action(request, pk, job_services.discard)
    if refused:
        return refused
    messages.success(request, _("The bundle was discarded. Nothing was imported."))
    return redirect("transfer:import_home")
