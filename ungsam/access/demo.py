"""A little life in the demo municipality's audit log: each case's primary contact person has
opened her youth's page, a leader has looked at his unit's list, and a field worker who tried to
open a youth of another unit was refused (the leader sees that). One step of `manage.py
seed_demo` (ungsam/lib/demo.py), after the cases."""

from django.http import Http404

from ungsam.access import policy
from ungsam.access.models import Purpose
from ungsam.lib.demo import DemoContext
from ungsam.people.models import Youth


def seed(demo: DemoContext) -> None:
    for case in demo.cases:
        primary = demo.contact_persons[case.pk][0]
        policy.access_youth(primary, case.youth_id, purpose=Purpose.CASEWORK)
    leo = demo.users["leo.leder"]
    policy.record_youth_shown(
        leo,
        policy.youth_with_grants(leo).order_by("last_name", "first_name", "id")[:25],
        purpose=Purpose.CASEWORK,
        fields=Youth.LIST_FIELDS,
    )
    nordby = demo.units["Los Nordby"]
    elsewhere = next(case.youth_id for case in demo.cases if case.unit_id == nordby.pk)
    try:
        policy.access_youth(demo.users["una.ute"], elsewhere, purpose=Purpose.CASEWORK)
    except Http404:
        pass
