"""Every write to import jobs: a leader uploads a bundle, the task worker checks it (the preview
and the error list), she starts the import or discards it, and the worker imports it with
ungsam.transfer.services.import_bundle, reporting progress. The upload, the start and the end
of an import are audited; the import itself audits what it creates.

Requests only queue the work (ungsam/transfer/tasks.py), so a bundle of a million rows neither
times out a request nor holds a web worker."""

import io
import logging
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction, Purpose
from ungsam.org.models import Unit
from ungsam.transfer import uploads
from ungsam.transfer.bundle import BundleInvalid
from ungsam.transfer.models import ImportJob, ImportStatus
from ungsam.transfer.services import import_bundle, preview_bundle

log = logging.getLogger(__name__)

# The worker writes the progress file at most this often (a million rows, a hundred writes).
PROGRESS_STEPS = 100
# An import that has reported no progress for this long was cut off. (Before its first report
# it reads and checks the whole bundle again: a minute or two for a million rows.)
STALE_AFTER = timedelta(minutes=30)


def _membership_or_404(actor, unit: Unit):
    """The leader membership she imports under (a person always imports under one)."""
    membership = policy.import_membership(actor, unit)
    if membership is None:
        policy.deny(actor, Unit, unit.pk, purpose=Purpose.ADMINISTRATION)
    return membership


def _record(actor, job: ImportJob, action: str, membership=None) -> None:
    audit.record(
        actor,
        audit.Entry(
            action,
            Purpose.ADMINISTRATION,
            obj=job,
            fields=("status",),
            membership=membership,
            municipality_id=None if membership else job.unit.municipality_id,
        ),
    )


def _end(job: ImportJob, status: str, *, errors=None) -> None:
    """The job has ended: its file goes, whatever the outcome."""
    uploads.remove(job.storage_name)
    uploads.remove_progress(job.pk)
    job.status = status
    job.storage_name = ""
    job.finished_at = timezone.now()
    if errors is not None:
        job.errors = errors
    job.save()


def upload_bundle(*, actor, unit: Unit, upload, run_now: bool = False) -> ImportJob:
    """Stores the leader's bundle and queues its check (`run_now`: checks it in this process,
    as the demo does). A bundle uploaded before into the unit and not imported is discarded
    (only the latest waits for her)."""
    from ungsam.transfer import tasks

    membership = _membership_or_404(actor, unit)
    data = uploads.read_upload(upload)
    storage_name = uploads.store(data)
    try:
        with transaction.atomic():
            waiting = list(
                ImportJob.objects.select_for_update().filter(
                    unit=unit, status__in=(ImportStatus.UPLOADED, ImportStatus.CHECKED)
                )
            )
            job = ImportJob.objects.create(
                unit=unit,
                started_by=actor,
                file_name=uploads.clean_file_name(upload.name),
                file_size=len(data),
                storage_name=storage_name,
                sha256=uploads.digest(data),
            )
            _record(actor, job, AuditAction.CREATE, membership)
    except BaseException:
        uploads.remove(storage_name)
        raise
    for old in waiting:
        _end(old, ImportStatus.DISCARDED)
    if run_now:
        check_job(job.pk)
    else:
        tasks.check_import_job.enqueue(job.pk)
    job.refresh_from_db()
    return job


def check_job(job_id: int) -> None:
    """The check task: reads the whole bundle once and keeps the preview (per file: rows, new,
    already imported) and every error. A bundle with errors ends here (invalid)."""
    job = ImportJob.objects.select_related("unit", "started_by").filter(pk=job_id).first()
    if job is None or job.status != ImportStatus.UPLOADED:
        return
    try:
        data = uploads.load(job.storage_name, job.sha256)
        preview = preview_bundle(actor=job.started_by, unit=job.unit, source=io.BytesIO(data))
    except uploads.BundleUnreadable:
        _end(job, ImportStatus.FAILED, errors=[_("The uploaded file could not be read.")])
        return
    except PermissionDenied:
        _end(job, ImportStatus.FAILED, errors=[_("You no longer lead this unit.")])
        return
    job.summary = [
        {"file": f.name, "rows": f.total, "new": f.new, "already": f.already} for f in preview.files
    ]
    job.errors = [str(e) for e in preview.errors]
    job.checked_at = timezone.now()
    job.progress_total = preview.total
    if preview.errors:
        _end(job, ImportStatus.INVALID)
    else:
        job.status = ImportStatus.CHECKED
        job.save()


def _interrupted_message() -> str:
    return _("The import was interrupted (the task worker stopped). Nothing was imported.")


def _interrupted(job: ImportJob) -> bool:
    """An import whose worker has reported nothing for STALE_AFTER was cut off (a worker
    killed mid-import): its transaction was rolled back, so nothing of it was written."""
    last = uploads.progress_written_at(job.pk) or job.import_started_at
    return last is None or timezone.now() - last > STALE_AFTER


def start_import(*, actor, job: ImportJob, run_now: bool = False) -> ImportJob:
    """Queues the import of a checked bundle (`run_now`: imports it in this process). One
    import runs in a unit at a time."""
    from ungsam.transfer import tasks

    membership = _membership_or_404(actor, job.unit)
    with transaction.atomic():
        running = ImportJob.objects.select_for_update().filter(
            unit=job.unit, status=ImportStatus.IMPORTING
        )
        for other in running.exclude(pk=job.pk):
            if not _interrupted(other):
                raise ValidationError(
                    _("Another import into this unit is running. Wait until it has finished.")
                )
            _end(other, ImportStatus.FAILED, errors=[_interrupted_message()])
        started = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.CHECKED).update(
            status=ImportStatus.IMPORTING,
            imported_by=actor,
            import_started_at=timezone.now(),
            progress_done=0,
        )
        if not started:
            raise ValidationError(_("This bundle cannot be imported now."))
        job.refresh_from_db()
        _record(actor, job, AuditAction.UPDATE, membership)
    if run_now:
        run_import(job.pk)
    else:
        tasks.run_import_job.enqueue(job.pk)
    job.refresh_from_db()
    return job


def discard(*, actor, job: ImportJob) -> ImportJob:
    """A checked bundle the leader chose not to import: its file goes."""
    membership = _membership_or_404(actor, job.unit)
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status != ImportStatus.CHECKED:
            raise ValidationError(_("This bundle cannot be discarded now."))
        _end(job, ImportStatus.DISCARDED)
        _record(actor, job, AuditAction.UPDATE, membership)
    return job


class _Progress:
    """The import's progress(done, total) callback: the file the page reads, written at most
    PROGRESS_STEPS times."""

    def __init__(self, job: ImportJob):
        self.job_id = job.pk
        self.next_at = 0

    def __call__(self, done: int, total: int) -> None:
        if done >= self.next_at or done >= total:
            uploads.write_progress(self.job_id, done, total)
            self.next_at = done + max(1, total // PROGRESS_STEPS)


def run_import(job_id: int) -> None:
    """The import task: imports the bundle as the leader who started it, all or nothing, and
    records how it ended."""
    job = ImportJob.objects.select_related("unit", "imported_by").filter(pk=job_id).first()
    if job is None or job.status != ImportStatus.IMPORTING:
        return
    actor = job.imported_by
    status, errors = ImportStatus.FAILED, None
    try:
        data = uploads.load(job.storage_name, job.sha256)
        import_bundle(actor=actor, unit=job.unit, source=io.BytesIO(data), progress=_Progress(job))
        status = ImportStatus.DONE
    except uploads.BundleUnreadable:
        errors = [_("The uploaded file could not be read. Nothing was imported.")]
    except BundleInvalid as invalid:
        errors = [str(e) for e in invalid.errors]
    except (PermissionDenied, Http404):
        errors = [_("You no longer lead this unit. Nothing was imported.")]
    except Exception:
        log.exception("import job %s failed", job_id)
        errors = [_("The import stopped because of an error in Ungsam. Nothing was imported.")]
    finally:
        if status == ImportStatus.DONE:
            job.progress_done = job.progress_total
        else:
            job.progress_done = 0
            # A worker stopped mid-import (SystemExit) gets here with no error of its own.
            errors = errors or [_interrupted_message()]
        _end(job, status, errors=errors)
        _record(actor, job, AuditAction.UPDATE, policy.import_membership(actor, job.unit))
