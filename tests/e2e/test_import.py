"""A leader imports her unit's history in a real browser: she uploads the documented sample
bundle, reads the preview, presses Import and sees the progress bar full and the job done. A
running import's page follows the worker by itself (htmx polling, no inline script) and shows
the outcome when it ends. Tasks run in the request that queues them here (settings_test.TASKS),
so the live server's thread finishes each import before it answers."""

import zipfile
from pathlib import Path

import pytest
from django.utils import translation
from playwright.sync_api import expect

from tests.e2e.conftest import Recorder, log_in, page_problems
from ungsam.org.models import Unit, User
from ungsam.transfer import uploads
from ungsam.transfer.demo import SAMPLE_DIR
from ungsam.transfer.models import ImportJob, ImportStatus

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LEADER = "lars.leder"  # leader of the outreach unit Utekontakten Sentrum


def nb(text: str) -> str:
    with translation.override("nb"):
        return translation.gettext(text)


def sample_zip(path: Path) -> int:
    """The documented sample bundle (docs/importpakke-eksempel/) as a .zip; its data rows."""
    rows = 0
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for csv_file in sorted(SAMPLE_DIR.glob("*.csv")):
            archive.write(csv_file, f"importpakke-eksempel/{csv_file.name}")
            rows += len(csv_file.read_text(encoding="utf-8").splitlines()) - 1
    return rows


def test_a_leader_uploads_the_sample_bundle_and_sees_the_import_done(
    demo, live_server, page, tmp_path
):
    base = live_server.url
    recorder = Recorder(page, base)
    bundle = tmp_path / "historikk.zip"
    rows = str(sample_zip(bundle))
    log_in(page, base, LEADER)
    page.goto(f"{base}/statistikk/import/")
    problems = page_problems(page, "import home")
    page.set_input_files("input[type=file]", str(bundle))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/statistikk/import/*/")
    expect(page.locator("#import-status")).to_have_text(nb("Ready to import"), timeout=10_000)
    expect(page.locator("#summary-caption")).to_be_visible()
    expect(page.locator("table")).to_contain_text("contacts.csv")
    problems += page_problems(page, "import preview")
    page.get_by_role("button", name=nb("Import"), exact=True).click()
    bar = page.locator("progress#import-progress-bar")
    expect(bar).to_have_attribute("value", rows, timeout=30_000)
    expect(bar).to_have_attribute("max", rows)
    expect(page.locator("#import-status")).to_have_text(nb("Imported"))
    problems += page_problems(page, "import done")
    job = ImportJob.objects.get(file_name="historikk.zip")
    assert job.status == ImportStatus.DONE
    assert job.unit.name == "Utekontakten Sentrum"
    assert problems == []
    assert recorder.problems() == []


def test_a_running_imports_page_follows_the_worker_and_shows_the_end(demo, live_server, page):
    base = live_server.url
    recorder = Recorder(page, base)
    lars = User.objects.get(username=LEADER)
    job = ImportJob.objects.create(
        unit=Unit.objects.get(name="Utekontakten Sentrum"),
        started_by=lars,
        imported_by=lars,
        file_name="stor.zip",
        status=ImportStatus.IMPORTING,
        progress_total=1000,
    )
    uploads.write_progress(job.pk, 250, 1000)
    log_in(page, base, LEADER)
    page.goto(f"{base}/statistikk/import/{job.pk}/")
    bar = page.locator("progress#import-progress-bar")
    expect(bar).to_have_attribute("value", "250")
    uploads.write_progress(job.pk, 700, 1000)
    expect(bar).to_have_attribute("value", "700", timeout=10_000)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.DONE, progress_done=1000)
    uploads.remove_progress(job.pk)
    expect(page.locator("#import-status")).to_have_text(nb("Imported"), timeout=10_000)
    expect(bar).to_have_attribute("value", "1000")
    assert recorder.problems() == []
