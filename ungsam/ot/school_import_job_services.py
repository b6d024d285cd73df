"""Every write to school data uploads: an admin or a school's counselor uploads a file, the task
worker checks it (the preview and the error list), she imports it or discards it, and the
worker imports it with `school_data_import`, reporting progress. The upload, the start and the
end are audited; the import itself writes the row naming the students.

Requests only queue the work (ungsam/ot/school_import_tasks.py): a county's file of 50 000 rows
neither times out a request nor holds a web worker."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction, Purpose
from ungsam.org.models import Municipality
from ungsam.ot import school_import_uploads as uploads
from ungsam.ot.models import SchoolImportJob
from ungsam.ot.school_import_services import school_data_import
from ungsam.transfer.models import ImportStatus

log = logging.getLogger(__name__)
PROGRESS_STEPS = 100
# What the preview and the outcome keep of the summary (counts and line numbers, no names).
SUMMARY_KEYS = (
    "rows",
    "students",
    "new_youth",
    "created",
    "changed",
    "unchanged",
    "flags_raised",
    "leaving",
    "routed",
    "report_outside",
)


def _access(actor, municipality: Municipality):
    access = policy.school_import_grant(actor, municipality)
    if access is None:
        raise PermissionDenied
    return access


def _record(actor, job: SchoolImportJob, action: str, membership=None) -> None:
    audit.record(
        actor,
        audit.Entry(
            action,
            Purpose.EARLY_WARNING,
            obj=job,
            fields=("status",),
            membership=membership,
            municipality_id=job.municipality_id,
        ),
    )


def _end(job: SchoolImportJob, status: str, *, errors=None) -> None:
    """The job has ended: its file goes, whatever the outcome."""
    uploads.remove(job.storage_name)
    uploads.remove_progress(job.pk)
    job.status = status
    job.storage_name = ""
    job.finished_at = timezone.now()
    if errors is not None:
        job.errors = errors
    job.save()


def upload_school_file(
    *, actor, municipality: Municipality, upload, run_now: bool = False
) -> SchoolImportJob:
    """Stores the file and queues its check. Her earlier upload that was not imported is
    discarded (only the latest waits)."""
    from ungsam.ot import school_import_tasks

    access = _access(actor, municipality)
    data = uploads.read_upload(upload)
    storage_name = uploads.store(data)
    try:
        with transaction.atomic():
            waiting = list(
                SchoolImportJob.objects.select_for_update().filter(
                    municipality=municipality,
                    started_by=actor,
                    status__in=(ImportStatus.UPLOADED, ImportStatus.CHECKED),
                )
            )
            job = SchoolImportJob.objects.create(
                municipality=municipality,
                school_id=access.school_id,
                started_by=actor,
                file_name=uploads.clean_file_name(upload.name),
                file_size=len(data),
                storage_name=storage_name,
                sha256=uploads.digest(data),
            )
            _record(actor, job, AuditAction.CREATE, access.grant.membership)
    except BaseException:
        uploads.remove(storage_name)
        raise
    for old in waiting:
        _end(old, ImportStatus.DISCARDED)
    if run_now:
        check_job(job.pk)
    else:
        school_import_tasks.check_school_import.enqueue(job.pk)
    job.refresh_from_db()
    return job


def _summary(summary) -> dict:
    values = summary.as_dict()
    return {key: values[key] for key in SUMMARY_KEYS}


def check_job(job_id: int) -> None:
    """The check task: the preview (what the import would do) and every error."""
    job = SchoolImportJob.objects.select_related("municipality", "started_by").filter(pk=job_id)
    job = job.first()
    if job is None or job.status != ImportStatus.UPLOADED:
        return
    try:
        data = uploads.load(job.storage_name, job.sha256)
        summary = school_data_import(
            actor=job.started_by,
            municipality=job.municipality,
            data=data,
            file_name=job.file_name,
            dry_run=True,
        )
    except uploads.SchoolFileUnreadable:
        _end(job, ImportStatus.FAILED, errors=[_("The uploaded file could not be read.")])
        return
    except PermissionDenied:
        _end(job, ImportStatus.FAILED, errors=[_("You may no longer import school data.")])
        return
    job.summary = _summary(summary)
    job.errors = summary.errors
    job.checked_at = timezone.now()
    job.progress_total = summary.rows
    if summary.errors:
        _end(job, ImportStatus.INVALID)
    else:
        job.status = ImportStatus.CHECKED
        job.save()


def start_import(*, actor, job: SchoolImportJob, run_now: bool = False) -> SchoolImportJob:
    """Queues the import of a checked file."""
    from ungsam.ot import school_import_tasks

    access = _access(actor, job.municipality)
    with transaction.atomic():
        started = SchoolImportJob.objects.filter(pk=job.pk, status=ImportStatus.CHECKED).update(
            status=ImportStatus.IMPORTING,
            imported_by=actor,
            import_started_at=timezone.now(),
            progress_done=0,
        )
        if not started:
            raise ValidationError(_("This file cannot be imported now."))
        job.refresh_from_db()
        _record(actor, job, AuditAction.UPDATE, access.grant.membership)
    if run_now:
        run_import(job.pk)
    else:
        school_import_tasks.run_school_import.enqueue(job.pk)
    job.refresh_from_db()
    return job


def discard(*, actor, job: SchoolImportJob) -> SchoolImportJob:
    access = _access(actor, job.municipality)
    with transaction.atomic():
        job = SchoolImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status != ImportStatus.CHECKED:
            raise ValidationError(_("This file cannot be discarded now."))
        _end(job, ImportStatus.DISCARDED)
        _record(actor, job, AuditAction.UPDATE, access.grant.membership)
    return job


class _Progress:
    def __init__(self, job: SchoolImportJob):
        self.job_id = job.pk
        self.next_at = 0

    def __call__(self, done: int, total: int) -> None:
        if done >= self.next_at or done >= total:
            uploads.write_progress(self.job_id, done, total)
            self.next_at = done + max(1, total // PROGRESS_STEPS)


def run_import(job_id: int) -> None:
    """The import task: imports the file as the person who started it, all or nothing."""
    job = SchoolImportJob.objects.select_related("municipality", "imported_by").filter(pk=job_id)
    job = job.first()
    if job is None or job.status != ImportStatus.IMPORTING:
        return
    actor = job.imported_by
    status, errors = ImportStatus.FAILED, None
    try:
        data = uploads.load(job.storage_name, job.sha256)
        summary = school_data_import(
            actor=actor,
            municipality=job.municipality,
            data=data,
            file_name=job.file_name,
            progress=_Progress(job),
        )
        if summary.errors:
            errors = summary.errors
        else:
            status = ImportStatus.DONE
            job.summary = _summary(summary)
            job.result_id = summary.import_id
    except uploads.SchoolFileUnreadable:
        errors = [_("The uploaded file could not be read. Nothing was imported.")]
    except PermissionDenied:
        errors = [_("You may no longer import school data. Nothing was imported.")]
    except Exception:
        log.exception("school import job %s failed", job_id)
        errors = [_("The import stopped because of an error in Ungsam. Nothing was imported.")]
    finally:
        job.progress_done = job.progress_total if status == ImportStatus.DONE else 0
        if status != ImportStatus.DONE:
            errors = errors or [_("The import was interrupted. Nothing was imported.")]
        _end(job, status, errors=errors)
        access = policy.school_import_grant(actor, job.municipality)
        _record(actor, job, AuditAction.UPDATE, access.grant.membership if access else None)
