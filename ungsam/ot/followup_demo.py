"""Deadlines and "nobody followed up" in the demo (issue 18, point 4): the OT units' deadlines
(OT Nabovik stricter on the first contact), a few youth on the OT register past their
deadlines, and a few cases in Los Nordby and Utekontakten Sentrum that have gone quiet or lost
their contact person — so the leaders' lists (leo.leder, lars.leder, otto.otleder, nils.nabo)
and oda.ot's own deadlines have something to show. Registers its own youth, so it does not
depend on the register's demo step. One step of `manage.py seed_demo`.

The history lies in the past, which no service writes: the services make each record as a
worker would (audited), and this step then dates it back (the fiction's history)."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from ungsam.access.models import Purpose
from ungsam.cases.journal_services import journal_entry_create, journal_entry_sign
from ungsam.cases.models import (
    CaseContact,
    CaseStage,
    ContactPersonPeriod,
    EntryKind,
    JournalEntry,
    StageChange,
)
from ungsam.cases.services import case_assign, case_open
from ungsam.lib.demo import DemoContext
from ungsam.org.models import UnitKind
from ungsam.ot.models import OTRegistration, OTStatusChange, OTUnitSettings, RegistrationSource
from ungsam.ot.register_services import register_youth
from ungsam.ot.status_codes import StatusCode
from ungsam.people.demo import synthetic_national_id
from ungsam.people.services import youth_create

# (unit, first contact, unknown, under follow-up, in activity): days.
SETTINGS = [("OT Fiktivik", 14, 14, 30, 90), ("OT Nabovik", 7, 14, 30, 60)]

# Quiet cases: (unit, contact person, first name, last name, opened days ago, last real
# contact days ago or None, an unanswered text message days ago or None).
QUIET = [
    ("Los Nordby", "lise.los", "Tiril", "Fjellvang", 120, 45, 12),
    ("Los Nordby", "lise.los", "Mathias", "Nordbø", 90, 38, None),
    ("Los Nordby", "lise.los", "Selma", "Kvernmo", 70, None, 20),
    ("Utekontakten Sentrum", "ulf.ute", "Jonas", "Steinvik", 100, 33, None),
]
# A followed case whose contact person left (she moved to another job): (unit, worker, names,
# opened days ago, left days ago).
ORPHANED = [
    ("Los Nordby", "lise.los", "Ida", "Løvlund", 150, 26),
    ("Utekontakten Sentrum", "ulf.ute", "Elias", "Bråtå", 200, 40),
]
# OT registrations: (home municipality, first name, last name, registered days ago, contact
# person or None, status, first contact days ago or None, last conversation days ago or None).
REGISTERED = [
    (None, "Nora", "Myrvang", 30, None, StatusCode.OTUK, None, None),
    (None, "Sander", "Leirvik", 10, "oda.ot", StatusCode.OTUK, None, None),
    (None, "Amalie", "Grøtting", 95, "oda.ot", StatusCode.OTOV, 85, 60),
    (None, "Henrik", "Aune", 200, "oda.ot", StatusCode.OTAP, 180, 100),
    ("Nabovik kommune", "Oliver", "Sandnes", 12, None, StatusCode.OTUK, None, None),
]


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _youth(demo, municipality, first, last):
    born = date(demo.today.year - demo.rng.randint(16, 20), demo.rng.randint(1, 12), 14)
    return {
        "first_name": first,
        "last_name": last,
        "birth_date": born,
        "national_id": synthetic_national_id(demo.rng, born),
    }


def _journal(case, author, kind, day: date, text: str) -> JournalEntry:
    """A signed entry by its author, written and signed on `day`."""
    entry = journal_entry_create(
        actor=author,
        purpose=Purpose.DEMO_DATA,
        case_id=case.pk,
        kind=kind,
        occurred_on=day,
        text=text,
    )
    JournalEntry.objects.filter(pk=entry.pk).update(created_at=_at(day, 15))
    return journal_entry_sign(
        actor=author, purpose=Purpose.DEMO_DATA, entry_id=entry.pk, at=_at(day, 16)
    )


def _contact_persons(demo, unit, person) -> list:
    """Her, and in outreach (two contact persons) a colleague from the unit's team."""
    if unit.kind != UnitKind.OUTREACH:
        return [person]
    return [person, next(p for p in demo.teams[unit.name] if p != person)]


def _followed_case(demo: DemoContext, unit_name: str, worker: str, names, opened_days: int):
    """An active case of the unit for a new youth, with the worker (and in outreach a
    colleague) as contact persons, opened `opened_days` ago."""
    unit, person = demo.units[unit_name], demo.users[worker]
    youth = youth_create(
        actor=demo.system,
        purpose=Purpose.DEMO_DATA,
        municipality=unit.municipality,
        **_youth(demo, unit.municipality, *names),
    )
    case = case_open(
        actor=demo.system,
        purpose=Purpose.DEMO_DATA,
        youth=youth,
        unit=unit,
        contact_persons=_contact_persons(demo, unit, person),
        stage=CaseStage.ACTIVE,
    )
    opened = demo.today - timedelta(days=opened_days)
    case.opened_on = opened
    case.save(update_fields=["opened_on"])
    StageChange.objects.filter(case=case).update(at=_at(opened, 9))
    ContactPersonPeriod.objects.filter(case=case).update(started_at=_at(opened, 9))
    return case, person


def _quiet_cases(demo: DemoContext) -> int:
    today = demo.today
    for unit_name, worker, first, last, opened_days, contact_days, sms_days in QUIET:
        case, person = _followed_case(demo, unit_name, worker, (first, last), opened_days)
        if contact_days is not None:
            _journal(
                case,
                person,
                EntryKind.CONVERSATION,
                today - timedelta(days=contact_days),
                "Samtale på kontoret om skole og søvn. Avtalte å ringe om en uke.",
            )
        if sms_days is not None:
            _journal(
                case,
                person,
                EntryKind.OTHER,
                today - timedelta(days=sms_days),
                "Sendte SMS og foreslo ny avtale. Ikke svar.",
            )
    for unit_name, worker, first, last, opened_days, left_days in ORPHANED:
        case, _person = _followed_case(demo, unit_name, worker, (first, last), opened_days)
        # Her contact person left the unit and nobody took the case over.
        CaseContact.objects.filter(case=case).delete()
        ContactPersonPeriod.objects.filter(case=case).update(
            ended_at=_at(today - timedelta(days=left_days), 16)
        )
    return len(QUIET) + len(ORPHANED)


def _registrations(demo: DemoContext) -> int:
    today = demo.today
    leader = demo.users["otto.otleder"]
    for home, first, last, days, worker, status, first_days, last_days in REGISTERED:
        municipality = demo.neighbours[home] if home else demo.municipality
        at = _at(today - timedelta(days=days), 9)
        routed = register_youth(
            actor=demo.system,
            home_municipality=municipality,
            youth=_youth(demo, municipality, first, last),
            source=RegistrationSource.MANUAL,
            at=at,
        )
        registration = routed.registration
        case = registration.case
        if worker is None:
            continue
        case_assign(
            actor=leader,
            purpose=Purpose.DEMO_DATA,
            case_id=case.pk,
            contact_persons=[demo.users[worker]],
        )
        assigned = at + timedelta(days=1)
        StageChange.objects.filter(case=case, by=leader).update(at=assigned)
        ContactPersonPeriod.objects.filter(case=case).update(started_at=assigned)
        if first_days is None:
            continue
        person = demo.users[worker]
        first_on = today - timedelta(days=first_days)
        contact = _journal(
            case,
            person,
            EntryKind.PHONE,
            first_on,
            "Fikk tak i henne på telefon. Hun vil gjerne snakke om hva hun kan gjøre nå.",
        )
        OTStatusChange.objects.create(
            registration=registration,
            code=status,
            previous=StatusCode.OTUK,
            at=_at(first_on, 14),
            by=person,
            contact=contact,
        )
        OTRegistration.objects.filter(pk=registration.pk).update(
            status=status, status_since=_at(first_on, 14), first_contact_on=first_on
        )
        if last_days is not None:
            _journal(
                case,
                person,
                EntryKind.CONVERSATION,
                today - timedelta(days=last_days),
                "Samtale om jobb og skole til høsten. Ny avtale når hun har snakket med NAV.",
            )
    return len(REGISTERED)


def seed(demo: DemoContext) -> None:
    # The neighbours' OT units are kept apart from Fiktivik's (where the context has them).
    units = {**demo.units, **getattr(demo, "neighbour_units", {})}
    for unit_name, first, unknown, guidance, activity in SETTINGS:
        OTUnitSettings.objects.create(
            unit=units[unit_name],
            first_contact_days=first,
            follow_up_days_unknown=unknown,
            follow_up_days_guidance=guidance,
            follow_up_days_activity=activity,
        )
    demo.counts["OT deadline settings"] = len(SETTINGS)
    demo.counts["cases without a next step"] = _quiet_cases(demo) + _registrations(demo)
