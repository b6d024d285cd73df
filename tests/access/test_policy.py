"""The access rules of DESIGN.md, one by one, through the policy functions selectors use."""

from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from ungsam.access import policy
from ungsam.access.models import AuditEvent
from ungsam.org.models import Membership


def visible(user):
    return set(policy.youth_visible_to(user).values_list("first_name", flat=True))


def test_it_shows_a_caseworker_only_the_cases_she_is_contact_person_for(personas):
    # Rule 1: Aksel is in the same unit, but Lise is not his contact person.
    assert visible(personas.los_a) == {"Anna"}


def test_it_shows_a_leader_every_case_in_her_unit(personas):
    assert visible(personas.leader_a) == {"Anna", "Aksel"}


def test_it_hides_another_units_cases(personas):
    assert visible(personas.los_b) == {"Bror"}
    assert "Bror" not in visible(personas.leader_a)


@pytest.mark.parametrize("persona", ["partner", "analyst", "admin", "field_c"])
def test_it_shows_no_named_youth_to_roles_without_a_case(personas, persona):
    # Rules 2-5: partners without consent, analysts, admins and field workers without a case.
    assert visible(getattr(personas, persona)) == set()


def test_it_removes_access_at_once_when_a_membership_ends(personas):
    membership = Membership.objects.get(user=personas.los_a)
    membership.ends_on = timezone.localdate()
    membership.save()
    personas.los_a.refresh_from_db()  # a new request: no cached memberships
    assert visible(personas.los_a) == set()


def test_it_gives_no_access_through_a_membership_not_yet_started(personas):
    membership = Membership.objects.get(user=personas.los_a)
    membership.starts_on = timezone.localdate() + timedelta(days=1)
    membership.save()
    personas.los_a.refresh_from_db()
    assert visible(personas.los_a) == set()


def test_it_answers_a_forbidden_youth_like_a_missing_one(personas):
    with pytest.raises(Http404):
        policy.access_youth(personas.los_a, personas.youth_b.pk, purpose="casework")
    with pytest.raises(Http404):
        policy.access_youth(personas.los_a, 999999, purpose="casework")


def test_it_records_who_read_which_fields_and_why(personas):
    policy.access_youth(personas.los_a, personas.youth_a.pk, purpose="casework")
    event = AuditEvent.objects.get(action="view")
    assert event.actor == personas.los_a
    assert event.youth_id == personas.youth_a.pk
    assert event.purpose == "casework"
    assert "first_name" in event.fields


def test_it_hides_a_protected_address_from_roles_not_named_in_settings(personas, settings):
    # Rule 8: the leader may see Aksel's protected address; a caseworker role may not.
    settings.PROTECTED_ADDRESS_ROLES = ["leader"]
    assert "address" in policy.visible_youth_fields(personas.leader_a, personas.youth_a2)
    settings.PROTECTED_ADDRESS_ROLES = []
    assert "address" not in policy.visible_youth_fields(personas.leader_a, personas.youth_a2)
    assert "address" in policy.visible_youth_fields(personas.los_a, personas.youth_a)


def test_it_suppresses_small_counts_in_statistics(settings):
    settings.SMALL_CELL_LIMIT = 5
    assert [policy.suppress_small(n) for n in (0, 1, 4, 5, 12)] == [0, None, None, 5, 12]


def test_it_lets_one_person_work_in_several_units(personas):
    Membership.objects.create(
        status="direct",
        user=personas.los_b,
        municipality=personas.municipality,
        role="leader",
        unit=personas.unit_a,
    )
    assert visible(personas.los_b) == {"Anna", "Aksel", "Bror"}
