"""The report of concern as a PDF: the national form's fields in its order, in Norwegian as
the form is, for sending by letter or by hand (fpdf2, with the embedded font the subject-access
PDF uses, so Sámi and other names print as written)."""

from fpdf import FPDF

from ungsam.access.exports import FONT, FONT_DIR, FONT_FILES
from ungsam.concerns.models import ConcernReport


def _add_fonts(pdf: FPDF) -> None:
    for style, name in FONT_FILES.items():
        pdf.add_font(FONT, style, FONT_DIR / name)


def _address(a: dict) -> str:
    lines = [a.get(f"adresselinje{i}", "") for i in (1, 2, 3)]
    town = " ".join(p for p in (a.get("postnummer", ""), a.get("poststed", "")) if p)
    return ", ".join(p for p in [*lines, town] if p) or "–"


def _yes_no(value: bool, reason: str) -> str:
    return "Ja" if value else f"Nei. {reason}".strip() if reason else "Nei"


def concern_report_pdf(report: ConcernReport, doc: dict) -> bytes:
    pdf = FPDF(format="A4")
    _add_fonts(pdf)
    title = "Bekymringsmelding til barneverntjenesten"
    pdf.set_title(title)
    pdf.set_creator("Ungsam")
    pdf.add_page()

    def heading(text, size=12):
        pdf.ln(2)
        pdf.set_font(FONT, "B", size)
        pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "", 10)

    def field(label, value):
        pdf.set_font(FONT, "B", 10)
        pdf.multi_cell(0, 5, label, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "", 10)
        pdf.multi_cell(
            0,
            5,
            str(value) if value not in ("", None) else "–",
            align="L",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.ln(1)

    heading(title, 16)
    if report.is_draft:
        field("Status", "Utkast – ikke registrert sendt")
    field("Til", report.recipient.name)
    if report.recipient.address:
        field("Adresse", report.recipient.address)
    field("Kommune", f"{doc['kommunenummer']} {doc['kommunenavn']}")
    field("Bydel", f"{doc['bydelsnummer']} {doc['bydelsnavn']}".strip())

    melder = doc["offentligMelder"]
    heading("Melder (offentlig ansatt)")
    field("Navn", melder["personnavn"])
    field("Rolle", melder["rolle"])
    field("Telefon", melder["telefonnummer"])
    field("E-post", melder["epost"])
    org = melder["virksomhet"]
    field(
        "Virksomhet", f"{org['navn']}" + (f", org.nr. {org['orgnr']}" if org.get("orgnr") else "")
    )
    field("Virksomhetens adresse", _address(org["adresse"]))

    for child in doc["offentligBarn"]:
        heading("Barnet")
        field("Navn", child["personnavn"])
        field("Fødselsnummer", child["fnr"] or "Ikke kjent")
        field("Telefon", child.get("telefonnummer", ""))
        field("Adresse", _address(child["adresse"]))
        field(
            "Er barnet orientert om meldingen?",
            _yes_no(child["orientert"], child.get("orientertGrunn", "")),
        )

    heading("Foresatte")
    for guardian in doc["foresatte"]:
        field("Navn", guardian["personnavn"])
        if guardian.get("telefonnummer"):
            field("Telefon", guardian["telefonnummer"])
        field(
            "Orientert om meldingen?",
            _yes_no(guardian["orientert"], guardian.get("orientertGrunn", "")),
        )

    heading("Meldingen")
    field("Bekymringen", doc["melding"]["melding"])
    field("Historikk", doc["melding"]["historie"])
    field("Andre synspunkter", doc["melding"].get("andreSynspunkter", ""))
    field("Behov for tolk", doc.get("behovForTolk", ""))
    field("Andre hjelpeinstanser", doc.get("andreHjelpeinstanser", ""))
    heading("Sending")
    field("Sendingstidspunkt", doc["sendingstidspunkt"].replace("T", " "))
    field("Leveringskanal", doc["leveringskanal"])
    return bytes(pdf.output())
