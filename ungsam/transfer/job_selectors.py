"""Reads of import jobs, filtered by the policy: a unit's leaders see its jobs, nobody else.
A job names no youth itself; its error list quotes the bundle's cells and is shown only here."""

from django.db.models import QuerySet

from ungsam.access import policy
from ungsam.access.models import Purpose
from ungsam.org.models import Unit
from ungsam.transfer import uploads
from ungsam.transfer.models import ImportJob, ImportStatus


def import_units(*, actor) -> QuerySet[Unit]:
    """The units she may import into."""
    return policy.units_importing(actor)


def recent_jobs(*, actor) -> QuerySet[ImportJob]:
    return (
        policy.import_jobs_visible_to(actor)
        .select_related("unit", "started_by", "imported_by")
        .order_by("-created_at", "-pk")
    )


def import_job(*, actor, job_id) -> ImportJob:
    jobs = policy.import_jobs_visible_to(actor).select_related("unit", "started_by", "imported_by")
    return policy.get_or_404(actor, jobs, job_id, purpose=Purpose.ADMINISTRATION)


def progress(job: ImportJob) -> tuple[int, int]:
    """(done, total) rows: while the import runs, as its worker last reported them."""
    if job.status == ImportStatus.IMPORTING:
        live = uploads.read_progress(job.pk)
        if live is not None:
            return live
    return job.progress_done, job.progress_total
