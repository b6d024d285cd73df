"""Builds the fictitious municipality of Fiktivik: districts, units, partners, places, users of
every role, youth with cases, and some history in the audit log. `--scale N` builds N times the
youth and workers, for benchmarks."""

import random
from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ungsam.access import audit
from ungsam.access.models import AuditAction, Purpose
from ungsam.cases.services import case_open
from ungsam.org.models import (
    District,
    Membership,
    Municipality,
    PartnerKind,
    PartnerOrganization,
    Place,
    PlaceKind,
    Unit,
    UnitKind,
    User,
)
from ungsam.people.services import youth_create
from ungsam.web.demo import DEMO_PASSWORD, DEMO_USERS

DISTRICTS = ["Nordby", "Søndre", "Sentrum"]
UNITS = [
    ("Los Nordby", UnitKind.LOS, "Nordby"),
    ("Utekontakten Sentrum", UnitKind.OUTREACH, "Sentrum"),
    ("Nærværsteamet Søndre", UnitKind.PRESENCE_TEAM, "Søndre"),
    ("OT Fiktivik", UnitKind.OT, None),
]
PARTNERS = [
    ("Fiktivik ungdomsskole", PartnerKind.SCHOOL),
    ("Fiktivik videregående skole", PartnerKind.SCHOOL),
    ("Barneverntjenesten i Fiktivik", PartnerKind.CHILD_WELFARE),
    ("NAV Fiktivik", PartnerKind.NAV),
    ("Fiktivik politistasjon", PartnerKind.POLICE),
    ("Helsestasjon for ungdom Fiktivik", PartnerKind.HEALTH),
    ("PPT Fiktivik", PartnerKind.PPT),
]
PLACES = [
    ("Torget", PlaceKind.STREET, "Sentrum"),
    ("Stasjonsområdet", PlaceKind.STATION, "Sentrum"),
    ("Fiktivik ungdomsskole, skolegården", PlaceKind.SCHOOL, "Nordby"),
    ("Fritidsklubben Loftet", PlaceKind.YOUTH_CLUB, "Søndre"),
    ("Kjøpesenteret Fiktivik", PlaceKind.STATION, "Søndre"),
    ("Nett og sosiale medier", PlaceKind.ONLINE, None),
]
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
YOUTH_PER_SCALE = 60
# How the youth are spread over the units (share of all youth).
UNIT_SHARE = {
    "Los Nordby": 0.4,
    "Utekontakten Sentrum": 0.25,
    "Nærværsteamet Søndre": 0.2,
    "OT Fiktivik": 0.15,
}


class Command(BaseCommand):
    help = "Builds the fictitious demo municipality Fiktivik (all names are made up)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="N times the youth and workers")
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing when the database has data"
        )
        parser.add_argument("--seed", type=int, default=2026, help="random seed (repeatable data)")

    def handle(self, *args, scale, if_empty, seed, **options):
        if scale < 1 or scale > 1000:
            raise CommandError("--scale must be between 1 and 1000")
        if Municipality.objects.exists():
            if if_empty:
                self.stdout.write("The database already has data; demo data not loaded.")
                return
            raise CommandError("The database already has data. Use a fresh database.")
        rng = random.Random(seed)
        with transaction.atomic():
            counts = self._build(rng, scale)
        self.stdout.write(
            self.style.SUCCESS(
                "Demo municipality Fiktivik: "
                + ", ".join(f"{n} {what}" for what, n in counts.items())
            )
        )

    def _build(self, rng, scale):
        municipality = Municipality.objects.create(name="Fiktivik kommune", number="9999")
        districts = {
            name: District.objects.create(municipality=municipality, name=name)
            for name in DISTRICTS
        }
        units = {
            name: Unit.objects.create(
                municipality=municipality,
                name=name,
                kind=kind,
                district=districts.get(district) if district else None,
            )
            for name, kind, district in UNITS
        }
        partners = {
            name: PartnerOrganization.objects.create(
                municipality=municipality, name=name, kind=kind
            )
            for name, kind in PARTNERS
        }
        for name, kind, district in PLACES:
            Place.objects.create(
                municipality=municipality,
                name=name,
                kind=kind,
                district=districts.get(district) if district else None,
            )

        users = {}
        for demo in DEMO_USERS:
            user = User(
                username=demo.username, first_name=demo.first_name, last_name=demo.last_name
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            users[demo.username] = user
            Membership.objects.create(
                status="direct",
                user=user,
                municipality=municipality,
                role=demo.role,
                unit=units.get(demo.place),
                partner=partners.get(demo.place),
                starts_on=date(2025, 8, 1),
            )
        # One person may work in several units: Nora is also a los in Nordby.
        Membership.objects.create(
            status="direct",
            user=users["nora.naervaer"],
            municipality=municipality,
            role="caseworker",
            unit=units["Los Nordby"],
            starts_on=date(2026, 1, 5),
        )
        # A past role, ended: it gives no access today.
        Membership.objects.create(
            status="direct",
            user=users["ulf.ute"],
            municipality=municipality,
            role="caseworker",
            unit=units["OT Fiktivik"],
            starts_on=date(2024, 1, 1),
            ends_on=date(2025, 6, 30),
        )

        workers = {
            "Los Nordby": [users["lise.los"], users["nora.naervaer"]],
            "Utekontakten Sentrum": [users["ulf.ute"], users["una.ute"]],
            "Nærværsteamet Søndre": [users["nora.naervaer"]],
            "OT Fiktivik": [users["oda.ot"]],
        }
        for i in range(2, scale + 1):
            for unit_name, team in workers.items():
                user = User(
                    username=f"ansatt{i}.{units[unit_name].pk}",
                    first_name=f"Ansatt {i}",
                    last_name=unit_name.split()[0],
                )
                user.set_password(DEMO_PASSWORD)
                user.save()
                Membership.objects.create(
                    status="direct",
                    user=user,
                    municipality=municipality,
                    role="caseworker",
                    unit=units[unit_name],
                    starts_on=date(2025, 8, 1),
                )
                team.append(user)

        today = date.today()
        total = YOUTH_PER_SCALE * scale
        n_youth = n_cases = 0
        plan = [name for name, share in UNIT_SHARE.items() for _ in range(round(share * total))]
        for i, unit_name in enumerate(plan):
            youth = youth_create(
                actor=None,
                purpose=Purpose.DEMO_DATA,
                municipality=municipality,
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                birth_date=today - timedelta(days=rng.randint(12 * 365 + 3, 24 * 365 - 3)),
                address=f"{rng.choice(STREETS)} {rng.randint(1, 120)}, 9999 Fiktivik",
                phone=f"400{rng.randint(10000, 99999)}",
                protected_address=(i % 29 == 7),
            )
            n_youth += 1
            team = workers[unit_name]
            # Outreach cases have two contact persons; the others one.
            if units[unit_name].kind == UnitKind.OUTREACH and len(team) > 1:
                contacts = rng.sample(team, 2)
            else:
                contacts = [team[i % len(team)]]
            case_open(
                actor=None,
                purpose=Purpose.DEMO_DATA,
                youth=youth,
                unit=units[unit_name],
                contact_persons=contacts,
                opened_on=today - timedelta(days=rng.randint(1, 400)),
            )
            n_cases += 1
            # Some history: the contact person has opened the youth's page.
            audit.record(
                contacts[0],
                audit.Entry(
                    AuditAction.VIEW,
                    Purpose.CASEWORK,
                    obj=youth,
                    youth_id=youth.pk,
                    fields=("first_name", "last_name", "birth_date", "phone", "address"),
                ),
            )
        return {
            "districts": len(districts),
            "units": len(units),
            "partner organizations": len(partners),
            "places": len(PLACES),
            "users": User.objects.count(),
            "youth": n_youth,
            "cases": n_cases,
        }
