"""Handover between OT, outreach and los in the demo (issue 18, points 5 and 6), made through
the services as the people would: three youth on OT Fiktivik's register with oda.ot as contact
person; one request to Utekontakten Sentrum to find a youth, waiting for its answer (lars.leder,
ulf.ute and una.ute see it), one answered "new contact" that OT has not yet marked seen; two
youth of Los Nordby who quit school handed to OT Fiktivik with the summary they consented to
share, one acknowledged by otto.otleder and one awaiting him; and one youth on the register with
a team, a rule of a collaboration meeting every six weeks and the first meeting planned.

Independent of the OT register's own demo step (it may run before or after this one): these
youth are registered here. One step of `manage.py seed_demo`, before the audit log's."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from ungsam.access.models import Purpose
from ungsam.cases.models import CaseStatus
from ungsam.cases.services import case_assign
from ungsam.collab.services import consent_record
from ungsam.lib.demo import DemoContext
from ungsam.ot.find_services import find_request_answer, find_request_send
from ungsam.ot.handover_services import (
    collaboration_meetings_set_up,
    handover_acknowledge,
    handover_to_ot,
)
from ungsam.ot.models import FindRequest
from ungsam.ot.register_services import register_youth

P = Purpose.DEMO_DATA
OT_UNIT = "OT Fiktivik"
OUTREACH_UNIT = "Utekontakten Sentrum"
LOS_UNIT = "Los Nordby"

# Fictitious youth who left upper-secondary school: (first, last, age, phone, address, days
# since registered).
YOUTH = [
    ("Jonas", "Fjellstuen", 17, "40011223", "Bakkeveien 7, 9990 Fiktivik", 40),
    ("Mira", "Solbakken", 18, "40022334", "Elvegata 21, 9990 Fiktivik", 55),
    ("Tobias", "Vikholmen", 19, "40033445", "Torget 3, 9990 Fiktivik", 30),
]


def _born(today: date, age: int, rng) -> date:
    return today - timedelta(days=365 * age + rng.randint(10, 300))


def _register(demo: DemoContext, first, last, age, phone, address, days):
    at = timezone.now() - timedelta(days=days)
    routed = register_youth(
        actor=demo.system,
        home_municipality=demo.municipality,
        youth={
            "first_name": first,
            "last_name": last,
            "birth_date": _born(demo.today, age, demo.rng),
            "phone": phone,
            "address": address,
        },
        source="manual",
        at=at,
        purpose=P,
    )
    registration = routed.registration
    case = registration.case
    if not case.contacts.exists():
        case_assign(
            actor=demo.users["otto.otleder"],
            purpose=P,
            case_id=case.pk,
            contact_persons=[demo.users["oda.ot"]],
        )
    return registration


def _find_requests(demo: DemoContext, waiting, answered) -> None:
    oda, outreach = demo.users["oda.ot"], demo.units[OUTREACH_UNIT]
    one = find_request_send(
        actor=oda,
        purpose=P,
        registration_id=waiting.pk,
        outreach_unit_id=outreach.pk,
        asked=(
            "Jonas har ikke svart på to brev og tre SMS siden han sluttet på Fiktivik vgs i "
            "september. Han er sett på kjøpesenteret og ved stasjonen på ettermiddagstid. "
            "Kan dere prøve å få kontakt og fortelle at OT gjerne vil møte ham?"
        ),
    )
    two = find_request_send(
        actor=oda,
        purpose=P,
        registration_id=answered.pk,
        outreach_unit_id=outreach.pk,
        asked=(
            "Mira har ikke møtt til to avtaler og tar ikke telefonen. Venninner sier hun er mye "
            "på ungdomsklubben på torsdager. Vi har sendt brev og SMS."
        ),
    )
    find_request_answer(
        actor=demo.users["ulf.ute"],
        purpose=P,
        request_id=two.pk,
        answer="new_contact",
        note=(
            "Snakket med Mira på ungdomsklubben torsdag. Hun vil gjerne møte OT hvis en av oss "
            "er med første gang. Hun foretrekker SMS."
        ),
    )
    # Dated as the people would have sent them (the services stamp now).
    now = timezone.now()
    FindRequest.objects.filter(pk=one.pk).update(sent_at=now - timedelta(days=6))
    FindRequest.objects.filter(pk=two.pk).update(
        sent_at=now - timedelta(days=14), answered_at=now - timedelta(days=2)
    )


def _los_cases(demo: DemoContext) -> list:
    """Open cases of Los Nordby whose youth has a national id (found again on OT's register)
    and no registration there yet, in a fixed order."""
    unit = demo.units[LOS_UNIT]
    return [
        case
        for case in sorted(demo.cases, key=lambda c: c.pk)
        if case.unit_id == unit.pk
        and case.status == CaseStatus.OPEN
        and case.youth.municipality_id == demo.municipality.pk
        and case.youth.national_id_token
    ]


def _handovers(demo: DemoContext) -> int:
    leo, ot = demo.users["leo.leder"], demo.units[OT_UNIT]
    summaries = [
        "Sluttet på Fiktivik vgs (Vg1 helse) i oktober etter lang tids fravær. Har hatt los "
        "siden 9. trinn; god kontakt med los. Ønsker å prøve lærlingplass. Mor er informert.",
        "Sluttet i Vg2 i november. Har vært innom los jevnlig; trenger hjelp til å finne "
        "arbeid eller et kurs. Liker praktisk arbeid, har sommerjobberfaring fra butikk.",
    ]
    made = 0
    for case, summary in zip(_los_cases(demo), summaries, strict=False):
        consent_record(
            actor=leo,
            purpose=P,
            case_id=case.pk,
            status="given",
            partner_ids=[],
            unit_ids=[ot.pk],
            categories=["journal_summaries"],
            sharing_purpose="Overføring til oppfølgingstjenesten ved skoleslutt.",
            given_by_youth=True,
            given_as="oral",
        )
        handover = handover_to_ot(actor=leo, purpose=P, case_id=case.pk, summary=summary)
        if made == 0:
            handover_acknowledge(
                actor=demo.users["otto.otleder"], purpose=P, handover_id=handover.pk
            )
        made += 1
    return made


def seed(demo: DemoContext) -> None:
    registrations = [_register(demo, *row) for row in YOUTH]
    jonas, mira, tobias = registrations
    _find_requests(demo, jonas, mira)
    first_meeting = timezone.make_aware(
        datetime.combine(demo.today + timedelta(days=9), time(10, 0))
    )
    collaboration_meetings_set_up(
        actor=demo.users["oda.ot"],
        purpose=P,
        registration_id=tobias.pk,
        every_weeks=6,
        starts_at=first_meeting,
        place="OT-kontoret, rådhuset",
    )
    demo.counts["handovers to OT"] = _handovers(demo)
    demo.counts["requests to find a youth"] = 2
