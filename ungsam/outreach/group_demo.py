"""The outreach unit's group work in the demo: Utekontakten Sentrum's groups (girls' and boys'
groups, life mastery, Monday gaming, FLYT) meeting weekly through the school year, with named
attendees from the unit's own demo cases and an anonymous head count (gaming mostly
anonymous). Every name is fictitious. One step of `manage.py seed_demo` (ungsam/lib/demo.py);
written with bulk_create, so it is fast at any scale."""

from datetime import date, timedelta

from ungsam.cases.models import CaseStatus
from ungsam.outreach.models import Group, GroupAttendance, GroupKind, GroupSession

UNIT = "Utekontakten Sentrum"
RECORDERS = ("ulf.ute", "una.ute")
# name, kind, weekday (0 Monday), every nth week, named attendees (low, high) from a pool of
# this many cases, anonymous head count (low, high), gender of the pool ("" any).
GROUPS = [
    ("Jentegruppa Fiktivik ungdomsskole", GroupKind.GIRLS, 1, 1, (3, 7), 9, (0, 2), "girl"),
    ("Guttegruppa Nordby", GroupKind.BOYS, 2, 1, (3, 6), 8, (0, 2), "boy"),
    ("Livsmestring 9. trinn", GroupKind.LIFE_MASTERY, 3, 1, (4, 9), 12, (0, 4), ""),
    ("Mandagsgaming", GroupKind.GAMING, 0, 1, (0, 3), 6, (5, 14), ""),
    ("FLYT Sentrum", GroupKind.FLYT, 4, 2, (2, 5), 6, (0, 1), ""),
]


def _holiday(day: date) -> bool:
    """Summer (20 June–19 August) and Christmas (20 December–3 January): no sessions."""
    summer = (day.month, day.day) >= (6, 20) and (day.month, day.day) < (8, 20)
    christmas = (day.month, day.day) >= (12, 20) or (day.month, day.day) <= (1, 3)
    return summer or christmas


def _first_day(today: date) -> date:
    """The start of last school year: the counts of this year and the last have sessions."""
    year = today.year - 1 if (today.month, today.day) >= (8, 20) else today.year - 2
    return date(year, 8, 20)


def seed(demo) -> None:
    unit = demo.units.get(UNIT)
    recorders = [demo.users[u] for u in RECORDERS if u in demo.users]
    if unit is None or not recorders:
        return
    rng, today = demo.rng, demo.today
    cases = [c for c in demo.cases if c.unit_id == unit.pk and c.status == CaseStatus.OPEN]
    groups = Group.objects.bulk_create(
        [Group(unit=unit, name=name, kind=kind) for name, kind, *_ in GROUPS]
    )
    sessions, pools = [], {}
    start = _first_day(today)
    for group, (_, _, weekday, every, named, pool_size, anonymous, gender) in zip(
        groups, GROUPS, strict=True
    ):
        fitting = [c for c in cases if not gender or c.youth.gender == gender] or cases
        pools[group.pk] = rng.sample(fitting, min(pool_size, len(fitting)))
        day = start + timedelta(days=(weekday - start.weekday()) % 7)
        week = 0
        while day <= today:
            if not _holiday(day) and week % every == 0 and rng.random() > 0.08:
                session = GroupSession(
                    group=group,
                    date=day,
                    anonymous_count=rng.randint(*anonymous),
                    recorded_by=rng.choice(recorders),
                )
                session.named = (named, group.pk)
                sessions.append(session)
            day += timedelta(days=7)
            week += 1
    GroupSession.objects.bulk_create(sessions)
    attendance = []
    for session in sessions:
        (low, high), group_id = session.named
        pool = pools[group_id]
        count = min(rng.randint(low, high), len(pool))
        attendance.extend(GroupAttendance(session=session, case=c) for c in rng.sample(pool, count))
    GroupAttendance.objects.bulk_create(attendance)
    demo.counts["group sessions"] = len(sessions)
