"""Each membership rule has one source: where a role is held (the role sets, checked by
`place_errors` and by the database constraint built from them), and when a role is in force
(the query `Membership.objects.active()` and the row's `is_active`)."""

from datetime import timedelta
from itertools import product

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from ungsam.org.models import (
    MUNICIPALITY_ROLES,
    PARTNER_ROLES,
    UNIT_ROLES,
    Membership,
    MembershipStatus,
    Role,
    place_errors,
)


def test_it_puts_every_role_in_exactly_one_place():
    groups = [UNIT_ROLES, PARTNER_ROLES, MUNICIPALITY_ROLES]
    assert set().union(*groups) == set(Role)
    assert sum(len(g) for g in groups) == len(Role)


@pytest.mark.parametrize("place", ["unit", "partner", "municipality"])
@pytest.mark.parametrize("role", Role.values)
def test_the_database_and_the_form_agree_on_where_a_role_is_held(personas, role, place):
    where = {"unit": {"unit": personas.unit_a}, "partner": {"partner": personas.school}}
    allowed = not place_errors(role, has_unit=place == "unit", has_partner=place == "partner")
    try:
        with transaction.atomic():
            Membership.objects.create(
                user=personas.los_b,
                municipality=personas.municipality,
                role=role,
                status=MembershipStatus.DIRECT,
                **where.get(place, {}),
            )
        stored = True
    except IntegrityError:
        stored = False
    assert stored == allowed


def test_the_query_and_the_row_agree_on_when_a_role_is_in_force(personas):
    """Every status × start (yesterday, today, tomorrow) × end (none, yesterday, today,
    tomorrow) that the database accepts."""
    today = timezone.localdate()
    days = [today - timedelta(days=1), today, today + timedelta(days=1)]
    made = []
    for status, starts_on, ends_on in product(MembershipStatus.values, days, [None, *days]):
        if ends_on is not None and ends_on < starts_on:
            continue  # refused by membership_ends_after_start
        decided = status in (MembershipStatus.APPROVED, MembershipStatus.REJECTED)
        made.append(
            Membership.objects.create(
                user=personas.los_b,
                municipality=personas.municipality,
                unit=personas.unit_a,
                role=Role.CASEWORKER,
                status=status,
                starts_on=starts_on,
                ends_on=ends_on,
                decided_by=personas.admin if decided else None,
                decided_at=timezone.now() if decided else None,
            ).pk
        )
    rows = Membership.objects.filter(pk__in=made)
    by_query = set(rows.active().values_list("pk", flat=True))
    by_row = {m.pk for m in rows if m.is_active}
    assert by_query == by_row
    # Not vacuous. In force: approved or direct, started yesterday or today, ending never or
    # tomorrow (an end date of today is the first day without the role): 2 × 2 × 2.
    assert len(made) == 4 * 9
    assert len(by_query) == 2 * 4
    # And "current" (not ended, not rejected: what a manager may end and must not give twice):
    # three statuses × three start days × ending never or tomorrow.
    current_by_query = set(rows.current().values_list("pk", flat=True))
    assert current_by_query == {m.pk for m in rows if m.is_current}
    assert len(current_by_query) == 3 * 3 * 2
