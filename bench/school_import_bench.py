"""`school_import_50k_s` (issue 18): importing a school data file of 50 000 student rows into a
municipality of its own, with the early-warning rules evaluated on every new period and the
students who left school routed to OT, through the import service as the command runs it
(`school_data_import`), measured in-process. Then `school_import_50k_again_s`: the same file
again, which must change nothing. The target is < 20 s for the first.

The file is fictitious and deterministic: 50 schools of 1 000 students, grades 8–10 and VG1–VG3,
two thirds with a (synthetic) national id, the rest with the school's student number only;
absence mostly 2–6 %, a tail to 30 %, some failing MAT or NOR, a few who left school.

Usage: DATABASE_URL=… UNGSAM_ALLOW_SYNTHETIC_IDS=true python bench/school_import_bench.py
(a migrated database; a new municipality is made on each run, so the demo's data is untouched.)
Stdout: JSON lines {"name","value","unit"}; everything else goes to stderr."""

import json
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ungsam.settings")

import django  # noqa: E402

django.setup()

from ungsam.access.audit import SystemActor  # noqa: E402
from ungsam.org.models import Municipality, PartnerOrganization, ServiceCode, Unit  # noqa: E402
from ungsam.ot.models import OTCoverage  # noqa: E402
from ungsam.ot.school_import_services import school_data_import  # noqa: E402
from ungsam.people.demo import synthetic_national_id  # noqa: E402

ROWS = int(os.environ.get("BENCH_SCHOOL_ROWS", 50_000))
PER_SCHOOL = 1000
LIMIT_S = 20.0
GRADES = ["8", "9", "10", "VG1", "VG2", "VG3"]
HEADER = (
    "fodselsnummer;elevnummer;fornavn;etternavn;fodselsdato;skole;trinn;periode_fra;"
    "periode_til;fravaer_dager;fravaer_timer;fravaer_prosent;ikke_bestatt;fag_i_risiko;"
    "snittkarakter;status;bostedskommune"
)
FIRST = ["Ada", "Bo", "Cy", "Dina", "Emil", "Frida", "Gard", "Hedda", "Iver", "Jonas"]
LAST = ["Fiktivsen", "Prøvesen", "Demodal", "Tenktvik", "Modellstad", "Utkastli"]


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr)


def organisation_number(seed: int) -> str:
    """A nine-digit number with a valid modulus-11 check digit."""
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    base = 970_000_00 + seed
    while True:
        digits = [int(c) for c in str(base)]
        check = 11 - sum(w * d for w, d in zip(weights, digits, strict=True)) % 11
        if check == 11:
            check = 0
        if check != 10:
            return f"{base}{check}"
        base += 1


def setup() -> tuple[Municipality, list[str]]:
    taken = set(Municipality.objects.values_list("number", flat=True))
    number = next(f"{n:04d}" for n in range(9000, 9500) if f"{n:04d}" not in taken)
    municipality = Municipality.objects.create(name=f"Benkvik {number}", number=number)
    unit = Unit.objects.create(municipality=municipality, name=f"OT Benkvik {number}", kind="ot")
    OTCoverage.objects.create(unit=unit, municipality=municipality)
    numbers = []
    for i in range(ROWS // PER_SCHOOL + 1):
        org = organisation_number(int(number) * 100 + i)
        PartnerOrganization.objects.create(
            municipality=municipality,
            name=f"Benkvik skole {i + 1}",
            kind=ServiceCode.SCHOOL,
            organization_number=org,
        )
        numbers.append(org)
    return municipality, numbers


def make_file(municipality: Municipality, schools: list[str]) -> bytes:
    rng = random.Random(18)  # noqa: S311 (made-up data)
    lines = [HEADER]
    start, end = "19.08.2026", "31.10.2026"
    used = {""}
    for i in range(ROWS):
        grade = GRADES[(i // PER_SCHOOL) % len(GRADES)]
        age = 13 + GRADES.index(grade)
        born = date(2026 - age, 1, 1) + timedelta(days=rng.randint(0, 364))
        national_id = ""
        while i % 3 and national_id in used:
            national_id = synthetic_national_id(rng, born)
        used.add(national_id)
        r = rng.random()
        absence = rng.uniform(1, 6) if r < 0.85 else rng.uniform(6, 30)
        failing = rng.choice(["MAT0010", "NOR0214", "MAT0010,NOR0214"]) if r > 0.93 else ""
        status = "sluttet" if rng.random() < 0.003 else "aktiv"
        lines.append(
            ";".join(
                [
                    national_id,
                    f"S{i}",
                    rng.choice(FIRST),
                    rng.choice(LAST),
                    born.strftime("%d.%m.%Y"),
                    schools[i // PER_SCHOOL],
                    grade,
                    start,
                    end,
                    f"{absence / 2:.1f}".replace(".", ","),
                    f"{absence * 3:.0f}",
                    f"{absence:.1f}".replace(".", ","),
                    f'"{failing}"' if "," in failing else failing,
                    "",
                    f"{rng.uniform(2, 5.5):.2f}".replace(".", ","),
                    status,
                    municipality.number,
                ]
            )
        )
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def timed(municipality, data) -> tuple[float, object]:
    began = time.perf_counter()
    summary = school_data_import(
        actor=SystemActor("bench"), municipality=municipality, data=data, file_name="bench.csv"
    )
    return time.perf_counter() - began, summary


def main() -> None:
    municipality, schools = setup()
    data = make_file(municipality, schools)
    log(f"{ROWS} rows, {len(data) // 1024} KiB, into {municipality.name}")
    first_s, first = timed(municipality, data)
    if first.errors:
        sys.exit(f"[bench] FAILED: the file has errors: {first.errors[:5]}")
    log(
        f"first import: {first_s:.2f} s; new youth {first.new_youth}, periods {first.created}, "
        f"flags {first.flags_raised}, routed {first.routed}"
    )
    again_s, again = timed(municipality, data)
    if (again.created, again.changed, again.new_youth, again.routed) != (0, 0, 0, 0):
        sys.exit("[bench] FAILED: importing the same file again changed data")
    log(f"again: {again_s:.2f} s; unchanged {again.unchanged}")
    print(json.dumps({"name": "school_import_50k_s", "value": round(first_s, 2), "unit": "s"}))
    print(
        json.dumps({"name": "school_import_50k_again_s", "value": round(again_s, 2), "unit": "s"})
    )
    if first_s >= LIMIT_S:
        sys.exit(f"[bench] FAILED: school_import_50k_s {first_s:.1f} s (limit {LIMIT_S} s)")


if __name__ == "__main__":
    main()
