"""The demo youth's cases, in every stage a newcomer should meet: followed-up cases with a year
of history (referral, waiting list, assessment, active), some closed with their outcomes, and
on each unit's waiting list referrals from schools, NAV and child welfare — some triaged by the
unit's leader, some just arrived. Workers have position percentages, so each unit's status page
shows its capacity. One step of `manage.py seed_demo` (ungsam/lib/demo.py).

The history of a case lies in the past, which no service writes: the services make each case
as a worker would (audited), and this step then dates its stage changes back (the fiction's
history, nothing a user could do)."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from ungsam.access import policy
from ungsam.access.models import Purpose
from ungsam.cases.models import (
    AppointmentOutcome,
    CaseStage,
    ClosureOutcome,
    Consent,
    StageChange,
)
from ungsam.cases.services import (
    appointment_add,
    appointment_record,
    case_close,
    case_open,
    case_triage,
    referral_receive,
)
from ungsam.lib.demo import DemoContext
from ungsam.org.models import UnitKind
from ungsam.people.demo import synthetic_national_id

# How the youth are spread over the units (share of all youth).
UNIT_SHARE = {
    "Los Nordby": 0.4,
    "Utekontakten Sentrum": 0.25,
    "Nærværsteamet Søndre": 0.2,
    "OT Fiktivik": 0.15,
}
LEADERS = {"Los Nordby": "leo.leder", "Utekontakten Sentrum": "lars.leder"}
CLOSED_SHARE = 0.12
WAITING_PER_UNIT = 5
REFERRERS = [
    "Fiktivik ungdomsskole",
    "Fiktivik videregående skole",
    "NAV Fiktivik",
    "Barneverntjenesten i Fiktivik",
    "Helsestasjon for ungdom Fiktivik",
]
REASONS = [
    "Høyt fravær siden høstferien, sover lite og har trukket seg fra venner.",
    "Møter sjelden på skolen etter flytting, strever i matematikk og norsk.",
    "Foresatte er bekymret for nye venner og rus; eleven vil gjerne ha en voksen å snakke med.",
    "Har sluttet på Vg1 og er ikke i arbeid; ønsker hjelp til å finne ut hva nå.",
]
TRIED = [
    "Samtaler med kontaktlærer og rådgiver, fraværsoppfølging, møte med foresatte.",
    "Tilpasset timeplan og leksehjelp i to måneder, uten bedring i fraværet.",
]
VIEWS = [
    "Sier at skolen er for tung og at det er lettere å bli hjemme.",
    "Vil gjerne få det til, men vet ikke hvor hun skal begynne.",
    "Synes det er greit med en los, «så lenge det ikke blir mange møter».",
]
POSITIONS = [100, 100, 80, 60, 50]


def _at(day, hour=9):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _date_history(case, steps) -> None:
    """Replace the case's stage changes with `steps` [(stage, day)], dated back."""
    StageChange.objects.filter(case=case).delete()
    StageChange.objects.bulk_create(
        StageChange(case=case, stage=stage, at=_at(day)) for stage, day in steps
    )
    case.stage = steps[-1][0]
    case.save(update_fields=["stage"])


def seed(demo: DemoContext) -> None:
    rng, units, today = demo.rng, demo.units, demo.today
    total = len(demo.youth)
    plan = [name for name, share in UNIT_SHARE.items() for _ in range(round(share * total))]
    for i, (youth, unit_name) in enumerate(zip(demo.youth, plan, strict=True)):
        team = demo.teams[unit_name]
        # Outreach cases have two contact persons; the others one.
        if units[unit_name].kind == UnitKind.OUTREACH and len(team) > 1:
            contacts = rng.sample(team, 2)
        else:
            contacts = [team[i % len(team)]]
        opened = today - timedelta(days=rng.randint(20, 400))
        case = case_open(
            actor=demo.system,
            purpose=Purpose.DEMO_DATA,
            youth=youth,
            unit=units[unit_name],
            contact_persons=contacts,
            opened_on=opened,
        )
        waiting = opened + timedelta(days=rng.randint(2, 10))
        assessed = waiting + timedelta(days=rng.randint(7, 40))
        active = assessed + timedelta(days=rng.randint(14, 35))
        steps = [(CaseStage.REFERRAL, opened), (CaseStage.WAITING, waiting)]
        steps += [
            (stage, day)
            for stage, day in ((CaseStage.ASSESSMENT, assessed), (CaseStage.ACTIVE, active))
            if day < today
        ]
        if steps[-1][0] == CaseStage.WAITING:  # a recent case is in assessment already
            steps.append((CaseStage.ASSESSMENT, today - timedelta(days=1)))
        _date_history(case, steps)
        # When a worker last confirmed how she is doing: mostly lately, some long ago or never
        # (the work list's cases).
        if rng.random() < 0.85:
            confirmed = max(opened, today - timedelta(days=rng.randint(0, 120)))
            type(case).objects.filter(pk=case.pk).update(situation_confirmed_on=confirmed)
        demo.cases.append(case)
        demo.contact_persons[case.pk] = contacts
        if steps[-1][0] in (CaseStage.ASSESSMENT, CaseStage.ACTIVE):
            _appointments(demo, case, contacts[0], steps[-2][1])
        if steps[-1][0] == CaseStage.ACTIVE and rng.random() < CLOSED_SHARE * 2:
            _close_some(demo, case, contacts[0], steps)
    waiting = _waiting_lists(demo)
    _positions(demo)
    demo.counts["youth"] = len(demo.youth)  # the referred youth joined the register here
    demo.counts["cases"] = len(demo.cases) + waiting


def _appointments(demo, case, worker, since) -> None:
    """Meetings of the last two months since the case was taken on: most kept, now and then a
    no-show, for every seventh case the last two missed (its alert); and one planned in the
    coming week."""
    rng, today = demo.rng, demo.today
    places = ["Kontoret", "Skolen", "Kafé i sentrum", "Hjemme", "Fritidsklubben"]
    # The last two months only: enough for the alerts, and the demo stays quick to build.
    day = max(since, today - timedelta(days=60)) + timedelta(days=rng.randint(2, 7))
    missed_last = case.pk % 7 == 0
    made = []
    while day < today - timedelta(days=3):
        made.append(
            appointment_add(
                actor=worker,
                purpose=Purpose.DEMO_DATA,
                case_id=case.pk,
                starts_at=_at(day, rng.choice([9, 12, 15])),
                place=rng.choice(places),
                with_whom="Ungdommen",
            )
        )
        day += timedelta(days=rng.randint(7, 21))
    for i, appointment in enumerate(made):
        last_two = i >= len(made) - 2
        outcome = (
            AppointmentOutcome.NO_SHOW
            if (missed_last and last_two) or rng.random() < 0.12
            else AppointmentOutcome.ATTENDED
        )
        appointment_record(
            actor=worker,
            purpose=Purpose.DEMO_DATA,
            appointment_id=appointment.pk,
            outcome=outcome,
        )
    appointment_add(
        actor=worker,
        purpose=Purpose.DEMO_DATA,
        case_id=case.pk,
        starts_at=_at(today + timedelta(days=rng.randint(1, 7)), 14),
        place=rng.choice(places),
        with_whom="Ungdommen",
    )


def _close_some(demo, case, contact, steps) -> None:
    rng, today = demo.rng, demo.today
    outcome = rng.choice(ClosureOutcome.values)
    case_close(
        actor=contact,
        purpose=Purpose.DEMO_DATA,
        case_id=case.pk,
        outcome=outcome,
        reason={
            ClosureOutcome.IN_SCHOOL: "Stabilt oppmøte på skolen igjen; målene i planen er nådd.",
            ClosureOutcome.MOVED: "Familien har flyttet.",
            ClosureOutcome.NOT_REACHED: "Ikke nådd etter gjentatte forsøk og hjemmebesøk.",
        }.get(outcome, "Avsluttet etter evaluering med ungdommen og foresatte."),
        moved_to="Andrevik kommune" if outcome == ClosureOutcome.MOVED else "",
    )
    closed = min(today - timedelta(days=1), steps[-1][1] + timedelta(days=rng.randint(30, 120)))
    case.refresh_from_db()
    _date_history(case, [*steps, (CaseStage.CLOSED, closed)])
    type(case).objects.filter(pk=case.pk).update(closed_on=closed)


def _waiting_lists(demo) -> int:
    """Each unit's waiting list: referrals from the last eight weeks, the older ones triaged."""
    rng, today = demo.rng, demo.today
    made = 0
    from ungsam.people.demo import FIRST_NAMES, LAST_NAMES

    for unit_name, unit in demo.units.items():
        leader = demo.users.get(LEADERS.get(unit_name, ""))
        for n in range(WAITING_PER_UNIT * demo.scale):
            received = today - timedelta(days=rng.randint(0, 56))
            born = today - timedelta(days=rng.randint(13 * 365, 19 * 365))
            gender = rng.choice(["girl", "boy"])
            case = referral_receive(
                actor=demo.system,
                purpose=Purpose.DEMO_DATA,
                unit=unit,
                youth={
                    "first_name": rng.choice(FIRST_NAMES[gender]),
                    "last_name": rng.choice(LAST_NAMES),
                    "birth_date": born,
                    "national_id": synthetic_national_id(rng, born),
                    "gender": gender,
                    "phone": "",
                },
                referral={
                    "received_on": received,
                    "from_partner": demo.partners[rng.choice(REFERRERS)],
                    "referrer_name": rng.choice(
                        ["Rådgiver Rita", "Veileder Vidar", "Kari Kontakt"]
                    ),
                    "referrer_contact": "rita.radgiver@fiktivik.example",
                    "reason": rng.choice(REASONS),
                    "absence_percent": rng.choice([None, 12.5, 18.0, 27.5, 41.0]),
                    "absence_period": "høsten 2026",
                    "subjects_at_risk": rng.choice(["", "matematikk", "matematikk, norsk"]),
                    "tried": rng.choice(TRIED),
                    "concern_health": rng.random() < 0.4,
                    "concern_care": rng.random() < 0.3,
                    "concern_substance": rng.random() < 0.2,
                    "concern_crime": rng.random() < 0.1,
                    "concern_notes": "",
                    "youth_view": rng.choice(VIEWS),
                    "guardians_view": "Foresatte ønsker hjelp og har samtykket.",
                    "consent": rng.choice([Consent.GIVEN_WRITTEN, Consent.GIVEN_ORAL]),
                },
            )
            demo.youth.append(case.youth)
            steps = [(CaseStage.REFERRAL, received)]
            if leader is not None and (today - received).days > 7 and n % 3 != 0:
                case_triage(
                    actor=leader,
                    purpose=Purpose.DEMO_DATA,
                    case_id=case.pk,
                    complexity=rng.randint(1, 3),
                    severity=rng.randint(1, 3),
                    note="Vurdert i teammøtet.",
                )
                steps.append((CaseStage.WAITING, received + timedelta(days=rng.randint(2, 6))))
            _date_history(case, steps)
            made += 1
    return made


def _positions(demo) -> None:
    # Set when the staff were hired, before the fiction begins: configuration, not casework.
    i = 0
    for unit in demo.units.values():
        for membership in policy.unit_workers(unit.pk):
            membership.position_percent = POSITIONS[i % len(POSITIONS)]
            membership.save(update_fields=["position_percent"])
            i += 1
