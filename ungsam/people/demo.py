"""The demo municipality's youth: made-up names, ages 12–24, addresses in Fiktivik, a few with a
protected address. One step of `manage.py seed_demo` (ungsam/lib/demo.py); the cases step then
gives each of them a case."""

from datetime import timedelta

from ungsam.access.models import Purpose
from ungsam.lib.demo import DemoContext
from ungsam.people.services import youth_create

YOUTH_PER_SCALE = 60
FIRST_NAMES = [
    "Testa",
    "Demo",
    "Fiktiva",
    "Prøve",
    "Eksempel",
    "Modellina",
    "Mocka",
    "Plassholder",
    "Dummy",
    "Simula",
    "Tenkt",
    "Oppdikta",
    "Skissa",
    "Utkastine",
    "Fantasia",
    "Imaginær",
]
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
]
STREETS = ["Fiktivveien", "Testgata", "Demoveien", "Eksempelgata", "Prøvestien"]


def seed(demo: DemoContext) -> None:
    rng, today = demo.rng, demo.today
    for i in range(YOUTH_PER_SCALE * demo.scale):
        demo.youth.append(
            youth_create(
                actor=demo.system,
                purpose=Purpose.DEMO_DATA,
                municipality=demo.municipality,
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                birth_date=today - timedelta(days=rng.randint(12 * 365 + 3, 24 * 365 - 3)),
                address=f"{rng.choice(STREETS)} {rng.randint(1, 120)}, 9999 Fiktivik",
                phone=f"400{rng.randint(10000, 99999)}",
                protected_address=(i % 29 == 7),
            )
        )
    demo.counts["youth"] = len(demo.youth)
