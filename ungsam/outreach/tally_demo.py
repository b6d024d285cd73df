"""Contact tallies in the demo: a year (up to demo.today) of anonymous contacts for
Utekontakten Sentrum across its places, in the order of seed 004's count (about 34 000 a year),
as aggregated rows with counts (a few thousand rows: what a shift's entry afterwards or a
summary looks like), plus a handful of single taps from today, so the phone's grid shows
numbers. The shape follows seed 004: most contacts in the field and with lower-secondary
pupils, more in late summer and autumn, on Friday and Saturday evenings, few at the school in
July. One step of `manage.py seed_demo` (ungsam/lib/demo.py).

The places are looked up at run time (the org demo and its areas may name them otherwise);
retired places get no new contacts. The rows are written with bulk_create: a tally names no
youth and writes no audit row (tally_services.py), and the step stays well under a second."""

import uuid
from datetime import datetime, time, timedelta

from django.utils import timezone

from ungsam.org.models import Place, PlaceKind
from ungsam.outreach.models import AgeGroup, ContactChannel, ContactTally, Depth, Gender

UNIT = "Utekontakten Sentrum"
RECORDERS = ("ulf.ute", "una.ute")
PER_YEAR = 34_000
# Seasonal shape (seed 004: summer and autumn evenings busiest, winter quiet).
MONTH = {1: 0.7, 2: 0.75, 3: 0.9, 4: 1.0, 5: 1.15, 6: 1.2, 7: 0.85, 8: 1.25, 9: 1.3, 10: 1.15,
         11: 0.95, 12: 0.8}  # fmt: skip
WEEKDAY = {0: 0.9, 1: 1.0, 2: 1.0, 3: 1.1, 4: 1.45, 5: 1.3, 6: 0.5}
GENDER = {Gender.GIRL: 46, Gender.BOY: 48, Gender.OTHER: 2, Gender.UNKNOWN: 4}
AGE = {AgeGroup.BARNESKOLE: 12, AgeGroup.UNGDOMSSKOLE: 45, AgeGroup.VGS: 28, AgeGroup.OVER18: 10,
       AgeGroup.UNKNOWN: 5}  # fmt: skip
DEPTH = {Depth.GREETING: 70, Depth.CONVERSATION: 22, Depth.MATTERS: 8}
ONLINE = {ContactChannel.INTERNET: 3, ContactChannel.SOCIAL_MEDIA: 4, ContactChannel.GAMING: 2}
ROWS_PER_DAY = 8
ONLINE_SHARE = 0.15


def _pick(rng, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _key(rng) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def seed(demo) -> None:
    unit = demo.units.get(UNIT)
    if unit is None:
        return
    rng = demo.rng
    users = [demo.users[u] for u in RECORDERS if u in demo.users]
    places = list(Place.objects.filter(municipality=demo.municipality, active=True).order_by("pk"))
    field_places = [p for p in places if p.kind != PlaceKind.ONLINE] or places
    online_places = [p for p in places if p.kind == PlaceKind.ONLINE] or field_places[:1]
    if not users or not field_places:
        return
    school_places = {p.pk for p in field_places if p.kind == PlaceKind.SCHOOL}
    mean = PER_YEAR / sum(MONTH.values()) * 12 / 365
    rows: list[ContactTally] = []
    total = 0
    for back in range(365, 0, -1):
        day = demo.today - timedelta(days=back)
        factor = MONTH[day.month] * WEEKDAY[day.weekday()]
        if day.weekday() == 6 and rng.random() < 0.5:
            continue  # no shift on every Sunday
        contacts = max(0, round(mean * factor * rng.uniform(0.7, 1.3)))
        online = round(contacts * ONLINE_SHARE * rng.uniform(0.5, 1.5))
        total += _day(rows, rng, unit, users, day, contacts - online, field_places, school_places)
        if online:
            total += _day(rows, rng, unit, users, day, online, online_places, set(), online=True)
    total += _today(rows, rng, unit, users, demo, field_places[0])
    ContactTally.objects.bulk_create(rows, batch_size=2000)
    demo.counts["contacts"] = total


def _day(rows, rng, unit, users, day, contacts, places, school_places, *, online=False) -> int:
    """One day's contacts as a few rows: combinations drawn by weight, the day's contacts
    shared among them in proportion."""
    if contacts <= 0:
        return 0
    now = timezone.now()
    # In July the school yard is empty; pupils are met elsewhere.
    if day.month == 7:
        places = [p for p in places if p.pk not in school_places] or places
    n = min(ROWS_PER_DAY if not online else 3, contacts)
    picks = []
    for _ in range(n):
        age = _pick(rng, AGE)
        if day.month == 7 and age == AgeGroup.BARNESKOLE:
            age = _pick(rng, AGE)
        picks.append(
            (
                rng.choice(places),
                _pick(rng, ONLINE) if online else ContactChannel.FIELD,
                _pick(rng, GENDER),
                age,
                _pick(rng, DEPTH),
            )
        )
    weights = [rng.uniform(0.5, 1.5) for _ in picks]
    share = [max(1, round(contacts * w / sum(weights))) for w in weights]
    made = 0
    for (place, channel, gender, age, depth), count in zip(picks, share, strict=True):
        school_day = place.pk in school_places and day.weekday() < 5
        hour = rng.randint(10, 14) if school_day else rng.randint(16, 23)
        at = timezone.make_aware(datetime.combine(day, time(hour, rng.randint(0, 59))))
        rows.append(
            ContactTally(
                unit=unit,
                place=place,
                tapped_at=at,
                date=timezone.localdate(at),
                channel=channel,
                gender=gender,
                age_group=age,
                depth=depth,
                count=count,
                key=_key(rng),
                recorded_by=rng.choice(users),
                created_at=min(at + timedelta(hours=rng.randint(0, 30)), now),
            )
        )
        made += count
    return made


def _today(rows, rng, unit, users, demo, place) -> int:
    """A handful of single taps at one place earlier today, by Ulf: his last place."""
    now = timezone.now()
    midnight = timezone.make_aware(datetime.combine(timezone.localdate(now), time(0)))
    taps = 9
    for i in range(taps):
        at = max(midnight, now - timedelta(minutes=5 * (taps - i)))
        rows.append(
            ContactTally(
                unit=unit,
                place=place,
                tapped_at=at,
                date=timezone.localdate(at),
                channel=ContactChannel.FIELD,
                gender=_pick(rng, GENDER),
                age_group=_pick(rng, AGE),
                depth=_pick(rng, DEPTH),
                count=1,
                key=_key(rng),
                recorded_by=users[0],
                created_at=at,
            )
        )
    return taps
