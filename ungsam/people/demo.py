"""The demo municipality's youth: made-up names, ages 12–24, addresses in Fiktivik, a few with a
protected address, synthetic national identity numbers only (Skatteetaten's test numbers, month
+ 80, which no real person has), schools, languages and guardians. One step of
`manage.py seed_demo` (ungsam/lib/demo.py); the cases step then gives each of them a case."""

import sys
import unicodedata
from datetime import timedelta

from django.conf import settings

from ungsam.access.models import Purpose
from ungsam.lib.demo import DemoContext
from ungsam.people.models import Gender, GuardianRelation
from ungsam.people.national_id import NationalIdError, validate
from ungsam.people.services import youth_create

YOUTH_PER_SCALE = 60
FIRST_NAMES = {
    Gender.GIRL: ["Testa", "Fiktiva", "Modellina", "Simula", "Skissa", "Utkastine", "Fantasia"],
    Gender.BOY: ["Demo", "Prøve", "Eksempel", "Mocka", "Dummy", "Tenkt", "Oppdikt"],
    Gender.OTHER: ["Plassholder", "Imaginær"],
    Gender.UNKNOWN: ["Kim", "Eli"],
}
GENDER_WEIGHTS = {Gender.GIRL: 45, Gender.BOY: 45, Gender.OTHER: 4, Gender.UNKNOWN: 6}
LAST_NAMES = [
    "Testesen",
    "Fiktivsen",
    "Eksempelrud",
    "Prøvesen",
    "Demodal",
    "Oppdiktnes",
    "Påfunnberg",
    "Tenktvik",
    "Skissebakken",
    "Modellstad",
    "Utkastli",
    "Fantasiøy",
    "Áiggesaš",  # a Sámi letter or two: the PDF export and the pages must print them
]
GUARDIAN_FIRST = ["Kari", "Ola", "Fatima", "Ahmed", "Ingrid", "Per", "Aino", "Máret", "Nils"]
STREETS = ["Fiktivveien", "Testgata", "Demoveien", "Eksempelgata", "Prøvestien"]
LOWER_SECONDARY = ["Fiktivik ungdomsskole", "Nordby ungdomsskole"]
UPPER_SECONDARY = ["Fiktivik videregående skole", "Søndre videregående skole"]
# Language spoken best, when not Norwegian (most youth: blank).
LANGUAGES = ["somali", "arabisk", "polsk", "tigrinja", "ukrainsk", "nordsamisk"]


def synthetic_national_id(rng, born) -> str:
    """A synthetic number (month + 80) for the date of birth, with valid control digits."""
    w1, w2 = (3, 7, 6, 1, 8, 9, 4, 5, 2), (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    while True:
        digits = [int(c) for c in f"{born.day:02d}{born.month + 80:02d}{born.year % 100:02d}"]
        digits += [int(c) for c in f"{rng.randint(0, 999):03d}"]
        k1 = (11 - sum(w * d for w, d in zip(w1, digits, strict=True)) % 11) % 11
        if k1 == 10:
            continue
        digits.append(k1)
        k2 = (11 - sum(w * d for w, d in zip(w2, digits, strict=True)) % 11) % 11
        if k2 == 10:
            continue
        return "".join(map(str, [*digits, k2]))


def _ascii(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()


def _school(rng, age):
    if age < 13:
        return "Fiktivik barneskole", "7"
    if age < 16:
        return rng.choice(LOWER_SECONDARY), str(age - 5)
    if age < 19:
        return rng.choice(UPPER_SECONDARY), f"Vg{min(age - 15, 3)}"
    return "", ""  # out of school, or in work: what OT follows


def _guardians(rng, last_name, language, age):
    if age >= 18:
        return []  # an adult has no guardians
    first = rng.sample(GUARDIAN_FIRST, 2)
    mother = {
        "name": f"{first[0]} {last_name}",
        "relation": GuardianRelation.MOTHER,
        "phone": f"9{rng.randint(1000000, 9999999)}",
        "email": f"{_ascii(first[0])}.foresatt@fiktivik.example",
        "address": "",
        "language": language,
        "interpreter_needed": bool(language) and rng.random() < 0.6,
    }
    guardians = [mother]
    if rng.random() < 0.6:
        guardians.append(
            {
                **mother,
                "name": f"{first[1]} {last_name}",
                "relation": GuardianRelation.FATHER,
                "phone": f"4{rng.randint(1000000, 9999999)}",
                "email": "",
                "parental_responsibility": rng.random() < 0.85,
            }
        )
    return guardians


def seed(demo: DemoContext) -> None:
    rng, today = demo.rng, demo.today
    with_numbers = settings.ALLOW_SYNTHETIC_NATIONAL_IDS
    if not with_numbers:
        print(
            "[demo] UNGSAM_ALLOW_SYNTHETIC_IDS is off: the demo youth get no national id",
            file=sys.stderr,
        )
    genders, weights = zip(*GENDER_WEIGHTS.items(), strict=True)
    for i in range(YOUTH_PER_SCALE * demo.scale):
        gender = rng.choices(genders, weights)[0]
        last_name = rng.choice(LAST_NAMES)
        born = today - timedelta(days=rng.randint(12 * 365 + 3, 24 * 365 - 3))
        age = (today - born).days // 365
        school, grade = _school(rng, age)
        language = rng.choice(LANGUAGES) if rng.random() < 0.2 else ""
        number = synthetic_national_id(rng, born) if with_numbers and i % 10 != 9 else ""
        if number:
            try:
                validate(number, allow_synthetic=True)
            except NationalIdError as exc:  # the generator and the register must agree
                raise AssertionError(f"demo national id refused: {exc.code}") from None
        demo.youth.append(
            youth_create(
                actor=demo.system,
                purpose=Purpose.DEMO_DATA,
                municipality=demo.municipality,
                first_name=rng.choice(FIRST_NAMES[gender]),
                last_name=last_name,
                birth_date=born,
                national_id=number,
                gender=gender,
                address=f"{rng.choice(STREETS)} {rng.randint(1, 120)}, 9999 Fiktivik",
                phone=f"400{rng.randint(10000, 99999)}",
                protected_address=(i % 29 == 7),
                school=school,
                grade=grade,
                language=language,
                interpreter_needed=bool(language) and rng.random() < 0.3,
                guardians=_guardians(rng, last_name, language, age),
            )
        )
    demo.counts["youth"] = len(demo.youth)
