"""The journal of a case: an entry is a draft its author alone sees and changes, until she signs
it; a signed entry is never changed or deleted — not by the services, not by the model, not by
SQL through the app's own connection (a trigger) — and a mistake is put right by a correction,
a new version linked to the old, with both texts in the history. Attachments are PDF, PNG or
JPEG by their first bytes, within the size limit, stored encrypted outside the web root and
served only to readers of the case."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import set_journal_triggers
from ungsam.access.models import AuditEvent
from ungsam.cases import journal_services as js
from ungsam.cases.models import JournalAttachment, JournalEntry, SignedEntryError

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def case_of(p):
    return p.youth_a.cases.get()


def draft(p, text="Samtale med Anna på kontoret om fraværet.", actor=None, **extra):
    values = {"kind": "conversation", "occurred_on": timezone.localdate(), "text": text}
    values.update(extra)
    return js.journal_entry_create(
        actor=actor or p.los_a, purpose="casework", case_id=case_of(p).pk, **values
    )


def signed(p, text="Hjemmebesøk: Anna og mor var hjemme.", actor=None, **extra):
    entry = draft(p, text, actor=actor, **extra)
    return js.journal_entry_sign(actor=actor or p.los_a, purpose="casework", entry_id=entry.pk)


def upload(data=PDF, name="notat.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def page_text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# --- The flow -------------------------------------------------------------------------------


def test_a_draft_is_the_authors_alone_until_she_signs_it(personas, login):
    case = case_of(personas)
    client = login(personas.los_a)
    response = client.post(
        f"/saker/{case.pk}/journal/",
        {
            "kind": "home_visit",
            "occurred_on": timezone.localdate().isoformat(),
            "text": "Hjemmebesøk hos Anna og mor. Avtalt vekking to dager i uka.",
            "action": "draft",
        },
    )
    entry = JournalEntry.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/saker/journal/{entry.pk}/"
    assert (entry.status, entry.author, entry.kind) == ("draft", personas.los_a, "home_visit")
    page = page_text(client.get(f"/saker/journal/{entry.pk}/"))
    assert "Et utkast: bare du ser det." in page and "Signer" in page

    # Not even her leader sees the draft: not in the list, not by its id.
    leader = login(personas.leader_a)
    assert leader.get(f"/saker/journal/{entry.pk}/").status_code == 404
    listed = page_text(leader.get(f"/saker/{case.pk}/journal/"))
    assert "Avtalt vekking" not in listed and "Ingen journalnotater ennå." in listed

    client = login(personas.los_a)
    response = client.post(f"/saker/journal/{entry.pk}/signer/")
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == "signed" and entry.signed_by == personas.los_a and entry.signed_at
    leader = login(personas.leader_a)
    listed = page_text(leader.get(f"/saker/{case.pk}/journal/"))
    assert "Avtalt vekking" in listed and "Hjemmebesøk" in listed and "Signert" in listed


def test_save_and_sign_at_once_from_the_journal_page(personas, login):
    case = case_of(personas)
    client = login(personas.leader_a)
    response = client.post(
        f"/saker/{case.pk}/journal/",
        {
            "kind": "school_contact",
            "occurred_on": timezone.localdate().isoformat(),
            "text": "Ringte kontaktlærer om fraværet i matematikk.",
            "action": "sign",
        },
        follow=True,
    )
    assert "Notatet er signert. Det kan ikke lenger endres." in page_text(response)
    assert JournalEntry.objects.get().status == "signed"


def test_the_author_changes_and_deletes_her_draft_and_nobody_else_can(
    personas, login, django_capture_on_commit_callbacks
):
    entry = draft(personas)
    add = js.journal_attachment_add(
        actor=personas.los_a, purpose="casework", entry_id=entry.pk, upload=upload()
    )
    stored = Path(personas_attachment_dir()) / add.storage_name[:2] / add.storage_name
    assert stored.exists()
    leader = login(personas.leader_a)
    for url in ("endre/", "signer/", "slett/"):
        method = leader.get if url == "endre/" else leader.post
        assert method(f"/saker/journal/{entry.pk}/{url}").status_code == 404
    client = login(personas.los_a)
    response = client.post(
        f"/saker/journal/{entry.pk}/endre/",
        {
            "kind": "phone",
            "occurred_on": timezone.localdate().isoformat(),
            "text": "Ringte Anna. Hun kommer på skolen i morgen.",
            "action": "draft",
        },
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.kind, entry.text) == ("phone", "Ringte Anna. Hun kommer på skolen i morgen.")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/saker/journal/{entry.pk}/slett/")
    assert response.status_code == 302
    assert not JournalEntry.objects.exists() and not JournalAttachment.objects.exists()
    assert not stored.exists()


def personas_attachment_dir():
    from django.conf import settings

    return settings.ATTACHMENT_DIR


# --- A signed entry is fixed: services, model, database -------------------------------------


def test_the_services_refuse_to_change_a_signed_entry(personas, login):
    entry = signed(personas)
    message = "Et signert journalnotat kan aldri endres eller slettes: skriv en korrigering."
    with pytest.raises(ValidationError, match=message):
        js.journal_entry_update(
            actor=personas.los_a,
            purpose="casework",
            entry_id=entry.pk,
            kind="other",
            occurred_on=entry.occurred_on,
            text="Omskrevet.",
        )
    with pytest.raises(ValidationError, match=message):
        js.journal_entry_delete(actor=personas.los_a, purpose="casework", entry_id=entry.pk)
    with pytest.raises(ValidationError, match=message):
        js.journal_attachment_add(
            actor=personas.los_a, purpose="casework", entry_id=entry.pk, upload=upload()
        )
    with pytest.raises(ValidationError, match=message):
        js.journal_entry_sign(actor=personas.los_a, purpose="casework", entry_id=entry.pk)
    client = login(personas.los_a)
    response = client.post(
        f"/saker/journal/{entry.pk}/endre/",
        {"kind": "other", "occurred_on": entry.occurred_on.isoformat(), "text": "Omskrevet."},
        follow=True,
    )
    assert message in page_text(response)
    response = client.post(f"/saker/journal/{entry.pk}/slett/", follow=True)
    assert message in page_text(response)
    entry.refresh_from_db()
    assert entry.text == "Hjemmebesøk: Anna og mor var hjemme." and entry.kind == "conversation"
    assert not JournalAttachment.objects.exists()
    assert not [p for p in Path(personas_attachment_dir()).rglob("*") if p.is_file()]


def test_the_model_refuses_to_change_a_signed_entry(personas):
    entry = signed(personas)
    entry.text = "Omskrevet."
    with pytest.raises(SignedEntryError):
        entry.save()
    # Even an instance that pretends to be a draft, or is built from the id alone.
    entry.status = "draft"
    with pytest.raises(SignedEntryError):
        entry.save()
    ghost = JournalEntry(
        pk=entry.pk,
        case=entry.case,
        kind="other",
        text="x",
        author=personas.los_a,
        occurred_on=entry.occurred_on,
    )
    with pytest.raises(SignedEntryError):
        ghost.save()
    with pytest.raises(SignedEntryError):
        entry.delete()
    with pytest.raises(SignedEntryError):
        JournalEntry.objects.filter(pk=entry.pk).update(text="Omskrevet.")
    with pytest.raises(SignedEntryError):
        JournalEntry.objects.all().delete()
    assert JournalEntry.objects.get().text == "Hjemmebesøk: Anna og mor var hjemme."


def test_the_model_fixes_a_signed_entrys_attachments(personas):
    entry = draft(personas)
    attachment = js.journal_attachment_add(
        actor=personas.los_a, purpose="casework", entry_id=entry.pk, upload=upload()
    )
    js.journal_entry_sign(actor=personas.los_a, purpose="casework", entry_id=entry.pk)
    attachment.file_name = "annet.pdf"
    with pytest.raises(SignedEntryError):
        attachment.save()
    with pytest.raises(SignedEntryError):
        attachment.delete()
    extra = JournalAttachment(
        entry=entry,
        file_name="x.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
        storage_name="f" * 32,
        uploaded_by=personas.los_a,
    )
    with pytest.raises(SignedEntryError):
        extra.save()


@pytest.fixture
def guarded(personas):
    """The journal's triggers back on (as the app runs), inside the test's transaction."""
    set_journal_triggers(on=True)
    entry = draft(personas)
    attachment = js.journal_attachment_add(
        actor=personas.los_a, purpose="casework", entry_id=entry.pk, upload=upload()
    )
    js.journal_entry_sign(actor=personas.los_a, purpose="casework", entry_id=entry.pk)
    return entry, attachment


SQL_ON_SIGNED = [
    "UPDATE cases_journalentry SET text = 'Omskrevet.' WHERE id = {entry}",
    "UPDATE cases_journalentry SET status = 'draft', signed_at = NULL, signed_by_id = NULL "
    "WHERE id = {entry}",
    "DELETE FROM cases_journalentry WHERE id = {entry}",
    "UPDATE cases_journalattachment SET file_name = 'annet.pdf' WHERE id = {attachment}",
    "DELETE FROM cases_journalattachment WHERE id = {attachment}",
    "INSERT INTO cases_journalattachment (entry_id, file_name, content_type, size, sha256, "
    "storage_name, uploaded_by_id, uploaded_at) SELECT entry_id, 'x.pdf', content_type, size, "
    "sha256, 'ffffffffffffffffffffffffffffffff', uploaded_by_id, uploaded_at "
    "FROM cases_journalattachment WHERE id = {attachment}",
]
if connection.vendor == "postgresql":
    SQL_ON_SIGNED += ["TRUNCATE cases_journalattachment", "TRUNCATE cases_journalentry CASCADE"]
else:
    # SQLite's REPLACE deletes the row it collides with without its DELETE trigger.
    SQL_ON_SIGNED += [
        "INSERT OR REPLACE INTO cases_journalentry SELECT * FROM cases_journalentry "
        "WHERE id = {entry}",
        "REPLACE INTO cases_journalattachment SELECT * FROM cases_journalattachment "
        "WHERE id = {attachment}",
    ]


@pytest.mark.parametrize("statement", SQL_ON_SIGNED)
def test_the_database_refuses_to_change_a_signed_entry(guarded, statement):
    entry, attachment = guarded
    with pytest.raises(DatabaseError, match="signed journal entry"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(statement.format(entry=entry.pk, attachment=attachment.pk))
    stored = JournalEntry.objects.values_list("text", "status").get(pk=entry.pk)
    assert stored == ("Samtale med Anna på kontoret om fraværet.", "signed")
    assert JournalAttachment.objects.filter(entry=entry).count() == 1


def test_the_database_lets_a_draft_be_changed_signed_and_deleted(guarded, personas):
    other = draft(personas, "Et utkast.")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cases_journalentry SET text = 'Endret.' WHERE id = %s", [other.pk])
    js.journal_attachment_add(
        actor=personas.los_a, purpose="casework", entry_id=other.pk, upload=upload()
    )
    js.journal_entry_delete(actor=personas.los_a, purpose="casework", entry_id=other.pk)
    third = draft(personas, "Et til.")
    js.journal_entry_sign(actor=personas.los_a, purpose="casework", entry_id=third.pk)
    assert JournalEntry.objects.filter(status="signed").count() == 2


# --- Corrections ----------------------------------------------------------------------------


def test_a_correction_is_a_new_version_and_the_history_shows_both(personas, login):
    original = signed(personas, "Anna var ikke på skolen mandag.")
    client = login(personas.leader_a)  # anyone who writes in the case's journal corrects
    form = client.get(f"/saker/journal/{original.pk}/korriger/")
    assert "Anna var ikke på skolen mandag." in page_text(form)
    response = client.post(
        f"/saker/journal/{original.pk}/korriger/",
        {
            "kind": "conversation",
            "occurred_on": original.occurred_on.isoformat(),
            "text": "Anna var ikke på skolen tirsdag.",
            "correction_note": "Feil ukedag.",
            "action": "sign",
        },
    )
    correction = JournalEntry.objects.exclude(pk=original.pk).get()
    assert response.status_code == 302
    assert (correction.corrects, correction.original, correction.version) == (
        original,
        original,
        2,
    )
    assert correction.status == "signed" and correction.author == personas.leader_a
    original.refresh_from_db()
    assert original.text == "Anna var ikke på skolen mandag." and original.status == "signed"

    client = login(personas.los_a)
    listed = page_text(client.get(f"/saker/{case_of(personas).pk}/journal/"))
    assert "tirsdag" in listed and "mandag" not in listed  # the newest version only
    assert "korrigert, versjon 2" in listed
    old = page_text(client.get(f"/saker/journal/{original.pk}/"))
    assert "Denne versjonen er korrigert." in old and "Les korrigeringen (versjon 2)" in old
    assert "Korriger" not in old.split("Vedlegg")[0].split("Denne versjonen er korrigert.")[1]
    new = page_text(client.get(f"/saker/journal/{correction.pk}/"))
    assert "Historikk: alle versjoner" in new
    assert "Anna var ikke på skolen mandag." in new and "Anna var ikke på skolen tirsdag." in new
    assert "Feil ukedag." in new

    # Only the newest version is corrected, and a correction says what and why.
    with pytest.raises(ValidationError, match="allerede korrigert"):
        js.journal_entry_correct(
            actor=personas.los_a,
            purpose="casework",
            entry_id=original.pk,
            kind="conversation",
            occurred_on=original.occurred_on,
            text="Tredje forsøk.",
            correction_note="Igjen.",
        )
    response = client.post(
        f"/saker/journal/{correction.pk}/korriger/",
        {
            "kind": "conversation",
            "occurred_on": original.occurred_on.isoformat(),
            "text": "Uten begrunnelse.",
            "action": "sign",
        },
    )
    assert response.status_code == 400 and "Feltet er påkrevet." in page_text(response)


def test_two_draft_corrections_of_one_entry_only_one_is_signed(personas):
    original = signed(personas, "Første versjon.")
    values = {
        "purpose": "casework",
        "entry_id": original.pk,
        "kind": "conversation",
        "occurred_on": original.occurred_on,
        "correction_note": "Rettet.",
    }
    mine = js.journal_entry_correct(actor=personas.los_a, text="Lises retting.", **values)
    theirs = js.journal_entry_correct(actor=personas.leader_a, text="Leos retting.", **values)
    js.journal_entry_sign(actor=personas.leader_a, purpose="casework", entry_id=theirs.pk)
    with pytest.raises(ValidationError, match="allerede korrigert"):
        js.journal_entry_sign(actor=personas.los_a, purpose="casework", entry_id=mine.pk)
    assert JournalEntry.objects.get(pk=mine.pk).status == "draft"


# --- A closed case ---------------------------------------------------------------------------


def test_a_closed_cases_journal_is_read_only(personas, login):
    from ungsam.cases import services

    entry = signed(personas)
    services.case_close(
        actor=personas.los_a,
        purpose="casework",
        case_id=case_of(personas).pk,
        outcome="in_school",
        reason="Tilbake på skolen.",
    )
    client = login(personas.los_a)
    page = page_text(client.get(f"/saker/{case_of(personas).pk}/journal/"))
    assert "Saken er avsluttet: journalen kan leses, men ikke skrives i." in page
    assert "Nytt notat" not in page and "Hjemmebesøk: Anna og mor var hjemme." in page
    response = client.post(
        f"/saker/{case_of(personas).pk}/journal/",
        {"kind": "other", "occurred_on": timezone.localdate().isoformat(), "text": "Etterpå."},
    )
    assert response.status_code == 400
    assert "journalen kan leses, men ikke skrives i." in page_text(response)
    assert JournalEntry.objects.count() == 1
    with pytest.raises(ValidationError, match="avsluttet"):
        js.journal_entry_correct(
            actor=personas.los_a,
            purpose="casework",
            entry_id=entry.pk,
            kind="other",
            occurred_on=entry.occurred_on,
            text="Ny.",
            correction_note="Feil.",
        )
    assert (
        "Korriger"
        not in page_text(client.get(f"/saker/journal/{entry.pk}/"))
        .split("Vedlegg")[0]
        .split("Status")[1]
    )


# --- Bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, message",
    [
        ({"kind": "", "text": "Tekst."}, "Feltet er påkrevet."),
        ({"kind": "dream", "text": "Tekst."}, "Velg et gyldig valg."),
        ({"kind": "other", "text": "   "}, "Feltet er påkrevet."),
        ({"kind": "other", "text": "Med \x01 i."}, "tegn som ikke er tillatt"),
        (
            {"kind": "other", "text": "Fram i tid.", "occurred_on": "2999-01-01"},
            "fra år 2000 til i dag",
        ),
        (
            {"kind": "other", "text": "Gammelt.", "occurred_on": "1899-01-01"},
            "fra år 2000 til i dag",
        ),
        ({"kind": "other", "text": "x" * 20001}, "20000"),
    ],
)
def test_bad_input_is_refused_whole_in_norwegian(personas, login, data, message):
    client = login(personas.los_a)
    form = {"occurred_on": timezone.localdate().isoformat(), "action": "sign", **data}
    response = client.post(f"/saker/{case_of(personas).pk}/journal/", form)
    assert response.status_code == 400
    assert message in page_text(response)
    assert not JournalEntry.objects.exists()


# --- Attachments ------------------------------------------------------------------------------


def test_an_attachment_is_stored_encrypted_outside_the_web_root_and_served_to_readers(
    personas, login
):
    from django.conf import settings

    entry = draft(personas)
    client = login(personas.los_a)
    response = client.post(
        f"/saker/journal/{entry.pk}/vedlegg/ny/",
        {"file": upload(PNG, name="../../Anna Fiktivsen\u202e.txt.png", content_type="text/plain")},
    )
    assert response.status_code == 302
    attachment = JournalAttachment.objects.get()
    assert attachment.content_type == "image/png"  # from the bytes, not what the browser said
    assert attachment.file_name == "Anna Fiktivsen.txt.png"
    assert attachment.size == len(PNG) and len(attachment.sha256) == 64
    assert re.fullmatch(r"[0-9a-f]{32}", attachment.storage_name)
    stored = Path(settings.ATTACHMENT_DIR) / attachment.storage_name[:2] / attachment.storage_name
    raw = stored.read_bytes()
    assert PNG not in raw and b"IHDR" not in raw  # encrypted at rest
    assert stored.stat().st_mode & 0o077 == 0
    assert not str(stored).startswith(str(settings.STATIC_ROOT))
    js.journal_entry_sign(actor=personas.los_a, purpose="casework", entry_id=entry.pk)

    page = page_text(client.get(f"/saker/journal/{entry.pk}/"))
    assert f'href="/saker/journal/vedlegg/{attachment.pk}/"' in page
    for persona in ("los_a", "leader_a"):
        response = login(getattr(personas, persona)).get(f"/saker/journal/vedlegg/{attachment.pk}/")
        assert response.status_code == 200
        assert response.content == PNG
        assert response["Content-Type"] == "image/png"
        assert response["Content-Disposition"] == 'attachment; filename="Anna Fiktivsen.txt.png"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response["Cache-Control"]
    for persona in ("los_b", "field_c", "partner", "analyst", "admin"):
        response = login(getattr(personas, persona)).get(f"/saker/journal/vedlegg/{attachment.pk}/")
        assert response.status_code == 404, persona
    reads = AuditEvent.objects.filter(
        action="view", object_type="cases.journalattachment", object_id=str(attachment.pk)
    )
    assert reads.count() == 2 and all(r.fields == ["file"] for r in reads)


def test_a_program_renamed_to_pdf_is_refused(personas, login):
    entry = draft(personas)
    client = login(personas.los_a)
    response = client.post(
        f"/saker/journal/{entry.pk}/vedlegg/ny/",
        {"file": upload(EXE, name="vedtak.pdf", content_type="application/pdf")},
    )
    assert response.status_code == 400
    assert "Bare PDF-, PNG- og JPEG-filer kan legges ved." in page_text(response)
    assert not JournalAttachment.objects.exists()
    assert not [p for p in Path(personas_attachment_dir()).rglob("*") if p.is_file()]


def test_a_file_over_the_limit_is_refused(personas, login, settings):
    settings.ATTACHMENT_MAX_MB = 1
    entry = draft(personas)
    client = login(personas.los_a)
    big = PDF + b"0" * (1024 * 1024)
    response = client.post(f"/saker/journal/{entry.pk}/vedlegg/ny/", {"file": upload(big)})
    assert response.status_code == 400
    assert "Filen er for stor: høyst 1 MB." in page_text(response)
    assert not JournalAttachment.objects.exists()
    just = PDF + b"0" * (1024 * 1024 - len(PDF))
    response = client.post(f"/saker/journal/{entry.pk}/vedlegg/ny/", {"file": upload(just)})
    assert response.status_code == 302 and JournalAttachment.objects.count() == 1


def test_an_attachment_of_a_draft_is_its_authors_alone(personas, login):
    entry = draft(personas)
    attachment = js.journal_attachment_add(
        actor=personas.los_a, purpose="casework", entry_id=entry.pk, upload=upload()
    )
    assert (
        login(personas.leader_a).get(f"/saker/journal/vedlegg/{attachment.pk}/").status_code == 404
    )
    assert login(personas.los_a).get(f"/saker/journal/vedlegg/{attachment.pk}/").status_code == 200


def test_a_changed_file_on_disk_is_never_served(personas, login):
    from django.conf import settings

    entry = draft(personas)
    attachment = js.journal_attachment_add(
        actor=personas.los_a, purpose="casework", entry_id=entry.pk, upload=upload()
    )
    stored = Path(settings.ATTACHMENT_DIR) / attachment.storage_name[:2] / attachment.storage_name
    raw = bytearray(stored.read_bytes())
    raw[-1] ^= 1
    stored.write_bytes(bytes(raw))
    response = login(personas.los_a).get(f"/saker/journal/vedlegg/{attachment.pk}/")
    assert response.status_code == 500
    assert "Vedlegget kan ikke leses" in page_text(response)
    assert PDF not in response.content


# --- Access and audit -------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["los_b", "field_c", "partner", "analyst", "admin"])
def test_others_see_nothing_of_the_journal(personas, login, persona):
    entry = signed(personas)
    client = login(getattr(personas, persona))
    for url in (
        f"/saker/{case_of(personas).pk}/journal/",
        f"/saker/journal/{entry.pk}/",
        f"/saker/journal/{entry.pk}/korriger/",
    ):
        assert client.get(url).status_code == 404, url
    with pytest.raises(Exception) as refused:
        js.journal_entry_correct(
            actor=getattr(personas, persona),
            purpose="casework",
            entry_id=entry.pk,
            kind="other",
            occurred_on=entry.occurred_on,
            text="Inntrenger.",
            correction_note="x",
        )
    assert refused.type.__name__ == "Http404"
    assert JournalEntry.objects.count() == 1


def test_every_read_and_write_is_audited_without_the_text(personas, login):
    client = login(personas.los_a)
    case = case_of(personas)
    secret = "Anna fortalte om hemmeligheten sin."
    client.post(
        f"/saker/{case.pk}/journal/",
        {
            "kind": "conversation",
            "occurred_on": timezone.localdate().isoformat(),
            "text": secret,
            "action": "sign",
        },
    )
    entry = JournalEntry.objects.get()
    client.get(f"/saker/{case.pk}/journal/")
    client.get(f"/saker/journal/{entry.pk}/")
    rows = AuditEvent.objects.filter(actor=personas.los_a)
    actions = {(r.action, r.object_type) for r in rows}
    assert ("create", "cases.journalentry") in actions
    assert ("update", "cases.journalentry") in actions  # the signature
    assert ("view", "cases.journalentry") in actions
    assert any(r.object_type == "cases.case" and "journal" in r.fields for r in rows)
    signing = rows.get(action="update", object_type="cases.journalentry")
    assert signing.fields == ["status", "signed_at", "signed_by"]
    assert all(secret not in str(r.fields) for r in AuditEvent.objects.all())
    assert all(
        r.subjects.get().youth_id == personas.youth_a.pk
        for r in rows.filter(object_type="cases.journalentry")
    )


def test_the_journal_page_costs_the_same_queries_for_few_and_many_entries(personas, login):
    def grow(n):
        for i in range(n):
            entry = draft(personas, f"Notat {i}.")
            if i % 3 == 0:
                js.journal_attachment_add(
                    actor=personas.los_a, purpose="casework", entry_id=entry.pk, upload=upload()
                )
            js.journal_entry_sign(actor=personas.los_a, purpose="casework", entry_id=entry.pk)
            if i % 4 == 0:
                js.journal_entry_correct(
                    actor=personas.los_a,
                    purpose="casework",
                    entry_id=entry.pk,
                    kind="phone",
                    occurred_on=entry.occurred_on - timedelta(days=1),
                    text=f"Notat {i}, rettet.",
                    correction_note="Feil dato.",
                )
        draft(personas, "Et utkast til.")

    client = login(personas.los_a)
    url = f"/saker/{case_of(personas).pk}/journal/"

    def count():
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries), len(response.context["page"].object_list), ctx

    grow(2)
    few, shown_few, _ = count()
    grow(15)
    many, shown_many, ctx = count()
    assert shown_many > shown_few
    assert many == few, "\n".join(q["sql"] for q in ctx.captured_queries)


def test_the_kind_filter_shows_one_type(personas, login):
    signed(personas, "Samtalen.")
    signed(personas, "Telefonen.", kind="phone")
    client = login(personas.los_a)
    page = page_text(client.get(f"/saker/{case_of(personas).pk}/journal/?type=phone"))
    assert "Telefonen." in page and "Samtalen." not in page
    page = page_text(client.get(f"/saker/{case_of(personas).pk}/journal/?type=nonsense"))
    assert "Telefonen." in page and "Samtalen." in page


def test_the_case_page_links_to_the_journal(personas, login):
    case = case_of(personas)
    page = login(personas.los_a).get(f"/saker/{case.pk}/").content.decode()
    assert f'href="/saker/{case.pk}/journal/"' in page and ">Journal<" in page


def test_it_reads_bytes_as_the_sniffer_does():
    from ungsam.cases.attachments import clean_file_name, sniff

    assert sniff(PDF) == "application/pdf" and sniff(PNG) == "image/png"
    assert sniff(b"\xff\xd8\xff\xe0JFIF") == "image/jpeg" and sniff(EXE) is None
    assert sniff(b"<html>%PDF-") is None
    assert clean_file_name("C:\\Users\\x\\rapport.exe", "application/pdf") == "rapport.pdf"
    assert clean_file_name("", "image/png") == "vedlegg.png"
    assert clean_file_name("a<b>\x00c.pdf", "application/pdf") == "a_b_c.pdf"


def test_the_app_refuses_an_attachment_folder_that_is_served(settings):
    from pathlib import Path

    from ungsam.web.checks import attachment_settings

    assert attachment_settings(None) == []
    settings.ATTACHMENT_DIR = str(Path(settings.STATIC_ROOT) / "vedlegg")
    assert [e.id for e in attachment_settings(None)] == ["ungsam.E005"]
    settings.ATTACHMENT_DIR = str(Path(settings.BASE_DIR))  # around the static files
    assert "ungsam.E005" in {e.id for e in attachment_settings(None)}


def test_the_leader_reads_the_journals_audit_rows_in_words(personas, login):
    entry = signed(personas)
    client = login(personas.los_a)
    client.get(f"/saker/{case_of(personas).pk}/journal/")
    client.get(f"/saker/journal/{entry.pk}/")
    leader = login(personas.leader_a)
    page = page_text(leader.get("/logg/"))
    assert "kontaktpersoner, journalen" in page and "signert, signert av" in page
    assert "hver versjon av journalnotatet" in page
    assert "Hjemmebesøk: Anna og mor var hjemme." not in page
    for fmt in ("json", "pdf"):
        response = leader.get(f"/ungdom/{personas.youth_a.pk}/innsyn.{fmt}")
        assert response.status_code == 200


@pytest.fixture
def los_client(personas, login):
    return login(personas.los_a)


_ANY = st.one_of(st.none(), st.text(max_size=300), st.integers().map(str))


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    data=st.fixed_dictionaries(
        {},
        optional={
            "kind": st.one_of(st.sampled_from(["conversation", "phone", "x"]), _ANY),
            "occurred_on": st.one_of(st.dates().map(str), _ANY),
            "text": _ANY,
            "correction_note": _ANY,
            "action": st.sampled_from(["sign", "draft", "", "x"]),
        },
    ).map(lambda d: {k: v for k, v in d.items() if v is not None})
)
def test_any_input_to_the_journal_is_saved_or_refused_whole(personas, los_client, data):
    entry = JournalEntry.objects.filter(status="signed").first() or signed(personas)
    before = JournalEntry.objects.count()
    for url in (f"/saker/{case_of(personas).pk}/journal/", f"/saker/journal/{entry.pk}/korriger/"):
        response = los_client.post(url, data)
        assert response.status_code in (302, 400)
        if response.status_code == 400:
            assert JournalEntry.objects.count() == before
        before = JournalEntry.objects.count()


def test_the_form_pages_that_show_an_entrys_text_record_the_read(personas, login):
    entry = signed(personas, "Teksten leseren ser i skjemaet.")
    response = login(personas.leader_a).get(f"/saker/journal/{entry.pk}/korriger/")
    assert "Teksten leseren ser i skjemaet." in page_text(response)
    viewed = AuditEvent.objects.filter(
        action="view", actor=personas.leader_a, object_type="cases.journalentry"
    ).get()
    assert "text" in viewed.fields
    assert [s.youth_id for s in viewed.subjects.all()] == [personas.youth_a.pk]


def test_a_probe_of_an_entry_or_a_file_names_the_youth_it_aimed_at(personas, login):
    """The leader sees in her log that someone tried the ids of her youth's journal."""
    entry = signed(personas)
    js.journal_attachment_add(
        actor=personas.los_a, purpose="casework", entry_id=draft(personas).pk, upload=upload()
    )
    attachment = JournalAttachment.objects.get()
    bea = login(personas.los_b)
    assert bea.get(f"/saker/journal/{entry.pk}/").status_code == 404
    assert bea.get(f"/saker/journal/vedlegg/{attachment.pk}/").status_code == 404
    denied = AuditEvent.objects.filter(action="access_denied", actor=personas.los_b)
    assert denied.count() == 2
    for row in denied:
        assert [s.youth_id for s in row.subjects.all()] == [personas.youth_a.pk]


def test_a_full_disk_leaves_no_half_written_file_and_says_so(personas, login, monkeypatch):
    import os

    def full(_fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    entry = draft(personas)
    response = login(personas.los_a).post(
        f"/saker/journal/{entry.pk}/vedlegg/ny/", {"file": upload()}
    )
    assert response.status_code == 400
    assert "Vedlegget kunne ikke lagres" in page_text(response)
    assert not JournalAttachment.objects.exists()
    stored = [p for p in Path(personas_attachment_dir()).rglob("*") if p.is_file()]
    assert stored == []
