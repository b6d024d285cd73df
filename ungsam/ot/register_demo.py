"""The OT register in the demo: youth aged 16–23 registered with OT Fiktivik and OT Nabovik
over the past year through `register_youth` (reports from Fiktivik videregående skole, by
hand), given contact persons by their leader, and followed through Udir's status groups with
dated histories and recorded contacts. Some OTUK registrations are past the first-contact
deadline with no contact; one youth moved to Nordvik (another county) and is now on OT
Nordvik's register; one was routed from OT Nordvik to OT Fiktivik and nobody has seen the
notice yet. All names are made up. One step of `manage.py seed_demo`."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from ungsam.access.models import Purpose
from ungsam.cases.services import case_assign
from ungsam.lib.demo import DemoContext
from ungsam.ot import register_services as services
from ungsam.ot.models import RegistrationSource, RoutingReason

P = Purpose.DEMO_DATA
SCHOOL = "Fiktivik videregående skole"

# (first, last, age, home, days ago registered, how, contact person, path of statuses)
# A path step: (code, days after registration, contact kind or None). "home" names a
# neighbour (None: Fiktivik itself).
FIKTIVIK = [
    ("Sigrid", "Fjellvang", 17, None, 300, "school", "oda.ot", [("OTOV", 10, "conversation")]),
    (
        "Tobias",
        "Lyngmo",
        18,
        None,
        280,
        "school",
        "oda.ot",
        [("OTOV", 7, "phone"), ("OTOA", 60, None)],
    ),
    (
        "Ingrid",
        "Skarsvåg",
        19,
        None,
        260,
        "manual",
        "oda.ot",
        [("OTOV", 5, "home_visit"), ("OTAP", 40, None), ("OTAR", 160, None)],
    ),
    ("Elias", "Brekkestø", 20, None, 240, "school", "oda.ot", [("OTOV", 12, "meeting")]),
    (
        "Maja",
        "Hovdenak",
        16,
        None,
        220,
        "school",
        "oda.ot",
        [("OTOV", 4, "conversation"), ("OTEV", 90, None)],
    ),
    ("Jonas", "Tindvik", 21, None, 200, "manual", "oda.ot", [("OTNO", 9, "phone")]),
    (
        "Nora",
        "Kvalheim",
        22,
        None,
        190,
        "school",
        "otto.otleder",
        [("OTOV", 8, "conversation"), ("OTBA", 70, None)],
    ),
    ("Lukas", "Sandvær", 18, None, 170, "school", "oda.ot", [("OTMI", 20, "phone")]),
    (
        "Emma",
        "Bjørkhaug",
        17,
        None,
        150,
        "school",
        "oda.ot",
        [("OTOV", 6, "conversation"), ("OTLL", 45, None)],
    ),
    ("Filip", "Nordstrand", 23, None, 130, "manual", "otto.otleder", [("OTSY", 15, "meeting")]),
    ("Oda", "Vikestad", 16, None, 120, "school", "oda.ot", [("ELVG_IM", 3, None)]),
    ("Henrik", "Storemyr", 19, None, 100, "school", "oda.ot", [("OTFU_IM", 30, None)]),
    ("Aurora", "Lindeberg", 20, None, 80, "manual", "oda.ot", [("OTOV", 11, "home_visit")]),
    ("Mathias", "Grønnli", 18, None, 60, "school", "oda.ot", [("OTKO", 25, None)]),
    ("Selma", "Ørnes", 17, None, 45, "school", "oda.ot", [("Feil", 2, None)]),
    # OTUK past the first-contact deadline (14 days), no contact recorded.
    ("Kasper", "Heggem", 19, None, 40, "school", "oda.ot", []),
    ("Live", "Strømsnes", 18, None, 30, "school", None, []),
    ("Oskar", "Tjeldnes", 21, None, 22, "manual", "oda.ot", []),
    # Registered lately: still within the deadline.
    ("Vilde", "Mostad", 16, None, 5, "school", None, []),
]
# She moves to Nordvik (the other county) and is registered with OT Nordvik.
MOVER = ("Julie", "Fossheim", 19, None, 210, "school", "oda.ot", [("OTOV", 9, "phone")])
NABOVIK = [
    (
        "Ida",
        "Kaldhol",
        18,
        "Nabovik kommune",
        250,
        "school",
        "nils.nabo",
        [("OTOV", 14, "conversation"), ("OTEV", 100, None)],
    ),
    (
        "Adrian",
        "Rossvoll",
        20,
        "Småvik kommune",
        160,
        "school",
        "nils.nabo",
        [("OTNO", 8, "phone")],
    ),
    ("Thea", "Myrvold", 17, "Nabovik kommune", 90, "manual", "nils.nabo", []),
    ("Sander", "Lauvås", 22, "Småvik kommune", 35, "school", None, []),
]
NOTES = {
    "conversation": "Samtale på kontoret om skole og jobb. Hun vil prøve igjen neste høst.",
    "phone": "Telefonsamtale. Avtalt nytt møte om to uker.",
    "home_visit": "Hjemmebesøk. Mor var til stede; vi snakket om hva som skal til.",
    "meeting": "Møte med ungdommen og NAV-veileder om muligheter.",
}


def _birth_date(demo: DemoContext, age: int) -> date:
    return demo.today - timedelta(days=age * 365 + demo.rng.randint(30, 330))


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def _register(demo, unit_home, row):
    first, last, age, home, days_ago, how, contact, path = row
    municipality = demo.neighbours[home] if home else demo.municipality
    registered_on = demo.today - timedelta(days=days_ago)
    youth = {"first_name": first, "last_name": last, "birth_date": _birth_date(demo, age)}
    if how == "school":
        routed = services.register_youth(
            actor=demo.system,
            home_municipality=municipality,
            youth=youth,
            source=RegistrationSource.SCHOOL_REPORT,
            reason=RoutingReason.SCHOOL_REPORT,
            school=demo.partners[SCHOOL],
            at=_at(registered_on),
            purpose=P,
        )
    else:
        routed = services.register_youth(
            actor=demo.users[unit_home],
            home_municipality=municipality,
            youth=youth,
            source=RegistrationSource.MANUAL,
            at=_at(registered_on),
            purpose=P,
        )
    return routed.registration, registered_on


def _follow(demo, leader: str, row, registration, registered_on) -> None:
    contact, path = row[6], row[7]
    if contact is None:
        return
    case_assign(
        actor=demo.users[leader],
        purpose=P,
        case_id=registration.case_id,
        contact_persons=[demo.users[contact]],
    )
    worker = demo.users[contact]
    for code, after, kind in path:
        day = min(registered_on + timedelta(days=after), demo.today)
        new_contact = None
        if kind:
            new_contact = {"occurred_on": day, "kind": kind, "text": NOTES[kind]}
        services.registration_set_status(
            actor=worker,
            purpose=P,
            registration_id=registration.pk,
            code=code,
            on=day,
            note="",
            new_contact=new_contact,
            today=demo.today,
        )
    # Written information about her rights, sent within a week for most.
    if demo.rng.random() < 0.8 and registered_on < demo.today - timedelta(days=7):
        sent = registered_on + timedelta(days=demo.rng.randint(1, 7))
        birth = registration.case.youth.birth_date
        minor = (sent.year - birth.year - ((sent.month, sent.day) < (birth.month, birth.day))) < 18
        services.registration_record_rights_info(
            actor=worker,
            purpose=P,
            registration_id=registration.pk,
            sent_on=sent,
            to_guardians=minor,
            today=demo.today,
        )


def seed(demo: DemoContext) -> None:
    count = 0
    for row in FIKTIVIK:
        registration, on = _register(demo, "oda.ot", row)
        _follow(demo, "otto.otleder", row, registration, on)
        count += 1
    for row in NABOVIK:
        registration, on = _register(demo, "nils.nabo", row)
        _follow(demo, "nils.nabo", row, registration, on)
        count += 1
    # Julie moved to Nordvik, in the other county, three weeks ago: OTFA_IM here, and she is on
    # OT Nordvik's register (its leader was told at once).
    registration, on = _register(demo, "oda.ot", MOVER)
    _follow(demo, "otto.otleder", MOVER, registration, on)
    services.registration_set_status(
        actor=demo.users["oda.ot"],
        purpose=P,
        registration_id=registration.pk,
        code="OTFA_IM",
        on=demo.today - timedelta(days=21),
        note="Flyttet til Nordvik sammen med familien.",
        moved_to=demo.neighbours["Nordvik kommune"],
        today=demo.today,
    )
    # Amalie moved the other way: OT Nordvik (outside this county's Ungsam) routed her to
    # OT Fiktivik two days ago; nobody there has seen it yet.
    services.register_youth(
        actor=demo.system,
        home_municipality=demo.municipality,
        youth={"first_name": "Amalie", "last_name": "Nesbø", "birth_date": _birth_date(demo, 18)},
        source=RegistrationSource.ROUTED,
        reason=RoutingReason.MOVED_COUNTY,
        from_unit=_unit(demo, "OT Nordvik"),
        at=_at(demo.today - timedelta(days=2)),
        purpose=P,
    )
    count += 2
    # The leaders have seen the notices of registrations older than a month.
    _mark_old_notices_seen(demo)
    demo.counts["OT registrations"] = count


def _unit(demo, name: str):
    # The neighbours' OT units may be kept apart from Fiktivik's own (`neighbour_units`).
    return {**demo.units, **getattr(demo, "neighbour_units", {})}[name]


def _mark_old_notices_seen(demo) -> None:
    from ungsam.ot.register_selectors import unseen_notices

    cutoff = _at(demo.today - timedelta(days=30))
    for leader, unit in (("otto.otleder", "OT Fiktivik"), ("nils.nabo", "OT Nabovik")):
        for notice in unseen_notices(actor=demo.users[leader], unit=_unit(demo, unit)):
            if notice.at < cutoff:
                services.routing_notice_mark_seen(actor=demo.users[leader], notice_id=notice.pk)
