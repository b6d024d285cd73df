"""Follow-up conversations and code names in the demo: a year of Utekontakten Sentrum's
conversations (about 150: most with youth of the unit's own demo cases, held by their contact
persons; about a dozen anonymous; some under code names), two active code names ("Ravn",
"Stjerne"), and one ("Fjellrev") that became a named youth through the services, its earlier
conversations moved to the new case. One step of `manage.py seed_demo` (ungsam/lib/demo.py).
Bulk inserts where no service is needed; the code names and the registration go through the
services, as the workers would."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from ungsam.cases.models import CaseStatus
from ungsam.org.models import Area
from ungsam.outreach import code_name_services
from ungsam.outreach.models import (
    CodeName,
    Conversation,
    ConversationChannel,
    ConversationTopic,
    Topic,
)
from ungsam.people.demo import synthetic_national_id

UNIT = "Utekontakten Sentrum"
NAMED, ANONYMOUS = 120, 12
# Channels and topics roughly as an outreach team meets youth: mostly in the street and at
# school, school and friends most talked about, then home, substance use and mental health.
CHANNELS = {
    ConversationChannel.STREET: 40,
    ConversationChannel.SCHOOL: 20,
    ConversationChannel.OFFICE: 10,
    ConversationChannel.PHONE: 12,
    ConversationChannel.SOCIAL_MEDIA: 12,
    ConversationChannel.HOME_VISIT: 4,
    ConversationChannel.OTHER: 2,
}
TOPICS = {
    Topic.SCHOOL: 30,
    Topic.FRIENDS: 24,
    Topic.HOME: 18,
    Topic.SUBSTANCE_USE: 14,
    Topic.MENTAL_HEALTH: 16,
    Topic.LEISURE: 12,
    Topic.VIOLENCE: 5,
    Topic.CRIME: 6,
    Topic.WORK: 8,
    Topic.SEXUALITY: 4,
    Topic.OTHER: 3,
}


def _pick(rng, weights):
    keys, values = zip(*weights.items(), strict=True)
    return rng.choices(keys, values)[0]


def _topics(rng):
    first = _pick(rng, TOPICS)
    chosen = {first}
    while rng.random() < 0.4 and len(chosen) < 3:
        chosen.add(_pick(rng, TOPICS))
    return chosen


def seed(demo) -> None:
    rng, today = demo.rng, demo.today
    unit = demo.units[UNIT]
    users = demo.users
    workers = [users["ulf.ute"], users["una.ute"]]
    areas = list(Area.objects.filter(municipality=demo.municipality).order_by("name")) or [None]
    cases = [c for c in demo.cases if c.unit_id == unit.pk and c.status == CaseStatus.OPEN]
    rows, topic_sets = [], []

    def add(day, *, held_by, case=None, code_name=None, anonymous=False, area=None):
        rows.append(
            Conversation(
                unit=unit,
                date=day,
                channel=_pick(rng, CHANNELS),
                anonymous=anonymous,
                case=case,
                code_name=code_name,
                area=area if area is not None else rng.choice(areas),
                held_by=held_by,
                created_at=timezone.make_aware(datetime.combine(day, time(15, 0))),
            )
        )
        topic_sets.append(_topics(rng))

    def day_in_year():
        return today - timedelta(days=rng.randint(0, 364))

    for _ in range(NAMED if cases else 0):
        case = rng.choice(cases)
        held_by = (demo.contact_persons.get(case.pk) or workers)[0]
        add(max(day_in_year(), case.opened_on), held_by=held_by, case=case)
    for _ in range(ANONYMOUS):
        add(day_in_year(), held_by=rng.choice(workers), anonymous=True)

    # Two code names still followed, made by the workers through the service.
    ulf = users["ulf.ute"]
    made = {}
    for code, age_group, gender, worker in (
        ("Ravn", "vgs", "boy", ulf),
        ("Stjerne", "ungdomsskole", "girl", users["una.ute"]),
        ("Fjellrev", "vgs", "girl", ulf),
    ):
        area = rng.choice(areas)
        made[code] = code_name_services.code_name_create(
            actor=worker,
            unit_id=unit.pk,
            code=code,
            age_group=age_group,
            gender=gender,
            area_id=area.pk if area else None,
            keep_code=True,
        )
        first = today - timedelta(days=rng.randint(120, 300))
        CodeName.objects.filter(pk=made[code].pk).update(
            created_at=timezone.make_aware(datetime.combine(first, time(12, 0)))
        )
        for _ in range(rng.randint(4, 8)):
            add(
                first + timedelta(days=rng.randint(0, (today - first).days)),
                held_by=worker,
                code_name=made[code],
                area=area,
            )

    conversations = Conversation.objects.bulk_create(rows)
    ConversationTopic.objects.bulk_create(
        ConversationTopic(conversation=c, topic=t)
        for c, topics in zip(conversations, topic_sets, strict=True)
        for t in sorted(topics)
    )

    # Fjellrev agreed to be registered: the leader registers her with Ulf as contact person,
    # and her conversations move to the new case.
    born = today - timedelta(days=17 * 365 + rng.randint(0, 300))
    number = synthetic_national_id(rng, born) if settings.ALLOW_SYNTHETIC_NATIONAL_IDS else ""
    code_name_services.code_name_register(
        actor=users["lars.leder"],
        code_name_id=made["Fjellrev"].pk,
        consent=True,
        consent_date=today - timedelta(days=3),
        youth={
            "first_name": "Frida",
            "last_name": "Fjellvik",
            "birth_date": born,
            "national_id": number,
            "gender": "girl",
        },
        contact_person=ulf,
    )
    demo.counts["conversations"] = len(conversations)
    demo.counts["code names"] = len(made)
