"""The background tasks of import jobs (django-tasks, DESIGN.md). `manage.py db_worker` runs
them beside the web server; the test suite runs them at once, in the request that queues them.
A task takes the job's id only: everything else is read from the job's row when it runs."""

from django_tasks import task

from ungsam.transfer import job_services


@task()
def check_import_job(job_id: int) -> None:
    job_services.check_job(job_id)


@task()
def run_import_job(job_id: int) -> None:
    job_services.run_import(job_id)
