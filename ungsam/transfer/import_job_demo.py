"""The demo's finished import job: Lars, the outreach unit's leader, brought the unit's previous
year from its older system (ungsam.transfer.demo's history bundle, the same rows that step
makes) through the import page's own steps: upload, check, import. The job's page shows the
preview per file and the full progress bar, and the history counts in the statistics. This
step stands in seed_demo's STEPS for ungsam.transfer.demo (whose `seed` imports the same bundle
as the system, with no job). It runs the check and the import in this process rather than
queuing them for the task worker."""

import io
import random
import tempfile
import zipfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from ungsam.transfer import demo as history
from ungsam.transfer import job_services
from ungsam.transfer.models import ImportStatus

LEADER = "lars.leder"


def _zipped(folder: Path, name: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, f"{name}/{path.name}")
    return buffer.getvalue()


def seed(demo) -> None:
    unit, leader = demo.units.get(history.UNIT), demo.users.get(LEADER)
    if unit is None or leader is None:
        return
    # The same history as ungsam.transfer.demo's step makes: its year, up to the day before
    # the app's own demo year, from the generator that step would have had.
    year, until = history.history_span(demo.today)
    rng = random.Random(f"{demo.seed}:ungsam.transfer.demo")  # noqa: S311 (made-up data)
    rows = history.history_bundle(rng, year, until)
    name = f"utekontakten-{year}"
    with tempfile.TemporaryDirectory(prefix="ungsam-demo-bundle-") as folder:
        data = _zipped(history.write_bundle(rows, Path(folder)), name)
    upload = SimpleUploadedFile(f"{name}.zip", data, "application/zip")
    job = job_services.upload_bundle(actor=leader, unit=unit, upload=upload, run_now=True)
    if job.status == ImportStatus.CHECKED:
        job = job_services.start_import(actor=leader, job=job, run_now=True)
    if job.status != ImportStatus.DONE:
        raise RuntimeError(f"the demo's import job ended {job.status}: {job.errors[:5]}")
    demo.counts["imported history rows"] = job.new_rows
    demo.counts["import jobs"] = 1
