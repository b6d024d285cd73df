"""Demo step: Utekontakten Sentrum's staffing plan (seed 004's table) and a year of its shifts,
mostly as planned, some weeks short (holidays, illness), a few cancelled and a few outside the
plan, and next week's shifts already scheduled. Workers Ulf and Una, Lars the leader now and
then; areas of Fiktivik looked up as they are. Written with bulk_create: a year is about 1 500
shifts."""

from datetime import time, timedelta

from django.utils import timezone

from ungsam.lib.calendar import monday_of
from ungsam.lib.demo import DemoContext
from ungsam.org.models import Area
from ungsam.outreach import shift_services
from ungsam.outreach.models import Shift
from ungsam.outreach.shift_selectors import band_window

UNIT = "Utekontakten Sentrum"
WEEKS = 52
TEAM_NAMES = ["Team 1", "Team 2", "Team 3", "Team 4"]


def seed(demo: DemoContext) -> None:
    unit = demo.units.get(UNIT)
    if unit is None:
        return
    users = demo.users
    lars, ulf, una = users["lars.leder"], users["ulf.ute"], users["una.ute"]
    bands = shift_services.staffing_plan_use_example(actor=lars, unit=unit)
    areas = list(Area.objects.filter(municipality=demo.municipality, active=True).order_by("name"))
    rng = demo.rng
    by_weekday = {}
    for band in bands:
        by_weekday.setdefault(band.weekday, []).append(band)

    first = monday_of(demo.today) - timedelta(weeks=WEEKS)
    last = monday_of(demo.today) + timedelta(days=13)  # to the end of next week
    # Some weeks short of the plan: summer holidays, the Christmas week and a few at random.
    short_weeks = {first + timedelta(weeks=w) for w in rng.sample(range(WEEKS), 5)}
    now = timezone.now()
    planned = []  # (starts_at, ends_at, team name, cancelled)
    day = first
    while day <= last:
        monday = monday_of(day)
        holiday = day.month == 7 or (day.month == 12 and day.day >= 24)
        for band in by_weekday.get(day.weekday(), []):
            teams = rng.randint(band.min_teams, band.max_teams)
            if monday in short_weeks or holiday:
                teams = max(0, band.min_teams - 1 - rng.randint(0, 1))
            elif rng.random() < 0.04:
                teams = max(0, band.min_teams - 1)
            start, end = band_window(day, band.starts, band.ends)
            for team in range(teams):
                late = timedelta(minutes=rng.choice([0, 0, 0, 15, 30]))
                planned.append((start + late, end, TEAM_NAMES[team], rng.random() < 0.03))
        if day.weekday() == 5 and rng.random() < 0.3:
            # An extra Saturday daytime round: outside the plan.
            start, end = band_window(day, time(12, 0), time(16, 0))
            planned.append((start, end, "", False))
        day += timedelta(days=1)

    shifts = []
    for starts_at, ends_at, team_name, cancelled in planned:
        cancelled_at = starts_at - timedelta(days=1) if cancelled and starts_at < now else None
        shifts.append(
            Shift(
                unit=unit,
                team_name=team_name,
                starts_at=starts_at,
                ends_at=ends_at,
                created_by=lars,
                created_at=min(starts_at - timedelta(days=7), now),
                cancelled_at=cancelled_at,
            )
        )
    shifts = Shift.objects.bulk_create(shifts)

    workers, shift_areas = [], []
    Workers, Areas = Shift.workers.through, Shift.areas.through
    for shift in shifts:
        team = [ulf, una] if rng.random() < 0.7 else [rng.choice([ulf, una])]
        if rng.random() < 0.12:
            team.append(lars)
        workers += [Workers(shift_id=shift.pk, user_id=u.pk) for u in team]
        if areas:
            for area in rng.sample(areas, rng.choice([1, 1, 2])):
                shift_areas.append(Areas(shift_id=shift.pk, area_id=area.pk))
    Workers.objects.bulk_create(workers)
    Areas.objects.bulk_create(shift_areas)
    demo.counts["shifts"] = len(shifts)
