"""An admin imports school data in a real browser: she uploads the documented sample file
(docs/skoledata-eksempel.csv), reads the preview, presses Import and sees the import done, with
the students who left school counted. Every page passes axe. Tasks run in the request that
queues them here (settings_test.TASKS)."""

from pathlib import Path

import pytest
from django.utils import translation
from playwright.sync_api import expect

from tests.e2e.conftest import Recorder, log_in, page_problems
from ungsam.ot.models import SchoolImportJob
from ungsam.transfer.models import ImportStatus

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ADMIN = "adam.admin"
SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "skoledata-eksempel.csv"


def nb(text: str) -> str:
    with translation.override("nb"):
        return translation.gettext(text)


def test_an_admin_uploads_the_sample_file_and_sees_the_import_done(demo, live_server, page):
    base = live_server.url
    recorder = Recorder(page, base)
    log_in(page, base, ADMIN)
    page.goto(f"{base}/skoledata/")
    problems = page_problems(page, "school import home")
    page.set_input_files("input[type=file]", str(SAMPLE))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/skoledata/*/")
    expect(page.locator("#import-status")).to_have_text(nb("Ready to import"), timeout=10_000)
    expect(page.locator("#summary-caption")).to_be_visible()
    problems += page_problems(page, "school import preview")
    page.get_by_role("button", name=nb("Import"), exact=True).click()
    expect(page.locator("#import-status")).to_have_text(nb("Imported"), timeout=30_000)
    expect(page.locator("progress#import-progress-bar")).to_have_attribute("value", "10")
    problems += page_problems(page, "school import done")
    job = SchoolImportJob.objects.get(file_name="skoledata-eksempel.csv")
    assert job.status == ImportStatus.DONE
    assert job.summary["rows"] == 10
    assert job.summary["leaving"] == 2
    assert problems == []
    assert recorder.problems() == []
