"""The demo municipality Fiktivik's organisation: districts, units, partners, places, and staff
of every role given the way a municipality gives them. Its logins (one list, used by this step,
the login page with DEBUG on and `make run`'s printout) live here too. All names are made up.
One step of `manage.py seed_demo` (ungsam/lib/demo.py)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from ungsam.access import policy
from ungsam.lib.demo import DemoContext
from ungsam.org import services
from ungsam.org.models import (
    Area,
    County,
    District,
    MembershipStatus,
    Municipality,
    PlaceKind,
    Role,
    ServiceCode,
    UnitKind,
    User,
)

DEMO_PASSWORD = "demo-passord-2026"  # noqa: S105  (public on purpose: demo only, DEBUG only)


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str
    place: str  # unit or partner name; "" for municipality-wide roles


DEMO_USERS = [
    DemoUser("lise.los", "Lise", "Losvik", "caseworker", "Los Nordby"),
    DemoUser("leo.leder", "Leo", "Ledersen", "leader", "Los Nordby"),
    DemoUser("ulf.ute", "Ulf", "Utegård", "field_worker", "Utekontakten Sentrum"),
    DemoUser("una.ute", "Una", "Utsikt", "field_worker", "Utekontakten Sentrum"),
    DemoUser("lars.leder", "Lars", "Lederud", "leader", "Utekontakten Sentrum"),
    DemoUser("oda.ot", "Oda", "Oppfølgersen", "caseworker", "OT Fiktivik"),
    DemoUser("otto.otleder", "Otto", "Oppfølging", "leader", "OT Fiktivik"),
    DemoUser("nils.nabo", "Nils", "Naboen", "leader", "OT Nabovik"),
    DemoUser("nora.naervaer", "Nora", "Nærværet", "caseworker", "Nærværsteamet Søndre"),
    DemoUser("sara.skole", "Sara", "Skolebakken", "partner", "Fiktivik ungdomsskole"),
    DemoUser(
        "bjorn.barnevern", "Bjørn", "Barnevernsen", "partner", "Barneverntjenesten i Fiktivik"
    ),
    DemoUser("nina.nav", "Nina", "Navesen", "partner", "NAV Fiktivik"),
    DemoUser("ana.analytiker", "Ana", "Analysen", "analyst", ""),
    DemoUser("adam.admin", "Adam", "Adminsen", "admin", ""),
    DemoUser("alma.admin", "Alma", "Adminvik", "admin", ""),
]

# People whose role an admin has given but nobody has approved yet: they log in to an empty
# page until a second person approves (not printed among the logins).
PENDING_DEMO_USERS = [
    DemoUser("kari.kommende", "Kari", "Kommende", "caseworker", "OT Fiktivik"),
    DemoUser("per.paavei", "Per", "Påvei", "caseworker", "Los Nordby"),
]

# Districts with their two-digit numbers (the report of concern's "bydelsnummer").
DISTRICTS = {"Nordby": "01", "Søndre": "02", "Sentrum": "03"}
# Units and partners with a postal address and a made-up organisation number (nine digits that
# pass the modulus 11 check, in a range no real body holds: 9910xxxxx).
UNITS = [
    ("Los Nordby", UnitKind.LOS, "Nordby", "Nordbyveien 12, 9990 Fiktivik", "991000003"),
    (
        "Utekontakten Sentrum",
        UnitKind.OUTREACH,
        "Sentrum",
        "Torggata 4, 9990 Fiktivik",
        "991001379",
    ),
    (
        "Nærværsteamet Søndre",
        UnitKind.PRESENCE_TEAM,
        "Søndre",
        "Søndre gate 20, 9991 Fiktivik",
        "991004114",
    ),
    ("OT Fiktivik", UnitKind.OT, None, "Rådhusplassen 1, 9990 Fiktivik", "991006850"),
]
# The county Fiktivik lies in, and a neighbouring county: the follow-up service (OT) is the
# county's, carried out by municipal teams (seed 002). Nabovik's OT team serves Nabovik and
# Småvik; Nordvik, in the other county, has its own.
COUNTIES = [("Fjordfylket", "99"), ("Nordfylket", "98")]
NEIGHBOURS = [
    # municipality, number, county
    ("Nabovik kommune", "9981", "Fjordfylket"),
    ("Småvik kommune", "9982", "Fjordfylket"),
    ("Nordvik kommune", "9871", "Nordfylket"),
]
NEIGHBOUR_UNITS = [
    # name, municipality, address, organisation number
    ("OT Nabovik", "Nabovik kommune", "Kaigata 2, 9981 Nabovik", "991017828"),
    ("OT Nordvik", "Nordvik kommune", "Fjellveien 5, 9871 Nordvik", "991018956"),
]
PARTNERS = [
    ("Fiktivik ungdomsskole", ServiceCode.SCHOOL, "Skoleveien 3, 9990 Fiktivik", "991008225"),
    (
        "Fiktivik videregående skole",
        ServiceCode.SCHOOL,
        "Lektorbakken 8, 9991 Fiktivik",
        "991009590",
    ),
    (
        "Barneverntjenesten i Fiktivik",
        ServiceCode.CHILD_WELFARE,
        "Postboks 100, 9990 Fiktivik",
        "991010963",
    ),
    ("NAV Fiktivik", ServiceCode.NAV, "Arbeidsgata 2, 9990 Fiktivik", "991012338"),
    ("Fiktivik politistasjon", ServiceCode.POLICE, "Lensmannsveien 1, 9990 Fiktivik", "991013709"),
    (
        "Helsestasjon for ungdom Fiktivik",
        ServiceCode.YOUTH_HEALTH_CENTRE,
        "Torggata 10, 9990 Fiktivik",
        "991015078",
    ),
    ("PPT Fiktivik", ServiceCode.PPT, "Rådhusplassen 1, 9990 Fiktivik", "991016449"),
]
# The areas outreach reports by (seed 004 reports by area), and the places in each: name,
# kind, district, area.
AREAS = ["Sentrum", "Nordby", "Søndre", "Nett og sosiale medier"]
PLACES = [
    ("Torget", PlaceKind.STREET, "Sentrum", "Sentrum"),
    ("Stasjonsområdet", PlaceKind.STATION, "Sentrum", "Sentrum"),
    ("Bussterminalen", PlaceKind.STATION, "Sentrum", "Sentrum"),
    ("Fiktivik ungdomsskole, skolegården", PlaceKind.SCHOOL, "Nordby", "Nordby"),
    ("Skateparken", PlaceKind.STREET, "Nordby", "Nordby"),
    ("Idrettsparken", PlaceKind.OTHER, "Nordby", "Nordby"),
    ("Fritidsklubben Loftet", PlaceKind.YOUTH_CLUB, "Søndre", "Søndre"),
    ("Kjøpesenteret Fiktivik", PlaceKind.STATION, "Søndre", "Søndre"),
    ("Nett og sosiale medier", PlaceKind.ONLINE, None, "Nett og sosiale medier"),
    ("Spillkanaler og chat", PlaceKind.ONLINE, None, "Nett og sosiale medier"),
]


def seed(demo: DemoContext) -> None:
    system = demo.system
    counties = {name: County.objects.create(name=name, number=number) for name, number in COUNTIES}
    municipality = Municipality.objects.create(
        name="Fiktivik kommune", number="9999", county=counties["Fjordfylket"]
    )
    demo.municipality = municipality
    demo.neighbours = {
        name: Municipality.objects.create(name=name, number=number, county=counties[county])
        for name, number, county in NEIGHBOURS
    }
    demo.districts = {
        name: District.objects.create(municipality=municipality, name=name, number=number)
        for name, number in DISTRICTS.items()
    }
    demo.units = {
        name: services.unit_create(
            actor=system,
            municipality=municipality,
            name=name,
            kind=kind,
            district=demo.districts.get(district) if district else None,
            address=address,
            organization_number=number,
        )
        for name, kind, district, address, number in UNITS
    }
    demo.neighbour_units = {
        name: services.unit_create(
            actor=system,
            municipality=demo.neighbours[place],
            name=name,
            kind=UnitKind.OT,
            district=None,
            address=address,
            organization_number=number,
        )
        for name, place, address, number in NEIGHBOUR_UNITS
    }
    demo.partners = {
        name: services.partner_create(
            actor=system,
            municipality=municipality,
            name=name,
            kind=kind,
            address=address,
            organization_number=number,
        )
        for name, kind, address, number in PARTNERS
    }
    areas = {
        name: services.area_create(actor=system, municipality=municipality, name=name)
        for name in AREAS
    }
    for name, kind, district, area in PLACES:
        services.place_create(
            actor=system,
            municipality=municipality,
            name=name,
            kind=kind,
            district=demo.districts.get(district) if district else None,
            area=areas[area],
        )

    users = demo.users = _staff(demo)
    # The workers who take each unit's cases; Nora works in two units.
    demo.teams = {
        "Los Nordby": [users["lise.los"], users["nora.naervaer"]],
        "Utekontakten Sentrum": [users["ulf.ute"], users["una.ute"]],
        "Nærværsteamet Søndre": [users["nora.naervaer"]],
        "OT Fiktivik": [users["oda.ot"]],
    }
    units = demo.units
    for i in range(2, demo.scale + 1):
        for unit_name, team in demo.teams.items():
            user = services.user_create(
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
    _changes_over_time(demo)
    for user in users.values():
        policy.forget_memberships(user)
    demo.counts.update(
        {
            "districts": len(demo.districts),
            "counties": len(COUNTIES),
            "units": len(units),
            "partner organizations": len(demo.partners),
            "areas": len(AREAS),
            "places": len(PLACES) + 1,  # and one no longer in use
            "users": User.objects.count(),
        }
    )


def _staff(demo: DemoContext) -> dict[str, User]:
    """The staff, given their roles the way a municipality does: the system makes the two
    first admins; Adam makes the other accounts; Alma approves the roles that read personal
    data; leaders staff their own units in one step. Two roles still await approval."""
    system, municipality, units, partners = (
        demo.system,
        demo.municipality,
        demo.units,
        demo.partners,
    )

    def make(giver, person, unit=None, partner=None) -> User:
        place = unit.municipality if unit else municipality
        return services.user_create(
            # A neighbour municipality's admins are not part of the demo: the system gives
            # its people their roles.
            actor=giver if place == municipality else system,
            username=person.username,
            first_name=person.first_name,
            last_name=person.last_name,
            email="",
            password=DEMO_PASSWORD,
            role=person.role,
            municipality=place,
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
    for person in ordered:
        unit = units.get(person.place) or demo.neighbour_units.get(person.place)
        leader = _leader_of(unit, users) if unit else None
        staffing = person.role in (Role.CASEWORKER, Role.FIELD_WORKER)
        giver = leader if leader and staffing else adam
        user = make(giver, person, unit=unit, partner=partners.get(person.place))
        users[person.username] = user
        membership = user.memberships.get()
        if membership.status == MembershipStatus.PENDING:
            services.membership_approve(actor=alma, membership=membership)
            policy.forget_memberships(user)
    for person in PENDING_DEMO_USERS:
        # Awaiting approval: Alma (or, for Los Nordby, Leo) may approve; Adam may not.
        users[person.username] = make(adam, person, unit=units[person.place])
    # One person may work in several units: Nora is also a los in Nordby. A leader sees
    # only her own units' staff, so Adam gives the role and Leo, Nordby's leader, approves.
    second = services.membership_add(
        actor=adam,
        user=users["nora.naervaer"],
        role=Role.CASEWORKER,
        municipality=municipality,
        unit=units["Los Nordby"],
    )
    services.membership_approve(actor=users["leo.leder"], membership=second)
    # A past role, ended: it gives no access today.
    services.membership_add(
        actor=system,
        user=users["ulf.ute"],
        role=Role.CASEWORKER,
        municipality=municipality,
        unit=units["OT Fiktivik"],
        starts_on=date(2024, 1, 1),
        ends_on=date(2025, 6, 30),
    )
    return users


def _changes_over_time(demo: DemoContext) -> None:
    """What an organisation looks like after a while, each change made by the person who would
    make it: a unit, a partner and a place no longer in use; a los who left (account closed, role
    ended); a temporary role with its last day set; staff with e-mail addresses, so a password
    mail can be tried (it is printed to the console with `make run`)."""
    municipality, users = demo.municipality, demo.users
    adam, alma = users["adam.admin"], users["alma.admin"]
    closed_unit = services.unit_create(
        actor=demo.system,
        municipality=municipality,
        name="Ungdomsteamet Vest",
        kind=UnitKind.OUTREACH,
        district=demo.districts["Nordby"],
    )
    services.unit_update(
        actor=adam,
        unit=closed_unit,
        name=closed_unit.name,
        kind=closed_unit.kind,
        district=closed_unit.district,
        active=False,
    )
    old_partner = services.partner_create(
        actor=demo.system,
        municipality=municipality,
        name="Fiktivik folkehøgskole",
        kind=ServiceCode.SCHOOL,
    )
    services.partner_update(
        actor=adam, partner=old_partner, name=old_partner.name, kind=old_partner.kind, active=False
    )
    old_place = services.place_create(
        actor=demo.system,
        municipality=municipality,
        name="Gamle ungdomsklubben",
        kind=PlaceKind.YOUTH_CLUB,
        district=demo.districts["Søndre"],
        area=Area.objects.get(municipality=municipality, name="Søndre"),
    )
    # Taken out of use (retired today): the contacts counted there keep it.
    services.place_update(
        actor=adam,
        place=old_place,
        name=old_place.name,
        kind=old_place.kind,
        district=old_place.district,
        active=False,
    )
    leaver = services.user_create(
        actor=users["leo.leder"],
        username="tor.tidligere",
        first_name="Tor",
        last_name="Tidligere",
        email="",
        password=DEMO_PASSWORD,
        role=Role.CASEWORKER,
        municipality=municipality,
        unit=demo.units["Los Nordby"],
    )
    services.user_deactivate(actor=alma, user=leaver)
    for username, email in (
        ("lise.los", "lise.losvik@fiktivik.example"),
        ("leo.leder", "leo.ledersen@fiktivik.example"),
    ):
        user = users[username]
        services.user_update(
            actor=adam,
            user=user,
            first_name=user.first_name,
            last_name=user.last_name,
            email=email,
        )
    # Una covers a leave of absence: her role ends in three months.
    una = users["una.ute"]
    role = una.memberships.get(unit=demo.units["Utekontakten Sentrum"])
    services.membership_set_end(
        actor=users["lars.leder"],
        membership=role,
        ends_on=timezone.localdate() + timedelta(days=90),
    )


def _leader_of(unit, users):
    for person in DEMO_USERS:
        if person.role == Role.LEADER and person.place == unit.name:
            return users.get(person.username)
    return None
