"""Reads of school data uploads, filtered by the policy: an admin sees her municipality's
uploads, a counselor her school's. An upload's preview and error list name no student."""

from django.db.models import QuerySet

from ungsam.access import policy
from ungsam.access.models import Purpose
from ungsam.org.models import Municipality
from ungsam.ot import school_import_uploads as uploads
from ungsam.ot.models import SchoolImportJob
from ungsam.transfer.models import ImportStatus


def import_municipalities(*, actor) -> QuerySet[Municipality]:
    """The municipalities she may import school data into."""
    return Municipality.objects.filter(pk__in=policy.school_import_municipality_ids(actor))


def recent_jobs(*, actor) -> QuerySet[SchoolImportJob]:
    return (
        policy.school_import_jobs_visible_to(actor)
        .select_related("municipality", "school", "started_by")
        .order_by("-created_at", "-pk")
    )


def import_job(*, actor, job_id) -> SchoolImportJob:
    jobs = policy.school_import_jobs_visible_to(actor).select_related(
        "municipality", "school", "started_by", "imported_by"
    )
    return policy.get_or_404(actor, jobs, job_id, purpose=Purpose.EARLY_WARNING)


def progress(job: SchoolImportJob) -> tuple[int, int]:
    """(done, total): while the import runs, as its worker last reported it."""
    if job.status == ImportStatus.IMPORTING:
        live = uploads.read_progress(job.pk)
        if live is not None:
            return live
    return job.progress_done, job.progress_total
