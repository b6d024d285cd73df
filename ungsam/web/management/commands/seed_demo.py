"""Builds the fictitious municipality of Fiktivik: districts, units, partners, places, users of
every role, youth with cases, and some history in the audit log. `--scale N` builds N times the
youth and workers, for benchmarks."""

import random
from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.http import Http404

from ungsam.access import policy
from ungsam.access.audit import SystemActor
from ungsam.access.models import Purpose
from ungsam.cases.services import case_open
from ungsam.org import services as org_services
from ungsam.org.models import (
    District,
    MembershipStatus,
    Municipality,
    PartnerKind,
    PlaceKind,
    Role,
    UnitKind,
    User,
)
from ungsam.people.services import youth_create
from ungsam.web.demo import DEMO_PASSWORD, DEMO_USERS, PENDING_DEMO_USERS

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
        system = SystemActor("seed_demo")
        municipality = Municipality.objects.create(name="Fiktivik kommune", number="9999")
        districts = {
            name: District.objects.create(municipality=municipality, name=name)
            for name in DISTRICTS
        }
        units = {
            name: org_services.unit_create(
                actor=system,
                municipality=municipality,
                name=name,
                kind=kind,
                district=districts.get(district) if district else None,
            )
            for name, kind, district in UNITS
        }
        partners = {
            name: org_services.partner_create(
                actor=system, municipality=municipality, name=name, kind=kind
            )
            for name, kind in PARTNERS
        }
        for name, kind, district in PLACES:
            org_services.place_create(
                actor=system,
                municipality=municipality,
                name=name,
                kind=kind,
                district=districts.get(district) if district else None,
            )

        users = self._staff(system, municipality, units, partners)
        workers = {
            "Los Nordby": [users["lise.los"], users["nora.naervaer"]],
            "Utekontakten Sentrum": [users["ulf.ute"], users["una.ute"]],
            "Nærværsteamet Søndre": [users["nora.naervaer"]],
            "OT Fiktivik": [users["oda.ot"]],
        }
        for i in range(2, scale + 1):
            for unit_name, team in workers.items():
                user = org_services.user_create(
                    actor=system,
                    username=f"ansatt{i}.{units[unit_name].pk}",
                    first_name=f"Ansatt {i}",
                    last_name=unit_name.split()[0],
                    email="",
                    password=DEMO_PASSWORD,
                    role=Role.CASEWORKER,
                    municipality=municipality,
                    unit=units[unit_name],
                )
                team.append(user)
        for user in users.values():
            policy.forget_memberships(user)

        today = date.today()
        total = YOUTH_PER_SCALE * scale
        n_youth = n_cases = 0
        plan = [name for name, share in UNIT_SHARE.items() for _ in range(round(share * total))]
        by_unit: dict[str, list] = {}
        for i, unit_name in enumerate(plan):
            youth = youth_create(
                actor=system,
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
                actor=system,
                purpose=Purpose.DEMO_DATA,
                youth=youth,
                unit=units[unit_name],
                contact_persons=contacts,
                opened_on=today - timedelta(days=rng.randint(1, 400)),
            )
            n_cases += 1
            by_unit.setdefault(unit_name, []).append(youth)
            # Some history: the contact person has opened the youth's page.
            policy.access_youth(contacts[0], youth.pk, purpose=Purpose.CASEWORK)
        self._history(users, by_unit)
        return {
            "districts": len(districts),
            "units": len(units),
            "partner organizations": len(partners),
            "places": len(PLACES),
            "users": User.objects.count(),
            "youth": n_youth,
            "cases": n_cases,
        }

    def _staff(self, system, municipality, units, partners) -> dict[str, User]:
        """The staff, given their roles the way a municipality does: the system makes the two
        first admins; Adam makes the other accounts; Alma approves the roles that read personal
        data; leaders staff their own units in one step. Two roles still await approval."""

        def make(giver, demo, unit=None, partner=None) -> User:
            return org_services.user_create(
                actor=giver,
                username=demo.username,
                first_name=demo.first_name,
                last_name=demo.last_name,
                email="",
                password=DEMO_PASSWORD,
                role=demo.role,
                municipality=municipality,
                unit=unit,
                partner=partner,
            )

        admins = [d for d in DEMO_USERS if d.role == Role.ADMIN]
        users = {d.username: make(system, d) for d in admins}
        adam, alma = users["adam.admin"], users["alma.admin"]
        # Leaders first, so they can staff their units; then everyone else.
        ordered = sorted(
            (d for d in DEMO_USERS if d.role != Role.ADMIN), key=lambda d: d.role != Role.LEADER
        )
        for demo in ordered:
            unit = units.get(demo.place)
            leader = _leader_of(unit, users) if unit else None
            staffing = demo.role in (Role.CASEWORKER, Role.FIELD_WORKER)
            giver = leader if leader and staffing else adam
            user = make(giver, demo, unit=unit, partner=partners.get(demo.place))
            users[demo.username] = user
            membership = user.memberships.get()
            if membership.status == MembershipStatus.PENDING:
                org_services.membership_approve(actor=alma, membership=membership)
                policy.forget_memberships(user)
        for demo in PENDING_DEMO_USERS:
            # Awaiting approval: Alma (or, for Los Nordby, Leo) may approve; Adam may not.
            users[demo.username] = make(adam, demo, unit=units[demo.place])
        # One person may work in several units: Nora is also a los in Nordby. A leader sees
        # only her own units' staff, so Adam gives the role and Leo, Nordby's leader, approves.
        second = org_services.membership_add(
            actor=adam,
            user=users["nora.naervaer"],
            role=Role.CASEWORKER,
            municipality=municipality,
            unit=units["Los Nordby"],
        )
        org_services.membership_approve(actor=users["leo.leder"], membership=second)
        # A past role, ended: it gives no access today.
        org_services.membership_add(
            actor=system,
            user=users["ulf.ute"],
            role=Role.CASEWORKER,
            municipality=municipality,
            unit=units["OT Fiktivik"],
            starts_on=date(2024, 1, 1),
            ends_on=date(2025, 6, 30),
        )
        return users

    def _history(self, users, by_unit) -> None:
        """A little life in the audit log: a leader's look at the youth list, and a field worker
        who tried to open a youth of another unit and was refused (the leader sees that)."""
        leo = users["leo.leder"]
        policy.record_youth_shown(
            leo,
            policy.youth_visible_to(leo).order_by("last_name", "first_name", "id")[:25],
            purpose=Purpose.CASEWORK,
            fields=("first_name", "last_name", "birth_date"),
        )
        try:
            policy.access_youth(users["una.ute"], by_unit["Los Nordby"][0].pk, purpose="casework")
        except Http404:
            pass


def _leader_of(unit, users):
    for demo in DEMO_USERS:
        if demo.role == Role.LEADER and demo.place == unit.name:
            return users.get(demo.username)
    return None
