"""The background tasks of school data uploads (django-tasks): the check that makes the
preview, and the import. A task takes the job's id only."""

from django_tasks import task

from ungsam.ot import school_import_job_services


@task()
def check_school_import(job_id: int) -> None:
    school_import_job_services.check_job(job_id)


@task()
def run_school_import(job_id: int) -> None:
    school_import_job_services.run_import(job_id)
