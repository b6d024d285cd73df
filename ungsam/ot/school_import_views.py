"""Importing school data from the UI (issue 18, point 1): upload, the preview and the error
list, the import with its progress bar, and the earlier uploads. The work runs in the task
worker; these pages only queue it and show how far it has come."""

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
from ungsam.ot import school_import_job_services as job_services
from ungsam.ot import school_import_selectors as selectors
from ungsam.ot.school_import_forms import SchoolFileForm
from ungsam.transfer import uploads as bundle_uploads

ERRORS_PER_PAGE = 50


def _home(request, form, *, status=200):
    context = {
        "form": form,
        "jobs": page_of(selectors.recent_jobs(actor=request.user), request.GET.get("side")),
        "max_mb": bundle_uploads.max_bytes() // (1024 * 1024),
    }
    return render(request, "ot/school_import_home.html", context, status=status)


@csrf_exempt  # checked below, after the upload handler is set (it must come first)
@login_required
@require_http_methods(["GET", "POST"])
def school_import_home(request):
    municipalities = selectors.import_municipalities(actor=request.user)
    if not municipalities:
        raise Http404
    if request.method == "POST":
        if int(request.META.get("CONTENT_LENGTH") or 0) > bundle_uploads.max_bytes() + 64 * 1024:
            form = SchoolFileForm({}, municipalities=municipalities)
            form.full_clean()
            form.errors.clear()
            form.add_error("file", bundle_uploads.too_large().messages[0])
            return _home(request, form, status=400)
        request.upload_handlers = [bundle_uploads.BundleUploadHandler(request)]
    return _school_import_home(request, municipalities)


@csrf_protect
def _school_import_home(request, municipalities):
    if request.method != "POST":
        return _home(request, SchoolFileForm(municipalities=municipalities))
    form = SchoolFileForm(request.POST, request.FILES, municipalities=municipalities)
    if form.is_valid():
        job = call_service(
            form,
            job_services.upload_school_file,
            actor=request.user,
            municipality=form.cleaned_data["municipality"],
            upload=form.cleaned_data["file"],
        )
        if job is not None:
            return redirect("ot:school_import_job", pk=job.pk)
    return _home(request, form, status=400)


def _job_page(request, job, *, status=200):
    done, total = selectors.progress(job)
    context = {
        "job": job,
        "done": done,
        "total": total,
        "errors": page_of(job.errors, request.GET.get("side"), per_page=ERRORS_PER_PAGE),
    }
    return render(request, "ot/school_import_job.html", context, status=status)


@login_required
@require_GET
@never_cache
def school_import_job(request, pk):
    return _job_page(request, selectors.import_job(actor=request.user, job_id=pk))


@login_required
@require_GET
@never_cache
def school_import_progress(request, pk):
    """The progress bar, polled while the check or the import runs; when the job has moved on,
    htmx is told to load the page again to show the outcome."""
    job = selectors.import_job(actor=request.user, job_id=pk)
    done, total = selectors.progress(job)
    response = render(
        request, "ot/school_import_progress.html", {"job": job, "done": done, "total": total}
    )
    shown = request.GET.get("status")
    if request.htmx and shown and shown != job.status:
        response["HX-Refresh"] = "true"
    return response


def _job_action(request, pk, service):
    job = selectors.import_job(actor=request.user, job_id=pk)
    try:
        service(actor=request.user, job=job)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return _job_page(request, job, status=400)
    return None


@login_required
@require_POST
def school_import_start(request, pk):
    refused = _job_action(request, pk, job_services.start_import)
    return refused or redirect("ot:school_import_job", pk=pk)


@login_required
@require_POST
def school_import_discard(request, pk):
    refused = _job_action(request, pk, job_services.discard)
    if refused:
        return refused
    messages.success(request, _("The file was discarded. Nothing was imported."))
    return redirect("ot:school_import_home")
