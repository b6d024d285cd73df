"""The demo's shifts: Utekontakten Sentrum's staffing plan from seed 004 and a year of shifts
against it, mostly as planned, a few cancelled, next week already scheduled; and the areas and
places of Fiktivik they name."""

import time
from datetime import timedelta

from django.utils import timezone

from ungsam.access.audit import SystemActor
from ungsam.lib.calendar import monday_of
from ungsam.lib.demo import DemoContext
from ungsam.org import demo as org_demo
from ungsam.org.models import Area, Place
from ungsam.outreach import shift_demo
from ungsam.outreach import shift_selectors as selectors
from ungsam.outreach.models import Shift, StaffingBand


def test_the_demo_has_a_plan_and_a_year_of_shifts_against_it(db):
    demo = DemoContext(scale=1, system=SystemActor("test"))
    demo.start_step("ungsam.org.demo")
    org_demo.seed(demo)
    demo.start_step("ungsam.outreach.shift_demo")
    started = time.perf_counter()
    shift_demo.seed(demo)
    assert time.perf_counter() - started < 3  # about half a second on a laptop
    unit = demo.units["Utekontakten Sentrum"]
    assert StaffingBand.objects.filter(unit=unit).count() == 12
    shifts = Shift.objects.filter(unit=unit)
    assert 1000 < shifts.count() < 2000
    assert shifts.filter(cancelled_at__isnull=False).exists()
    next_monday = monday_of(demo.today) + timedelta(days=7)
    assert shifts.filter(starts_at__gte=selectors.local_start(next_monday)).exists()
    assert not shifts.filter(workers=None).exists()
    assert {u.username for u in demo.users.values() if u.outreach_shifts.exists()} == {
        "ulf.ute",
        "una.ute",
        "lars.leder",
    }
    # Most past weeks within the plan, some short.
    lars = demo.users["lars.leder"]
    compared = selectors.planned_against_held(
        lars,
        unit,
        demo.today - timedelta(weeks=40),
        demo.today - timedelta(weeks=1),
        demo.today,
        demo.today,
        demo.today,
        now=timezone.now(),
    )
    statuses = [w.tally.status for w in compared["weeks"]]
    assert statuses.count("within") > len(statuses) / 2 and "under" in statuses
    # Areas: four, each with two or three places in use; one place retired.
    for area in Area.objects.filter(municipality=demo.municipality):
        assert 2 <= area.places.filter(active=True).count() <= 3, area.name
    assert Place.objects.filter(kind="other").exists()
    assert Place.objects.get(active=False).retired_on == timezone.localdate()
