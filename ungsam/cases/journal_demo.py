"""The journal in the demo: each followed-up case has signed entries over its time — talks,
home visits, phone calls, meetings, school contacts — in fictitious Norwegian, some corrected
(both versions in the history), a few drafts its contact person has not signed yet, and a
couple of small attachments (a one-page PDF and a tiny PNG made here; no personal data). One
step of `manage.py seed_demo` (ungsam/lib/demo.py), after the assessments.

The entries are written and signed through the services as the contact person; their dates
lie in the past, so each draft's writing time is dated back before it is signed (a draft may
change) and the signature is given its day (`at`, which only the demo passes)."""

import struct
import zlib
from datetime import datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ungsam.access.models import Purpose
from ungsam.cases import journal_services as js
from ungsam.cases.models import FOLLOWED_STAGES, CaseStatus, EntryKind, JournalEntry
from ungsam.lib.demo import DemoContext

TEXTS = {
    EntryKind.CONVERSATION: [
        "Samtale med {name} på kontoret. Hun forteller at det er lettere å komme seg opp om "
        "morgenen nå, men at matte fortsatt føles uoverkommelig. Avtalt at vi prøver "
        "leksehjelp på biblioteket tirsdager.",
        "Gåtur og prat med {name}. Mye snakk om venner og om hvor slitsomt det er å komme "
        "tilbake etter mye fravær. Vil gjerne ha en fast voksen å ringe til. Ny avtale om to uker.",
        "{name} var motvillig i starten, men åpnet seg etter hvert. Sover dårlig og spiller "
        "mye om natta. Snakket om døgnrytme; hun vil prøve å legge bort mobilen kl. 23.",
        "Oppfølgingssamtale: {name} har vært på skolen fire av fem dager denne uka. Vi gikk "
        "gjennom målene i planen sammen, og hun er selv fornøyd med framgangen.",
    ],
    EntryKind.HOME_VISIT: [
        "Hjemmebesøk. {name} og mor var hjemme. Mor er bekymret for fraværet og ønsker "
        "veiledning; tilbudt plass i foreldreveiledningsgruppe (ICDP). Rolig og ryddig hjemme.",
        "Hjemmebesøk etter to uteblitte avtaler. {name} lukket opp etter en stund. Avtalt "
        "vekking og følge til skolen mandag og onsdag de neste to ukene.",
        "Kort hjemmebesøk sammen med kollega. Far var hjemme, {name} var ute. Far forteller om "
        "mye krangling om skjermbruk. Ny avtale gjort direkte med {name} på telefon etterpå.",
    ],
    EntryKind.PHONE: [
        "Ringte {name} for å minne om avtalen i morgen. Hun svarte og bekreftet at hun kommer.",
        "Telefon fra mor: {name} har vært syk i tre dager, men skal tilbake på skolen fredag.",
        "Forsøkte å ringe {name} to ganger uten svar. Sendte SMS med forslag til nytt tidspunkt.",
    ],
    EntryKind.MEETING: [
        "Oppfølgingsmøte på skolen med {name}, mor, kontaktlærer og rådgiver. Gikk gjennom "
        "fravær og planen. Enighet om tilpasset timeplan i matematikk ut semesteret.",
        "Ansvarsgruppemøte. Til stede: {name}, foresatte, helsesykepleier og los. Helsesykepleier "
        "følger opp søvn; los følger opp oppmøte. Neste møte om seks uker.",
        "Møte med NAV-veileder og {name} om sommerjobb. Hun er interessert i butikk eller "
        "kafé; NAV sender forslag til to arbeidsgivere.",
    ],
    EntryKind.SCHOOL_CONTACT: [
        "Telefon med kontaktlærer. Fraværet er gått ned fra 30 til 15 prosent siste måned. "
        "Matematikk er fortsatt faget hun strever mest med.",
        "E-post fra rådgiver: {name} har fått tilbud om alternativ opplæringsarena to dager i "
        "uka. Vi avtaler oppstartsmøte.",
        "Kontakt med skolen om overgangen til videregående. Rådgiver sender informasjon om "
        "åpen dag; {name} vil se på helse- og oppvekstfag.",
    ],
    EntryKind.OTHER: [
        "Fulgte {name} til fastlegen etter avtale med mor.",
        "Hjalp {name} med å fylle ut søknad til fritidsklubbens sommertilbud.",
    ],
}
DRAFTS = [
    "Samtale med {name} i kantina. Notater fra samtalen skrives ferdig i morgen —",
    "Ringte mor om møtet neste uke. Må sjekke dato med skolen før dette signeres.",
]
CORRECTIONS = [
    ("Rettet dato og hvem som var til stede.", " (Til stede: også kontaktlærer.)"),
    ("Feil i beskrivelsen av avtalen.", " Rettelse: avtalen gjelder tirsdager, ikke torsdager."),
]


def _at(day, hour):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _pdf(line: bytes = b"Referat fra oppfolgingsmote - fiktivt eksempel") -> bytes:
    """A one-page PDF with one line of fictitious text (ASCII), written out by hand (no
    library)."""
    text = b"BT /F1 14 Tf 72 760 Td (%s) Tj ET" % line
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _png(width=8, height=8) -> bytes:
    """A small PNG: a blue square."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x1e\x5a\xa0" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _write(worker, case, kind, day, text, *, sign=True, attach=None) -> JournalEntry:
    entry = js.journal_entry_create(
        actor=worker,
        purpose=Purpose.DEMO_DATA,
        case_id=case.pk,
        kind=kind,
        occurred_on=day,
        text=text,
    )
    JournalEntry.objects.filter(pk=entry.pk).update(created_at=_at(day, 15))  # still a draft
    if attach is not None:
        name, data = attach
        js.journal_attachment_add(
            actor=worker,
            purpose=Purpose.DEMO_DATA,
            entry_id=entry.pk,
            upload=SimpleUploadedFile(name, data),
        )
    if sign:
        entry = js.journal_entry_sign(
            actor=worker,
            purpose=Purpose.DEMO_DATA,
            entry_id=entry.pk,
            at=min(_at(day, 16), timezone.now()),
        )
    return entry


def seed(demo: DemoContext) -> None:
    rng, today = demo.rng, demo.today
    files = [("referat-oppfolgingsmote.pdf", _pdf()), ("timeplan-skisse.png", _png())]
    made = corrected = drafts = 0
    drafting = set()  # each worker has one draft she has not signed yet
    for case in demo.cases:
        case.refresh_from_db(fields=["stage", "status", "opened_on"])
        if case.status != CaseStatus.OPEN or case.stage not in FOLLOWED_STAGES:
            continue
        worker = demo.contact_persons[case.pk][0]
        name = case.youth.first_name
        start = case.opened_on + timedelta(days=5)
        span = max(1, (today - start).days)
        count = rng.randint(2, 4)
        days = sorted({start + timedelta(days=rng.randint(0, span - 1)) for _ in range(count)})
        last = None
        for day in days:
            kind = rng.choice(list(TEXTS))
            text = rng.choice(TEXTS[kind]).format(name=name)
            attach = files.pop() if files and kind == EntryKind.MEETING else None
            last = _write(worker, case, kind, min(day, today), text, attach=attach)
            made += 1
        if last is not None and rng.random() < 0.25:
            note, addition = rng.choice(CORRECTIONS)
            correction = js.journal_entry_correct(
                actor=worker,
                purpose=Purpose.DEMO_DATA,
                entry_id=last.pk,
                kind=last.kind,
                occurred_on=last.occurred_on,
                text=last.text + addition,
                correction_note=note,
            )
            js.journal_entry_sign(
                actor=worker,
                purpose=Purpose.DEMO_DATA,
                entry_id=correction.pk,
                at=min(_at(last.occurred_on + timedelta(days=1), 10), timezone.now()),
            )
            corrected += 1
        if worker.pk not in drafting:
            drafting.add(worker.pk)
            _write(
                worker,
                case,
                EntryKind.CONVERSATION,
                today - timedelta(days=rng.randint(0, 2)),
                rng.choice(DRAFTS).format(name=name),
                sign=False,
            )
            drafts += 1
    demo.counts["journal entries"] = made + corrected + drafts
