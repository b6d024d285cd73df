"""Inquiries without consent and anonymous guidance in the demo: every unit's general advice
to and from other services over the year, weighted as in seed 004's table (child welfare,
guardians, police and Ung i jobb most often), a few with a short note, and anonymous guidance
from SLT and BTI meetings, told by age group only. One step of `manage.py seed_demo`
(ungsam/lib/demo.py), acting as the demo workers through the services."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError

from ungsam.access.models import Purpose
from ungsam.collab import inquiry_services
from ungsam.collab.models import AgeGroup, DiscussionMeeting, InquiryDirection, InquiryTopic
from ungsam.org.models import ServiceCode

P = Purpose.DEMO_DATA
# Who records, for which unit (the demo logins of ungsam/org/demo.py).
RECORDERS = [
    ("lise.los", "Los Nordby"),
    ("leo.leder", "Los Nordby"),
    ("ulf.ute", "Utekontakten Sentrum"),
    ("una.ute", "Utekontakten Sentrum"),
    ("oda.ot", "OT Fiktivik"),
    ("nora.naervaer", "Nærværsteamet Søndre"),
]
# Services by how often seed 004's outreach team met them without consent.
SERVICE_WEIGHTS = {
    ServiceCode.CHILD_WELFARE: 11,
    ServiceCode.CHILD_WELFARE_INSTITUTION: 4,
    ServiceCode.GUARDIANS: 15,
    ServiceCode.BUP_DPS: 2,
    ServiceCode.MEDIATION: 2,
    ServiceCode.MENTAL_HEALTH_FAMILY: 7,
    ServiceCode.YOUTH_IN_WORK: 12,
    ServiceCode.SCHOOL: 8,
    ServiceCode.YOUTH_HEALTH_CENTRE: 3,
    ServiceCode.POLICE: 14,
    ServiceCode.SUBSTANCE_SERVICE: 2,
    ServiceCode.FOLLOW_UP_SERVICE: 3,
    ServiceCode.VOLUNTARY: 8,
    ServiceCode.NAV: 6,
}
NOTES = {
    InquiryTopic.SCHOOL: "Råd om rutiner ved bekymringsfullt fravær.",
    InquiryTopic.SUBSTANCE_USE: "Generelt om hvor foresatte kan få hjelp ved rusbruk.",
    InquiryTopic.VIOLENCE: "Spørsmål om når vi skal melde bekymring.",
    InquiryTopic.WORK: "Informasjon om sommerjobbprogrammet.",
}
INQUIRIES = 160
GUIDANCE = 16


def _day(rng, today: date) -> date:
    """A day this year so far (the statistics show the calendar year), or the last year's when
    the year has just begun."""
    span = (today - date(today.year, 1, 1)).days
    if span < 90:
        span = 364
    return today - timedelta(days=rng.randint(0, span))


def seed(demo) -> None:
    rng, today = demo.rng, demo.today
    recorders = [
        (demo.users[u], demo.units[n]) for u, n in RECORDERS if u in demo.users and n in demo.units
    ]
    if not recorders:
        return
    services, weights = zip(*SERVICE_WEIGHTS.items(), strict=True)
    topics = list(InquiryTopic.values)
    made = 0
    for _ in range(INQUIRIES):
        user, unit = rng.choice(recorders)
        topic = rng.choice(topics)
        inquiry_services.inquiry_record(
            actor=user,
            purpose=P,
            unit_id=unit.pk,
            service=rng.choices(services, weights)[0],
            direction=rng.choice(InquiryDirection.values),
            on_date=_day(rng, today),
            topic=topic,
            note=NOTES.get(topic, "") if rng.random() < 0.4 else "",
        )
        made += 1
    for i in range(GUIDANCE):
        user, unit = rng.choice(recorders)
        values = {
            "actor": user,
            "purpose": P,
            "unit_id": unit.pk,
            "service": rng.choice(
                [ServiceCode.POLICE, ServiceCode.CHILD_WELFARE, ServiceCode.SCHOOL]
            ),
            "direction": InquiryDirection.OUTGOING if i % 3 else InquiryDirection.INCOMING,
            "on_date": _day(rng, today),
            "topic": rng.choice(
                [InquiryTopic.CRIME, InquiryTopic.SUBSTANCE_USE, InquiryTopic.HOME]
            ),
        }
        try:
            inquiry_services.anonymous_guidance_record(
                **values,
                meeting=DiscussionMeeting.SLT if i % 2 else DiscussionMeeting.BTI,
                age_group=rng.choice([AgeGroup.LOWER_SECONDARY, AgeGroup.UPPER_SECONDARY]),
            )
        except ValidationError:  # a small register (tests): told with no attributes at all
            inquiry_services.inquiry_record(**values, kind="anonymous_guidance")
        made += 1
    demo.counts["inquiries"] = made
