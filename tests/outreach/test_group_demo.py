"""The demo's groups: Utekontakten Sentrum's five groups meet weekly through the school year,
with named attendees only from the unit's own cases and gaming mostly anonymous. Run as a step
on a small context (the whole demo is built by tests/e2e)."""

from datetime import date

from django.db.models import Sum

from tests.outreach.test_groups import member, youth_with_case
from ungsam.access.audit import SystemActor
from ungsam.cases.models import Case
from ungsam.lib.demo import DemoContext
from ungsam.outreach import group_demo
from ungsam.outreach.models import Group, GroupAttendance, GroupSession


def context(p) -> DemoContext:
    demo = DemoContext(scale=1, system=SystemActor("test"), today=date(2026, 11, 26))
    demo.start_step("ungsam.outreach.group_demo")
    demo.municipality = p.municipality
    demo.units = {"Utekontakten Sentrum": p.unit_c}
    demo.users = {"ulf.ute": p.field_c, "una.ute": member(p, "una", "field_worker", p.unit_c)}
    demo.cases = [youth_with_case(p, f"Ung{i}", p.field_c) for i in range(10)]
    demo.cases += list(Case.objects.exclude(unit=p.unit_c))
    return demo


def test_the_demo_groups_meet_weekly_with_the_units_own_cases(personas):
    p = personas
    group_demo.seed(context(p))

    assert Group.objects.filter(unit=p.unit_c).count() == 5
    gaming = Group.objects.get(name="Mandagsgaming")
    sessions = GroupSession.objects.filter(group=gaming)
    assert sessions.count() >= 50  # two school years so far, weekly
    assert all(s.date.weekday() == 0 for s in sessions)
    assert not sessions.filter(date__month=7).exists()  # summer holiday
    named = GroupAttendance.objects.filter(session__group=gaming).count()
    assert sessions.aggregate(n=Sum("anonymous_count"))["n"] > 2 * named
    attendees = GroupAttendance.objects.values_list("case__unit", flat=True).distinct()
    assert list(attendees) == [p.unit_c.pk]
    assert not GroupSession.objects.filter(date__gt=date(2026, 11, 26)).exists()
