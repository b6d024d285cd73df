"""The national public reporter's form (KS Fiks bekymringsmelding v2, `offentlig`) built from a
report of concern and the records: the municipality and district, the reporter and her
service, the child, the guardians, the report. Field names and structure are the v2 schema's
(`schema/offentlig.bekymringsmelding.v2.json`, Ungsam's copy of KS's published one);
`validate` checks a document against it.

What the records must not give away is withheld: a protected address (access rule 8) is
replaced by a note to give it by phone, and so are the guardians (what leads to the address
goes with it). Where no guardian is known, the guardian entry says so."""

import json
import re
from functools import cache
from pathlib import Path

import jsonschema
from django.utils import timezone

from ungsam.concerns.models import DELIVERY_CHANNEL, ConcernReport, Ground

SCHEMA_PATH = Path(__file__).parent / "schema" / "offentlig.bekymringsmelding.v2.json"

# The national form is in Norwegian whatever language the worker reads Ungsam in: these
# sentences go to child welfare as written.
PROTECTED_ADDRESS_NOTE = "Strengt fortrolig adresse: oppgis på telefon"
GUARDIANS_PROTECTED = "Foresatte oppgis på telefon (barnet har strengt fortrolig adresse)"
NO_GUARDIAN = "Ingen kjent foresatt"
NO_GUARDIAN_REASON = "Melder kjenner ikke til noen foresatt."
NO_DISTRICT = "00"
GROUND_WORDS = {
    Ground.NEGLECT: "Alvorlige mangler ved den daglige omsorgen",
    Ground.HEALTH: "Barnet får ikke nødvendig undersøkelse eller behandling",
    Ground.SPECIAL_NEEDS: (
        "Barn med nedsatt funksjonsevne eller særlig hjelpebehov får ikke dekket behovene sine"
    ),
    Ground.ABUSE: "Mishandling, vold eller seksuelle overgrep i hjemmet",
    Ground.BEHAVIOUR: "Alvorlige atferdsvansker",
}

_POSTAL = re.compile(r"^\s*(?P<code>\d{4})\s+(?P<town>.+?)\s*$")


@cache
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def validate(document: dict) -> None:
    """Raises jsonschema.ValidationError when the document does not follow the v2 schema."""
    jsonschema.Draft201909Validator(schema()).validate(document)


def one_line(text: str) -> str:
    """The schema's names and reasons are one line (`^(.*)$`): line breaks become spaces."""
    return " ".join((text or "").split())


def address(text: str) -> dict:
    """An address as the register writes it ("Storgata 1, 1234 Fiktivik") in the form's
    parts: the last part with a four-digit postcode gives postnummer and poststed, the parts
    before it the address lines."""
    parts = [one_line(p) for p in (text or "").split(",") if one_line(p)]
    result = {"adresselinje1": "", "adresselinje2": "", "adresselinje3": ""}
    if parts and (match := _POSTAL.match(parts[-1])):
        result["postnummer"], result["poststed"] = match["code"], match["town"]
        parts = parts[:-1]
    else:
        result["postnummer"], result["poststed"] = "", ""
    lines = parts[:2] + [", ".join(parts[2:])] if len(parts) > 3 else parts
    for i, line in enumerate(lines[:3], start=1):
        result[f"adresselinje{i}"] = line
    return result


def _told(told: bool, reason: str) -> dict:
    return {"orientert": bool(told), "orientertGrunn": "" if told else one_line(reason)}


def guardian_entries(report: ConcernReport, guardians) -> list[dict]:
    """One or two guardians, each with whether she was told and why not."""
    if report.youth.protected_address:
        return [{"personnavn": GUARDIANS_PROTECTED, "orientert": False, "orientertGrunn": ""}]
    if not guardians:
        return [
            {"personnavn": NO_GUARDIAN, "orientert": False, "orientertGrunn": NO_GUARDIAN_REASON}
        ]
    told = list(report.guardians_told or [])
    entries = []
    for i, guardian in enumerate(guardians[:2]):
        answer = told[i] if i < len(told) else {}
        entries.append(
            {
                "personnavn": one_line(guardian.name),
                "telefonnummer": one_line(guardian.phone),
                **_told(answer.get("told", False), answer.get("reason", "")),
            }
        )
    return entries


def message_text(report: ConcernReport) -> str:
    """The form's "melding": the grounds, the worker's assessment, then the concern itself
    (the national form has no fields of its own for the first two)."""
    grounds = "\n".join(f"- {GROUND_WORDS[Ground(code)]}" for code in report.grounds)
    return (
        f"Grunnlag for bekymringen:\n{grounds}\n\n"
        f"Melders vurdering:\n{report.assessment.strip()}\n\n"
        f"Bekymringen:\n{report.report.strip()}"
    )


def sending_time(at) -> str:
    """Local time to the second without an offset, as the published v2 example writes it."""
    return timezone.localtime(at).replace(tzinfo=None).isoformat(timespec="seconds")


def build(report: ConcernReport, *, national_id: str, guardians, sent_at, channel: str) -> dict:
    """The v2 document. `national_id` is the child's number in full ("" when the register has
    none); `guardians` the youth's guardians, those with parental responsibility first."""
    unit = report.author_membership.unit or report.case.unit
    municipality = report.case.unit.municipality
    district = report.case.unit.district
    youth = report.youth
    if youth.protected_address:
        child_address = {"adresselinje1": PROTECTED_ADDRESS_NOTE}
    else:
        child_address = address(youth.address)
    reporter_unit = {"navn": one_line(unit.name), "adresse": address(unit.address)}
    if unit.organization_number:
        reporter_unit["orgnr"] = unit.organization_number
    author = report.author
    document = {
        "kommunenummer": municipality.number,
        "kommunenavn": one_line(municipality.name),
        "bydelsnummer": district.number if district else NO_DISTRICT,
        "bydelsnavn": one_line(district.name) if district else "",
        "offentligMelder": {
            "personnavn": one_line(author.get_full_name() or author.get_username()),
            "rolle": one_line(report.reporter_role),
            "telefonnummer": report.reporter_phone.strip(),
            "epost": report.reporter_email.strip(),
            "virksomhet": reporter_unit,
        },
        "offentligBarn": [
            {
                "fnr": national_id or "",
                "ufoedt": False,
                "personnavn": one_line(f"{youth.first_name} {youth.last_name}"),
                "telefonnummer": one_line(youth.phone),
                "adresse": child_address,
                **_told(report.child_told, report.child_not_told_reason),
            }
        ],
        "foresatte": guardian_entries(report, guardians),
        "behovForTolk": report.interpreter.strip(),
        "andreHjelpeinstanser": report.other_services.strip(),
        "melding": {
            "melding": message_text(report),
            "historie": report.history.strip(),
            "andreSynspunkter": report.other_views.strip(),
        },
        "sendingstidspunkt": sending_time(sent_at),
        "leveringskanal": DELIVERY_CHANNEL.get(channel, DELIVERY_CHANNEL["other"]),
    }
    validate(document)
    return document
