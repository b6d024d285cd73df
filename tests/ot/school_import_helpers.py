"""Shared by the school data import tests: a municipality with two schools, an OT unit serving
it, a neighbour served by another OT and one served by none, and a file builder."""

import random
from datetime import date

import pytest

from ungsam.org.models import Municipality, PartnerOrganization, Unit
from ungsam.ot.models import OTCoverage
from ungsam.people.demo import synthetic_national_id

LOWER, UPPER = "991008225", "991009590"
HEADER = (
    "fodselsnummer;elevnummer;fornavn;etternavn;fodselsdato;skole;trinn;periode_fra;"
    "periode_til;fravaer_dager;fravaer_timer;fravaer_prosent;ikke_bestatt;fag_i_risiko;"
    "snittkarakter;status;bostedskommune"
)
AUTUMN = ("19.08.2026", "31.10.2026")
SPRING = ("02.01.2026", "19.06.2026")


def fnr(born: date, seed: int = 0) -> str:
    return synthetic_national_id(random.Random(seed), born)


def row(**cells) -> dict:
    base = {
        "fodselsnummer": "",
        "elevnummer": "E1",
        "fornavn": "Ada",
        "etternavn": "Elevsen",
        "fodselsdato": "01.02.2011",
        "skole": LOWER,
        "trinn": "10",
        "periode_fra": AUTUMN[0],
        "periode_til": AUTUMN[1],
        "fravaer_dager": "2",
        "fravaer_timer": "10",
        "fravaer_prosent": "3,5",
        "ikke_bestatt": "",
        "fag_i_risiko": "",
        "snittkarakter": "4,2",
        "status": "aktiv",
        "bostedskommune": "9998",
    }
    base.update(cells)
    return base


def csv_bytes(*rows: dict, sep: str = ";", encoding: str = "utf-8") -> bytes:
    columns = HEADER.split(";")
    lines = [sep.join(columns)]
    for r in rows:
        cells = []
        for c in columns:
            value = r.get(c, "")
            cells.append(f'"{value}"' if sep in value else value)
        lines.append(sep.join(cells))
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


@pytest.fixture
def schools(personas):
    """personas' Testvik (9998) with its lower-secondary school and an upper-secondary one;
    OT B serves Testvik; Nabovik (9981) has its own OT; Småvik (9982) has none in Ungsam."""
    p = personas
    p.school.organization_number = LOWER
    p.school.save()
    p.upper = PartnerOrganization.objects.create(
        municipality=p.municipality, name="Testvik vgs", kind="skole", organization_number=UPPER
    )
    OTCoverage.objects.create(unit=p.unit_b, municipality=p.municipality)
    p.nabovik = Municipality.objects.create(name="Nabovik", number="9981")
    p.ot_nabovik = Unit.objects.create(municipality=p.nabovik, name="OT Nabovik", kind="ot")
    OTCoverage.objects.create(unit=p.ot_nabovik, municipality=p.nabovik)
    p.smavik = Municipality.objects.create(name="Småvik", number="9982")
    return p
