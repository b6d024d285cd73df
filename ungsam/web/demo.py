"""The demo municipality's logins: one list used by seed_demo, the login page (DEBUG only) and
`make run`'s printout. All names are fictitious."""

from dataclasses import dataclass

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
    DemoUser("nora.naervaer", "Nora", "Nærværet", "caseworker", "Nærværsteamet Søndre"),
    DemoUser("sara.skole", "Sara", "Skolebakken", "partner", "Fiktivik ungdomsskole"),
    DemoUser(
        "bjorn.barnevern", "Bjørn", "Barnevernsen", "partner", "Barneverntjenesten i Fiktivik"
    ),
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
