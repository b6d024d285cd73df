"""A leader's import in the UI (issue 17 item 1): upload, the background check's preview and
errors, the import with its progress, and who may see any of it. Tasks run at once in tests
(settings_test.TASKS), so each request that queues one has run it when it answers."""

import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from tests.conftest import give_totp
from tests.transfer.bundles import invalid_bundle, valid_bundle, zipped
from ungsam.access.models import AuditAction, AuditEvent
from ungsam.org.models import Membership, User
from ungsam.people.models import Youth
from ungsam.transfer import job_services, uploads
from ungsam.transfer.models import ImportedRow, ImportJob, ImportStatus

HOME = reverse("transfer:import_home")


def upload(client, data: bytes, *, unit, name="historikk.zip"):
    return client.post(
        HOME, {"unit": unit.pk, "file": SimpleUploadedFile(name, data, "application/zip")}
    )


def stored_files(settings) -> list[Path]:
    root = Path(settings.IMPORT_DIR)
    return [p for p in root.glob("*") if p.is_file()] if root.exists() else []


def leader_of(personas, unit, username="lars_b") -> User:
    user = User.objects.create_user(username=username, password="x" * 12)
    Membership.objects.create(
        user=user,
        municipality=personas.municipality,
        unit=unit,
        role="leader",
        status="direct",
        starts_on=date(2025, 1, 1),
    )
    give_totp(user)
    return user


def test_a_leader_uploads_sees_the_preview_imports_and_the_job_is_done(personas, login, settings):
    client = login(personas.leader_a)
    response = upload(client, valid_bundle(contact_rows=3), unit=personas.unit_a)
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("transfer:import_job", args=[job.pk])
    assert job.status == ImportStatus.CHECKED
    assert job.file_name == "historikk.zip"
    assert job.errors == []
    # The preview, per file: rows, new, already imported.
    assert {f["file"]: (f["rows"], f["new"], f["already"]) for f in job.summary} == {
        "places.csv": (2, 2, 0),
        "contacts.csv": (3, 3, 0),
        "youths.csv": (1, 1, 0),
        "conversations.csv": (2, 2, 0),
    }
    assert job.progress_total == 8
    # Nothing is imported by the check, and the bundle waits encrypted on disk.
    assert not Youth.objects.filter(last_name="Importsen").exists()
    [stored] = stored_files(settings)
    assert stored.name == job.storage_name
    assert b"Importsen" not in stored.read_bytes()
    assert stored.stat().st_mode & 0o077 == 0

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert page.context["job"].status == ImportStatus.CHECKED
    assert b"contacts.csv" in page.content
    assert reverse("transfer:import_start", args=[job.pk]).encode() in page.content

    started = client.post(reverse("transfer:import_start", args=[job.pk]))
    assert started.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert job.imported_by == personas.leader_a
    assert (job.progress_done, job.progress_total) == (8, 8)
    assert job.finished_at is not None and job.import_started_at is not None
    # The file is gone once the job has ended.
    assert job.storage_name == ""
    assert stored_files(settings) == []
    assert Youth.objects.filter(last_name="Importsen").count() == 1
    assert ImportedRow.objects.filter(unit=personas.unit_a).count() == 8

    done = client.get(reverse("transfer:import_job", args=[job.pk]))
    assert b'<progress class="import-progress" id="import-progress-bar" max="8" value="8"' in (
        done.content
    )
    # Upload, start and end are in the audit log, by the leader.
    rows = AuditEvent.objects.filter(object_type="transfer.importjob", object_id=str(job.pk))
    assert sorted(rows.values_list("action", flat=True)) == ["create", "update", "update"]
    assert set(rows.values_list("actor_id", flat=True)) == {personas.leader_a.pk}


def test_importing_the_same_bundle_again_adds_nothing_and_the_preview_says_so(personas, login):
    client = login(personas.leader_a)
    upload(client, valid_bundle(), unit=personas.unit_a)
    client.post(reverse("transfer:import_start", args=[ImportJob.objects.get().pk]))
    upload(client, valid_bundle(), unit=personas.unit_a)
    again = ImportJob.objects.latest("pk")
    assert again.new_rows == 0
    assert all(f["already"] == f["rows"] for f in again.summary)


def test_an_invalid_bundle_shows_every_error_and_imports_nothing(personas, login, settings):
    client = login(personas.leader_a)
    upload(client, invalid_bundle(), unit=personas.unit_a)
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.INVALID
    assert len(job.errors) == 2
    assert job.errors[0].startswith("contacts.csv:3: channel: ")
    assert job.errors[1].startswith("contacts.csv:4: place_id: ")
    assert stored_files(settings) == []
    page = client.get(reverse("transfer:import_job", args=[job.pk]))
    assert b"contacts.csv:3: channel: " in page.content
    assert b"contacts.csv:4: place_id: " in page.content
    assert reverse("transfer:import_start", args=[job.pk]).encode() not in page.content
    # It cannot be imported: refused in words, and nothing is written.
    refused = client.post(reverse("transfer:import_start", args=[job.pk]))
    assert refused.status_code == 400
    job.refresh_from_db()
    assert job.status == ImportStatus.INVALID
    assert ImportedRow.objects.count() == 0


def test_the_stored_errors_quote_no_youths_cell_and_no_youths_id(personas, login):
    """The errors are kept on the job and shown unaudited: a youth's name, birth date or
    national id (as a cell, as a header taken from a file with none, or as the old system's
    youth id a row refers to) never appears in them, only file, line and column."""
    secret = ("Sofie", "Hemmelig", "01020312345", "1999-99-99", "jentete", "24110699999")
    youths = "Sofie,Hemmelig,01020312345\n"  # no header row: the first youth is read as the header
    bad_youths = "id,first_name,last_name,birth_date,gender\ny-1,Ida,Importsen,1999-99-99,jentete\n"
    conversations = "id,date,youth_id,channel\ncon-1,2025-02-03,24110699999,street\n"
    client = login(personas.leader_a)
    for files in (
        {"youths.csv": youths},
        {"youths.csv": bad_youths, "conversations.csv": conversations},
    ):
        upload(client, zipped(files), unit=personas.unit_a)
        job = ImportJob.objects.order_by("-pk").first()
        assert job.status == ImportStatus.INVALID
        assert job.errors
        page = client.get(reverse("transfer:import_job", args=[job.pk])).content.decode()
        for value in secret:
            assert not any(value in error for error in job.errors), job.errors
            assert value not in page
    assert any(e.startswith("youths.csv:2: birth_date: ") for e in job.errors)
    assert any(e.startswith("youths.csv:2: gender: ") for e in job.errors)
    assert any(e.startswith("conversations.csv:2: youth_id: ") for e in job.errors)


def test_a_long_error_list_is_paginated(personas, login):
    rows = ["id,date,place_id,channel,gender,age_group,count"]
    rows += [f"c-{i},2025-01-02,,field,girl,vgs,0" for i in range(60)]
    client = login(personas.leader_a)
    upload(client, zipped({"contacts.csv": "\n".join(rows) + "\n"}), unit=personas.unit_a)
    job = ImportJob.objects.get()
    assert len(job.errors) >= 60
    first = client.get(reverse("transfer:import_job", args=[job.pk]))
    second = client.get(reverse("transfer:import_job", args=[job.pk]), {"side": 2})
    assert len(first.context["errors"].object_list) == 50
    assert list(second.context["errors"].object_list) == job.errors[50:100]


def test_the_progress_endpoint_gives_the_numbers_and_asks_for_a_reload_when_done(personas, login):
    job = ImportJob.objects.create(
        unit=personas.unit_a,
        started_by=personas.leader_a,
        imported_by=personas.leader_a,
        file_name="historikk.zip",
        status=ImportStatus.IMPORTING,
        progress_total=10,
    )
    uploads.write_progress(job.pk, 4, 10)
    client = login(personas.leader_a)
    url = reverse("transfer:import_progress", args=[job.pk])
    response = client.get(url, {"status": "importing"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert b'max="10" value="4"' in response.content
    assert b'hx-trigger="every 1s"' in response.content
    assert "HX-Refresh" not in response
    job.status, job.progress_done = ImportStatus.DONE, 10
    job.save()
    uploads.remove_progress(job.pk)
    finished = client.get(url, {"status": "importing"}, headers={"HX-Request": "true"})
    assert b'max="10" value="10"' in finished.content
    assert b"hx-trigger" not in finished.content
    assert finished["HX-Refresh"] == "true"


@pytest.mark.parametrize("persona", ["los_a", "los_b", "field_c", "partner", "analyst", "admin"])
def test_only_the_units_leader_reaches_its_jobs(personas, login, persona):
    job = ImportJob.objects.create(
        unit=personas.unit_a, started_by=personas.leader_a, file_name="h.zip"
    )
    client = login(getattr(personas, persona))
    for name in ("import_job", "import_progress"):
        assert client.get(reverse(f"transfer:{name}", args=[job.pk])).status_code == 404
    for name in ("import_start", "import_discard"):
        assert client.post(reverse(f"transfer:{name}", args=[job.pk])).status_code == 404


def test_a_leader_of_another_unit_gets_404_and_cannot_upload_into_it(personas, login):
    leader_b = leader_of(personas, personas.unit_b)
    job = ImportJob.objects.create(
        unit=personas.unit_a, started_by=personas.leader_a, file_name="h.zip"
    )
    client = login(leader_b)
    assert client.get(reverse("transfer:import_job", args=[job.pk])).status_code == 404
    assert client.post(reverse("transfer:import_start", args=[job.pk])).status_code == 404
    assert client.get(HOME).status_code == 200
    refused = upload(client, valid_bundle(), unit=personas.unit_a)
    assert refused.status_code == 400  # unit A is not among her choices
    assert not ImportJob.objects.filter(unit=personas.unit_a).exclude(pk=job.pk).exists()
    # Nor does the service let her, whatever the form.
    with pytest.raises(Exception) as refused_service:
        job_services.upload_bundle(
            actor=leader_b,
            unit=personas.unit_a,
            upload=SimpleUploadedFile("h.zip", valid_bundle()),
        )
    assert refused_service.typename == "Http404"


def test_start_and_discard_refuse_a_leader_of_another_unit_called_directly(personas, login):
    """The services ask the policy themselves: called as a script would, with unit A's checked
    job, unit B's leader neither imports it nor discards it."""
    upload(login(personas.leader_a), valid_bundle(), unit=personas.unit_a)
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.CHECKED
    leader_b = leader_of(personas, personas.unit_b)
    updates = AuditEvent.objects.filter(action=AuditAction.UPDATE).count()
    for service in (job_services.start_import, job_services.discard):
        with pytest.raises(Http404):
            service(actor=leader_b, job=job)
        job.refresh_from_db()
        assert job.status == ImportStatus.CHECKED
        assert job.imported_by is None
    assert ImportedRow.objects.count() == 0
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE).count() == updates
    # Her own unit's leader may (the refusal is about the unit, not the call).
    job_services.start_import(actor=personas.leader_a, job=job, run_now=True)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE


def test_the_home_page_lists_only_her_units_jobs_in_constant_queries(personas, login):
    leader_b = leader_of(personas, personas.unit_b)
    ImportJob.objects.create(unit=personas.unit_b, started_by=leader_b, file_name="b.zip")
    client = login(personas.leader_a)

    def make(n):
        for i in range(n):
            ImportJob.objects.create(
                unit=personas.unit_a, started_by=personas.leader_a, file_name=f"a{i}.zip"
            )

    make(2)
    client.get(HOME)  # warm the session
    with CaptureQueriesContext(connection) as few:
        response = client.get(HOME)
    make(10)
    with CaptureQueriesContext(connection) as many:
        client.get(HOME)
    assert len(many) == len(few)
    files = [j.file_name for j in response.context["jobs"]]
    assert sorted(files) == ["a0.zip", "a1.zip"]


def test_a_non_zip_upload_is_refused_in_norwegian(personas, login):
    client = login(personas.leader_a)
    response = upload(client, b"id,name\n1,x\n", unit=personas.unit_a, name="places.csv")
    assert response.status_code == 400
    with translation.override("nb"):
        expected = translation.gettext("The bundle must be a .zip file of CSV files.")
    assert expected in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_too_large_upload_is_refused_in_norwegian(personas, login, settings):
    settings.IMPORT_MAX_MB = 1
    client = login(personas.leader_a)
    # Just over the limit: read, and refused.
    just_over = b"PK\x03\x04" + os.urandom(1024 * 1024)
    response = upload(client, just_over, unit=personas.unit_a)
    assert response.status_code == 400
    assert "Filen er for stor: høyst 1 MB." in response.content.decode()
    # Far over: refused unread, by its length.
    far_over = b"PK\x03\x04" + os.urandom(2 * 1024 * 1024)
    response = upload(client, far_over, unit=personas.unit_a)
    assert response.status_code == 400
    assert "Filen er for stor: høyst 1 MB." in response.content.decode()
    assert not ImportJob.objects.exists()


def test_an_empty_upload_is_refused(personas, login):
    response = upload(login(personas.leader_a), b"", unit=personas.unit_a)
    assert response.status_code == 400
    assert not ImportJob.objects.exists()


def test_a_new_upload_discards_the_one_waiting_and_discarding_deletes_the_file(
    personas, login, settings
):
    client = login(personas.leader_a)
    upload(client, valid_bundle(), unit=personas.unit_a)
    first = ImportJob.objects.get()
    upload(client, valid_bundle(), unit=personas.unit_a)
    second = ImportJob.objects.latest("pk")
    first.refresh_from_db()
    assert first.status == ImportStatus.DISCARDED
    assert [p.name for p in stored_files(settings)] == [second.storage_name]
    response = client.post(reverse("transfer:import_discard", args=[second.pk]))
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == ImportStatus.DISCARDED
    assert stored_files(settings) == []
    assert ImportedRow.objects.count() == 0


def test_one_import_at_a_time_in_a_unit(personas, login):
    running = ImportJob.objects.create(
        unit=personas.unit_a,
        started_by=personas.leader_a,
        file_name="running.zip",
        status=ImportStatus.IMPORTING,
        import_started_at=timezone.now() - timedelta(hours=2),
    )
    uploads.write_progress(running.pk, 10, 100)  # reported just now: still running
    client = login(personas.leader_a)
    upload(client, valid_bundle(), unit=personas.unit_a)
    waiting = ImportJob.objects.get(status=ImportStatus.CHECKED)
    response = client.post(reverse("transfer:import_start", args=[waiting.pk]))
    assert response.status_code == 400
    waiting.refresh_from_db()
    assert waiting.status == ImportStatus.CHECKED


def test_an_import_cut_off_by_a_stopped_worker_gives_way_to_the_next(personas, login):
    cut_off = ImportJob.objects.create(
        unit=personas.unit_a,
        started_by=personas.leader_a,
        file_name="cut-off.zip",
        status=ImportStatus.IMPORTING,
        import_started_at=timezone.now() - job_services.STALE_AFTER - timedelta(minutes=1),
    )
    client = login(personas.leader_a)
    upload(client, valid_bundle(), unit=personas.unit_a)
    waiting = ImportJob.objects.get(status=ImportStatus.CHECKED)
    assert client.post(reverse("transfer:import_start", args=[waiting.pk])).status_code == 302
    cut_off.refresh_from_db()
    waiting.refresh_from_db()
    assert cut_off.status == ImportStatus.FAILED
    assert waiting.status == ImportStatus.DONE


def test_a_bundle_whose_file_is_gone_fails_and_imports_nothing(personas, login, settings):
    client = login(personas.leader_a)
    upload(client, valid_bundle(), unit=personas.unit_a)
    job = ImportJob.objects.get()
    uploads.remove(job.storage_name)
    client.post(reverse("transfer:import_start", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    with translation.override("nb"):
        expected = translation.gettext("The uploaded file could not be read. Nothing was imported.")
    assert job.errors == [expected]
    assert ImportedRow.objects.count() == 0


def test_the_menu_leads_a_leader_to_the_import_and_marks_only_it_current(personas, login):
    page = login(personas.leader_a).get(HOME)
    items = {i["url"]: i["current"] for i in page.context["nav_items"]}
    assert items[HOME] is True
    assert items[reverse("stats:statistics")] is False
    worker = login(personas.los_a).get(reverse("web:dashboard"))
    assert HOME not in {i["url"] for i in worker.context["nav_items"]}


def test_the_demo_step_leaves_the_outreach_units_history_as_a_finished_job(personas, settings):
    from ungsam.access.audit import SystemActor
    from ungsam.lib.demo import DemoContext
    from ungsam.transfer import import_job_demo

    lars = leader_of(personas, personas.unit_c, username="lars.leder")
    demo = DemoContext(scale=1, system=SystemActor("test"), today=date(2026, 11, 26))
    demo.start_step("ungsam.transfer.import_job_demo")
    demo.municipality = personas.municipality
    demo.units = {"Utekontakten Sentrum": personas.unit_c}
    demo.users = {"lars.leder": lars}
    import_job_demo.seed(demo)
    job = ImportJob.objects.get()
    assert (job.status, job.unit, job.started_by, job.imported_by) == (
        ImportStatus.DONE,
        personas.unit_c,
        lars,
        lars,
    )
    assert job.file_name == "utekontakten-2025.zip"
    assert job.new_rows == ImportedRow.objects.filter(unit=personas.unit_c).count() > 500
    assert job.progress_done == job.progress_total == job.total_rows
    assert stored_files(settings) == []
    assert demo.counts["imported history rows"] == job.new_rows


def test_a_worker_stopped_mid_import_leaves_a_failed_job_and_nothing_imported(
    personas, login, monkeypatch
):
    def stopped(**kwargs):
        kwargs["progress"](3, 8)
        raise SystemExit(1)  # the worker's second SIGTERM

    monkeypatch.setattr(job_services, "import_bundle", stopped)
    client = login(personas.leader_a)
    upload(client, valid_bundle(), unit=personas.unit_a)
    job = ImportJob.objects.get()
    with pytest.raises(SystemExit):
        job_services.start_import(actor=personas.leader_a, job=job, run_now=True)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert len(job.errors) == 1 and job.storage_name == ""
    assert uploads.read_progress(job.pk) is None
    assert ImportedRow.objects.count() == 0
