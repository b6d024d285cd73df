"""The consent pages as a los and her leader meet them: the list in every state, recording,
the check "does a consent cover it?", withdrawal with confirmation, the printout; bad input is
a Norwegian 400; another unit and partners get 404; every read and write is in the log, in
words."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ungsam.access.models import AuditEvent, Purpose
from ungsam.collab import services
from ungsam.collab.models import Consent
from ungsam.people.models import Guardian


def case_pk(personas):
    return personas.youth_a.cases.get().pk


def url(personas, tail=""):
    return f"/saker/{case_pk(personas)}/samtykke/{tail}"


def text(response):
    return response.content.decode()


def every_state(personas, record, nav):
    """A valid, an expiring, an expired, a withdrawn and a refused consent; one oral."""
    now = timezone.now()
    valid = record(partner_ids=[personas.school.pk], categories=["plan", "school_data"])
    expiring = record(partner_ids=[nav.pk], categories=["contact_details"],
                      valid_from=now - timedelta(days=360), valid_until=now + timedelta(days=3),
                      given_as="oral")  # fmt: skip
    expired = record(valid_from=now - timedelta(days=500), valid_until=now - timedelta(days=135))
    withdrawn = record(partner_ids=[nav.pk], categories=["journal_summaries"])
    services.consent_withdraw(actor=personas.los_a, purpose=Purpose.CASEWORK,
                              case_id=case_pk(personas), consent_id=withdrawn.pk,
                              withdrawn_by="youth", reason="Angret seg.")  # fmt: skip
    refused = record(status="refused", partner_ids=[nav.pk], categories=["assessments"])
    return valid, expiring, expired, withdrawn, refused


def test_the_page_shows_every_state_in_words(personas, login, record, nav):
    every_state(personas, record, nav)
    page = text(login(personas.los_a).get(url(personas)))
    for word in ("gyldig", "utløper snart", "utløpt", "trukket", "avslått"):
        assert f">{word}</span>" in page, word
    assert "Muntlig, dokumentert av Lise Testperson" in page
    assert "ser det samtykket gjelder bare så lenge en av dens folk er med i" in page
    assert "Angret seg." in page
    assert " av ungdommen, registrert av Lise Testperson" in page


def test_the_case_page_links_to_the_consents(personas, login):
    page = text(login(personas.los_a).get(f"/saker/{case_pk(personas)}/"))
    assert f'href="/saker/{case_pk(personas)}/samtykke/"' in page


def test_a_worker_records_a_consent_through_the_form(personas, login, nav):
    mother = Guardian.objects.create(
        youth=personas.youth_a, name="Kari Fiktivsen", relation="mother"
    )
    client = login(personas.los_a)
    form = text(client.get(url(personas, "nytt/")))
    assert "Kari Fiktivsen (mor)" in form
    assert "Fra 16 år samtykker ungdommen selv til deling av helseopplysninger" in form
    assert "Los A" not in form.split("Enheter")[-1].split("</fieldset>")[0]  # not her own unit
    response = client.post(url(personas, "nytt/"), {
        "status": "given", "partners": [personas.school.pk, nav.pk], "units": [personas.unit_b.pk],
        "categories": ["plan", "contact_details"], "sharing_purpose": "Felles plan for skolestart.",
        "given_by_youth": "on", "guardians": [mother.pk], "given_as": "written",
        "valid_until": (timezone.localdate() + timedelta(days=30)).isoformat(),
    })  # fmt: skip
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert consent.givers.get().guardian == mother
    # "Valid to and including" the day: it lapses at the local midnight after it.
    end = timezone.localtime(consent.valid_until)
    assert (end.date(), end.hour, end.minute) == (timezone.localdate() + timedelta(days=31), 0, 0)
    assert "Samtykket er registrert." in text(client.get(url(personas)))


@pytest.mark.parametrize(
    "post, message",
    [
        ({"categories": []}, "Velg minst én type opplysninger."),
        ({"partners": []}, "Velg minst én samarbeidspart eller enhet."),
        ({"given_by_youth": ""}, "Oppgi hvem som ga samtykket"),
        ({"sharing_purpose": ""}, "Feltet er påkrevet."),
        ({"partners": ["999999"]}, "Velg et gyldig valg"),
        ({"valid_from": "2999-01-01"}, "Velg en dato fra år 2000 til i dag."),
        ({"valid_until": "1999-01-01"}, "Velg en dato mellom år 2000 og 2999."),
        ({"given_as": "telepatisk"}, "Velg et gyldig valg"),
        ({"sharing_purpose": "Skjult\u202etekst"}, "usynlige tegn"),
    ],
)
def test_bad_input_is_a_norwegian_400_and_writes_nothing(personas, login, post, message):
    data = {
        "status": "given",
        "partners": [personas.school.pk],
        "categories": ["plan"],
        "sharing_purpose": "Samarbeid.",
        "given_by_youth": "on",
        "given_as": "written",
    }
    data.update(post)
    response = login(personas.los_a).post(url(personas, "nytt/"), data)
    assert response.status_code == 400
    assert message in text(response)
    assert Consent.objects.count() == 0


def test_the_check_says_why_a_consent_does_not_cover_it(personas, login, record, nav):
    record(partner_ids=[nav.pk], categories=["contact_details"])
    client = login(personas.los_a)
    to_nav = f"org:{nav.pk}"
    page = text(client.get(url(personas), {"recipient": to_nav, "category": "journal_summaries"}))
    assert "Samtykket gjelder ikke journalsammendrag til NAV Testvik." in page
    page = text(client.get(url(personas), {"recipient": to_nav, "category": "contact_details"}))
    assert "Samtykket gjelder kontaktopplysninger til NAV Testvik til" in page
    bad = client.get(url(personas), {"recipient": "org:999999", "category": "plan"})
    assert bad.status_code == 400 and "Velg et gyldig valg" in text(bad)


def test_withdrawal_asks_for_confirmation_and_a_reason(personas, login, record):
    consent = record()
    client = login(personas.leader_a)
    target = url(personas, f"{consent.pk}/trekk-tilbake/")
    confirm = text(client.get(target))
    assert "Tilbaketrekkingen gjelder med en gang og er endelig" in confirm
    refused = client.post(target, {"withdrawn_by": "youth", "reason": ""})
    assert refused.status_code == 400 and "Feltet er påkrevet." in text(refused)
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    done = client.post(target, {"withdrawn_by": "youth", "reason": "Vil ikke mer."})
    assert done.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawal_recorded_by == personas.leader_a
    again = client.post(target, {"withdrawn_by": "youth", "reason": "En gang til."})
    assert again.status_code == 400
    assert "en tilbaketrekking er endelig" in text(again)
    assert "ingenting å trekke tilbake" in text(client.get(target))


def test_the_printout_speaks_plainly(personas, login, record, nav):
    consent = record(partner_ids=[personas.school.pk, nav.pk], categories=["plan"])
    page = text(login(personas.los_a).get(url(personas, f"{consent.pk}/utskrift/")))
    for words in ("Dette har du sagt ja til", "Testvik skole", "NAV Testvik", "Tiltaksplan",
                  "Samarbeid med skolen om oppmøte.", "Du kan ombestemme deg",
                  "uten å si hvorfor"):  # fmt: skip
        assert words in page, words
    row = AuditEvent.objects.filter(action="view", object_type="cases.case").last()
    assert "print" in row.fields and "consents" in row.fields


def test_another_unit_and_partners_get_404_and_the_probe_is_recorded(personas, login, record):
    consent = record()
    for outsider in (personas.los_b, personas.partner, personas.field_c):
        client = login(outsider)
        for tail in ("", "nytt/", f"{consent.pk}/trekk-tilbake/", f"{consent.pk}/utskrift/"):
            assert client.get(url(personas, tail)).status_code == 404, (outsider, tail)
        response = client.post(url(personas, f"{consent.pk}/trekk-tilbake/"),
                               {"withdrawn_by": "youth", "reason": "x"})  # fmt: skip
        assert response.status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    assert AuditEvent.objects.filter(actor=personas.los_b, action="access_denied").exists()


def test_a_consent_of_another_case_is_404(personas, login, record):
    consent = record()
    other_case = personas.youth_a2.cases.get().pk
    client = login(personas.leader_a)  # leads both cases
    assert client.get(f"/saker/{other_case}/samtykke/{consent.pk}/utskrift/").status_code == 404


def test_the_leader_reads_consent_activity_in_words_in_the_log(personas, login, record, nav):
    every_state(personas, record, nav)
    login(personas.los_a).get(url(personas))
    page = text(login(personas.leader_a).get("/logg/"))
    for words in ("samtykker", "opplysningstyper", "gyldig til", "trukket tilbake av",
                  "om tilbaketrekkingen", "skriftlig eller muntlig"):  # fmt: skip
        assert words in page, words
    for raw in ("withdrawn_at", "valid_until", "given_as", "sharing_purpose", "categories"):
        assert raw not in page, raw


def test_the_consent_page_costs_the_same_for_3_and_9_consents(personas, login, record, nav):
    client = login(personas.los_a)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(personas)).status_code == 200
        return len(ctx.captured_queries)

    for _ in range(3):
        record(partner_ids=[personas.school.pk, nav.pk], unit_ids=[personas.unit_b.pk])
    count()  # the first request of a session loads what later ones have cached
    few = count()
    for _ in range(6):
        record(partner_ids=[nav.pk], categories=["plan", "attachments", "journal_summaries"])
    assert count() == few
    # Lise is Anna's contact person: her page really lists all nine.
    assert len(client.get(url(personas)).context["consents"]) == 9


def test_the_work_list_warns_of_a_consent_that_expires_within_14_days(personas, login, record):
    from ungsam.cases.models import CaseStage

    case = personas.youth_a.cases.get()
    case.stage = CaseStage.ACTIVE
    case.save(update_fields=["stage"])
    now = timezone.now()
    record(valid_from=now - timedelta(days=300), valid_until=now + timedelta(days=15))
    client = login(personas.los_a)
    warning = "Et samtykke utløper innen 14 dager"
    assert warning not in text(client.get("/saker/arbeidsliste/"))
    record(valid_from=now - timedelta(days=300), valid_until=now + timedelta(days=13))
    assert warning in text(client.get("/saker/arbeidsliste/"))
    assert warning in text(client.get(f"/saker/{case.pk}/"))


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"


def test_a_written_consent_keeps_its_signed_form_encrypted(personas, login, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.ATTACHMENT_DIR = str(tmp_path)
    client = login(personas.los_a)
    data = {
        "status": "given",
        "partners": [personas.school.pk],
        "categories": ["plan"],
        "sharing_purpose": "Samarbeid.",
        "given_by_youth": "on",
        "given_as": "written",
    }
    program = SimpleUploadedFile("skjema.pdf", b"MZ\x90\x00 not a pdf")
    refused = client.post(url(personas, "nytt/"), {**data, "scan": program})
    assert refused.status_code == 400
    assert "Bare PDF-, PNG- og JPEG-filer kan legges ved." in text(refused)
    assert Consent.objects.count() == 0 and not any(tmp_path.rglob("*"))
    oral_scan = {**data, "given_as": "oral", "scan": SimpleUploadedFile("s.pdf", PDF)}
    oral = client.post(url(personas, "nytt/"), oral_scan)
    assert oral.status_code == 400 and Consent.objects.count() == 0
    signed = SimpleUploadedFile("Signert skjema.pdf", PDF)
    done = client.post(url(personas, "nytt/"), {**data, "scan": signed})
    assert done.status_code == 302
    consent = Consent.objects.get()
    stored = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(stored) == 1 and PDF not in stored[0].read_bytes()  # encrypted at rest
    download = client.get(url(personas, f"{consent.pk}/skjema/"))
    assert download.status_code == 200 and download.content == PDF
    assert download["Content-Disposition"].startswith("attachment")
    assert AuditEvent.objects.filter(action="view", object_type="collab.consentscan").exists()
    assert login(personas.los_b).get(url(personas, f"{consent.pk}/skjema/")).status_code == 404
