"""Fiktivik's common service pathway (felles tjenesteløp, seed 001) in the demo: five steps from
the first concern to the closing transition, configured by the admin (adam.admin), and the
open followed-up cases placed along it by their contact persons, some further on than others
and some overdue on their step; a few are left unplaced, as a leader meets them. One step of
`manage.py seed_demo` (ungsam/lib/demo.py), after the teams (the overview names coordinators).

The moves are dated back (`since`), as a worker records when a step began: the service allows a
past date, never one before the step the case leaves began."""

from datetime import timedelta

from ungsam.access import policy
from ungsam.access.models import Purpose
from ungsam.cases.models import FOLLOWED_STAGES, CaseStatus
from ungsam.collab import pathway_services
from ungsam.org.models import ServiceCode

P = Purpose.DEMO_DATA
NAME = "Felles tjenesteløp for ungdom i Fiktivik"
DESCRIPTION = (
    "Avtalt mellom kommunens ungdomstjenester, skolene, barneverntjenesten, NAV og politiet: "
    "én vei fra første bekymring til avslutning, med én koordinator og tydelig ansvar på hvert "
    "steg."
)
# name, description, responsible service, expected days, BTI level
STEPS = [
    (
        "Bekymring oppdaget",
        "Noen har sett noe. Undringssamtale med ungdommen og foresatte; avklar hvem som "
        "følger opp.",
        ServiceCode.SCHOOL,
        14,
        0,
    ),
    (
        "Kartlegging",
        "Kartlegg risiko og beskyttelse på alle livsområder sammen med ungdommen.",
        ServiceCode.OUTREACH,
        30,
        1,
    ),
    (
        "Tiltak i gang",
        "Tiltaksplan med målbare mål; tiltakene er satt i gang og følges opp hver uke.",
        ServiceCode.OUTREACH,
        90,
        2,
    ),
    (
        "Samordnet innsats (BTI nivå 3)",
        "Flere tjenester rundt ungdommen: ansvarsgruppe med koordinator, faste møter og "
        "felles plan.",
        ServiceCode.CHILD_WELFARE,
        120,
        3,
    ),
    (
        "Avslutning og overgang",
        "Avslutt med en plan for overgangen til skole, arbeid eller en annen tjeneste.",
        ServiceCode.FOLLOW_UP_SERVICE,
        30,
        1,
    ),
]
NOTES = [
    "Bekymringen drøftet med ungdommen og mor; vi tar saken videre.",
    "Kartleggingen er ferdig og gjennomgått med ungdommen.",
    "Tiltakene virker ikke alene; flere tjenester må inn.",
    "Målene er nådd; vi planlegger avslutningen sammen.",
]


def seed(demo) -> None:
    adam = demo.users["adam.admin"]
    pathway = pathway_services.pathway_create(
        actor=adam, municipality=demo.municipality, name=NAME, description=DESCRIPTION
    )
    steps = [
        pathway_services.step_create(
            actor=adam,
            pathway=pathway,
            name=name,
            description=description,
            responsible_service=service,
            expected_days=days,
            bti_level=level,
            position=i,
        )
        for i, (name, description, service, days, level) in enumerate(STEPS, start=1)
    ]
    # A step retired since: it stays in the configuration's history, offered for no move.
    old = pathway_services.step_create(
        actor=adam,
        pathway=pathway,
        name="Venteliste hos samarbeidspart",
        description="Erstattet av «Tiltak i gang».",
        responsible_service=ServiceCode.OTHER,
        expected_days=30,
        bti_level=1,
        position=6,
    )
    pathway_services.step_update(
        actor=adam,
        step=old,
        name=old.name,
        description=old.description,
        responsible_service=old.service,
        expected_days=old.expected_days,
        bti_level=old.bti_level,
        position=old.position,
        active=False,
    )
    placed = overdue = 0
    followed = []
    for case in demo.cases:
        case.refresh_from_db(fields=["stage", "status"])
        if case.status == CaseStatus.OPEN and case.stage in FOLLOWED_STAGES:
            followed.append(case)
    for i, case in enumerate(followed):
        if i % 6 == 5:
            continue  # not placed yet: the leader's overview counts them
        target = i % len(steps)
        worker = demo.contact_persons[case.pk][0]
        # Days on the step it stands on: every third case beyond the expected duration.
        expected = steps[target].expected_days
        if i % 3 == 0:
            on_step = expected + demo.rng.randint(3, 40)
            overdue += 1
        else:
            on_step = demo.rng.randint(1, max(expected - 1, 1))
        day = demo.today - timedelta(days=on_step)
        dates = [day]
        for earlier in reversed(steps[:target]):
            day = day - timedelta(days=demo.rng.randint(5, earlier.expected_days))
            dates.insert(0, day)
        for k, since in enumerate(dates):
            pathway_services.pathway_move(
                actor=worker,
                purpose=P,
                case_id=case.pk,
                step_id=steps[k].pk,
                since=since,
                note=NOTES[k - 1] if k else "",
            )
        placed += 1
    for user in demo.users.values():
        policy.forget_memberships(user)
    demo.counts["service pathways"] = 1
    demo.counts["cases on the pathway"] = placed
    demo.counts["overdue on their step"] = overdue
