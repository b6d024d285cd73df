"""Importing school data in the UI: upload, the background check's preview and errors, the
import with its progress, and who may see any of it. Tasks run at once in tests
(settings_test.TASKS), so each request that queues one has run it when it answers."""

from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.ot.school_import_helpers import UPPER, csv_bytes, fnr, row
from tests.ot.school_import_helpers import schools as schools  # noqa: F401
from ungsam.access.models import AuditEvent
from ungsam.ot import school_import_job_services as job_services
from ungsam.ot.models import OTRegistration, SchoolDataImport, SchoolImportJob, StudentPeriod
from ungsam.transfer.models import ImportStatus

HOME = reverse("ot:school_import_home")


def upload(client, data: bytes, p, name="elever.csv"):
    return client.post(
        HOME,
        {"municipality": p.municipality.pk, "file": SimpleUploadedFile(name, data, "text/csv")},
    )


def stored_files(settings) -> list[Path]:
    root = Path(settings.IMPORT_DIR) / "skoledata"
    return [f for f in root.glob("*") if f.is_file()] if root.exists() else []


def good_file():
    return csv_bytes(
        row(fodselsnummer=fnr(date(2011, 2, 1), 3), fornavn="Synnøve", fravaer_prosent="14"),
        row(elevnummer="E2", fornavn="Bo", status="sluttet"),
        row(elevnummer="E3", fornavn="Cy", skole=UPPER, trinn="VG1"),
    )


def test_an_admin_uploads_sees_the_preview_imports_and_the_job_is_done(schools, login, settings):
    p = schools
    client = login(p.admin)
    response = upload(client, good_file(), p)
    job = SchoolImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("ot:school_import_job", args=[job.pk])
    assert job.status == ImportStatus.CHECKED
    assert job.summary["rows"] == 3 and job.summary["new_youth"] == 3
    assert job.summary["routed"] == 1
    assert StudentPeriod.objects.count() == 0  # the check writes nothing
    [stored] = stored_files(settings)
    assert b"Synn" not in stored.read_bytes()  # encrypted at rest

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Synnøve" not in page.content.decode()
    assert reverse("ot:school_import_start", args=[job.pk]).encode() in page.content

    started = client.post(reverse("ot:school_import_start", args=[job.pk]))
    assert started.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert job.result == SchoolDataImport.objects.get()
    assert job.summary["flags_raised"] == 1
    assert (job.progress_done, job.progress_total) == (3, 3)
    assert StudentPeriod.objects.count() == 3
    assert OTRegistration.objects.count() == 1
    assert stored_files(settings) == []
    done = client.get(reverse("ot:school_import_job", args=[job.pk]))
    assert b'max="3" value="3"' in done.content
    rows = AuditEvent.objects.filter(object_type="ot.schoolimportjob", object_id=str(job.pk))
    assert sorted(rows.values_list("action", flat=True)) == ["create", "update", "update"]


def test_an_invalid_file_lists_its_errors_and_imports_nothing(schools, login, settings):
    p = schools
    client = login(p.admin)
    bad = csv_bytes(row(fornavn="Hemmelignavn", trinn="x"), row(fodselsnummer="12345678901"))
    response = upload(client, bad, p)
    job = SchoolImportJob.objects.get()
    assert job.status == ImportStatus.INVALID
    assert len(job.errors) == 2
    page = client.get(response["Location"])
    content = page.content.decode()
    assert "elever.csv:2: trinn:" in content
    assert "Hemmelignavn" not in content and "12345678901" not in content
    assert stored_files(settings) == []
    assert StudentPeriod.objects.count() == 0


def test_a_counselor_may_not_import_another_schools_rows(schools, login):
    p = schools
    client = login(p.partner)
    upload(client, good_file(), p)
    job = SchoolImportJob.objects.get()
    assert job.status == ImportStatus.INVALID
    assert job.school == p.school
    assert len(job.errors) == 1
    assert job.errors[0].startswith("elever.csv:4: skole: ")


def test_the_progress_endpoint_asks_for_a_reload_when_the_job_has_moved_on(schools, login):
    p = schools
    client = login(p.admin)
    upload(client, good_file(), p)
    job = SchoolImportJob.objects.get()
    url = reverse("ot:school_import_progress", args=[job.pk])
    answer = client.get(url + "?status=uploaded", HTTP_HX_REQUEST="true")
    assert answer.status_code == 200
    assert answer["HX-Refresh"] == "true"
    same = client.get(url + "?status=checked", HTTP_HX_REQUEST="true")
    assert "HX-Refresh" not in same


def test_a_spreadsheet_instead_of_csv_is_refused_in_norwegian(schools, login):
    p = schools
    client = login(p.admin)
    response = upload(client, b"PK\x03\x04rest-of-an-xlsx", p, name="elever.xlsx")
    assert response.status_code == 400
    assert "CSV" in response.content.decode()
    assert SchoolImportJob.objects.count() == 0


@pytest.mark.parametrize("who", ["los_a", "leader_a", "los_b", "field_c", "analyst"])
def test_services_refuse_others_called_directly(schools, who):
    p = schools
    job = SchoolImportJob.objects.create(
        municipality=p.municipality, started_by=p.admin, file_name="e.csv", status="checked"
    )
    with pytest.raises(Exception) as refused:
        job_services.start_import(actor=getattr(p, who), job=job, run_now=True)
    assert type(refused.value).__name__ == "PermissionDenied"
    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKED


def test_the_home_page_lists_uploads_in_constant_queries(schools, login):
    p = schools
    client = login(p.admin)

    def make(n):
        for i in range(n):
            SchoolImportJob.objects.create(
                municipality=p.municipality, started_by=p.partner, school=p.school,
                file_name=f"e{i}.csv", status="done", summary={"rows": 3},
            )  # fmt: skip

    make(3)
    client.get(HOME)  # the session's and memberships' first reads
    with CaptureQueriesContext(connection) as few:
        assert client.get(HOME).status_code == 200
    make(27)
    with CaptureQueriesContext(connection) as many:
        assert client.get(HOME).status_code == 200
    assert len(many) == len(few)
