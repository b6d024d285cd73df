"""The access rules of DESIGN.md, one by one, through the policy functions selectors use."""

from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from ungsam.access import policy
from ungsam.access.models import AuditEvent
from ungsam.org.models import Membership, User


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
    youth, grant = policy.access_youth(personas.los_a, personas.youth_a.pk, purpose="casework")
    event = AuditEvent.objects.get(action="view")
    assert event.actor == personas.los_a
    assert list(event.subjects.values_list("youth_id", "basis")) == [
        (personas.youth_a.pk, "contact_person")
    ]
    assert event.acting_membership == grant.membership
    assert event.purpose == "casework"
    assert "first_name" in event.fields


def test_it_returns_the_grant_a_youth_is_seen_under(personas):
    _, grant = policy.access_youth(personas.los_a, personas.youth_a.pk, purpose="casework")
    assert grant.basis == "contact_person"
    assert grant.membership.unit == personas.unit_a and grant.membership.user == personas.los_a
    _, grant = policy.access_youth(personas.leader_a, personas.youth_a.pk, purpose="casework")
    assert grant.basis == "unit_leader" and grant.membership.role == "leader"


def test_it_opens_a_case_with_its_grant_and_checks_writes(personas):
    case = personas.youth_a.cases.get()
    opened, grant = policy.access_case(personas.los_a, case.pk)
    assert opened == case and grant.basis == "contact_person" and grant.may_write
    assert AuditEvent.objects.filter(action="view", object_type="cases.case").count() == 1
    # Writing records nothing here: the service that writes records its change.
    policy.access_case(personas.leader_a, case.pk, write=True)
    assert AuditEvent.objects.filter(action="view", object_type="cases.case").count() == 1
    for outsider in (personas.los_b, personas.admin, personas.partner):
        with pytest.raises(Http404):
            policy.access_case(outsider, case.pk)
        with pytest.raises(Http404):
            policy.access_case(outsider, case.pk, write=True)


def test_it_builds_case_visibility_from_one_condition_per_basis(personas):
    bases = [basis for basis, _ in policy.case_conditions(personas.leader_a)]
    assert bases == ["contact_person", "unit_leader"]
    assert policy.case_conditions(personas.partner) == []
    annotated = {c.youth_id: c.grant_basis for c in policy.cases_with_basis(personas.leader_a)}
    # Leo is contact person for Aksel and leads the unit of both.
    assert annotated == {
        personas.youth_a.pk: "unit_leader",
        personas.youth_a2.pk: "contact_person",
    }


def test_it_shows_a_protected_address_only_to_the_named_role_in_the_youths_unit(personas, settings):
    """Rule 8: Aksel's address is protected. The leader of his unit (A) sees it; a leader of
    another unit does not, although she may see Aksel through a case in her own unit."""
    settings.PROTECTED_ADDRESS_ROLES = ["leader"]
    aksel = personas.youth_a2
    assert aksel.protected_address
    assert "address" in policy.visible_youth_fields(personas.leader_a, aksel)

    from ungsam.cases.models import Case, CaseContact

    leader_b = User.objects.create_user(username="lea_b", password="x" * 12)
    Membership.objects.create(
        user=leader_b,
        municipality=personas.municipality,
        unit=personas.unit_b,
        role="leader",
        status="direct",
    )
    other = Case.objects.create(youth=aksel, unit=personas.unit_b)
    CaseContact.objects.create(case=other, user=personas.los_b, primary=True)
    assert policy.youth_visible_to(leader_b).filter(pk=aksel.pk).exists()
    # Leader of B sees Aksel through B's case — and B holds an open case, so she may see it.
    assert "address" in policy.visible_youth_fields(leader_b, aksel)
    other.status, other.stage, other.closure_outcome = "closed", "closed", "other"
    other.closed_on = timezone.localdate()
    other.save()
    fresh = type(aksel).objects.get(pk=aksel.pk)
    # B's case is closed: she still sees Aksel as leader of B, not where he lives.
    assert policy.youth_visible_to(leader_b).filter(pk=aksel.pk).exists()
    assert "address" not in policy.visible_youth_fields(leader_b, fresh)
    # Los B is not a leader: never, whatever unit.
    assert "address" not in policy.visible_youth_fields(personas.los_b, fresh)
    settings.PROTECTED_ADDRESS_ROLES = []
    assert "address" not in policy.visible_youth_fields(personas.leader_a, fresh)
    # A youth without a protected address shows it to anyone who may see the youth.
    assert "address" in policy.visible_youth_fields(personas.los_a, personas.youth_a)


def test_it_hides_a_protected_address_on_the_page_of_a_leader_of_another_unit(
    personas, login, settings
):
    settings.PROTECTED_ADDRESS_ROLES = ["leader"]
    from ungsam.cases.models import Case, CaseContact

    Membership.objects.create(
        user=personas.los_b,
        municipality=personas.municipality,
        unit=personas.unit_b,
        role="leader",
        status="direct",
    )
    case = Case.objects.create(
        youth=personas.youth_a2,
        unit=personas.unit_b,
        status="closed",
        stage="closed",
        closure_outcome="other",
        closed_on=timezone.localdate(),
    )
    CaseContact.objects.create(case=case, user=personas.los_b, primary=True)
    response = login(personas.los_b).get(f"/ungdom/{personas.youth_a2.pk}/")
    body = response.content.decode()
    assert "Aksel" in body and "Hemmeligveien" not in body
    assert response.context["youth"].address == ""  # not even in what the template is given
    event = AuditEvent.objects.filter(action="view").latest("id")
    assert "address" not in event.fields
    assert "cases" in event.fields  # the page shows which units follow him
    body = login(personas.leader_a).get(f"/ungdom/{personas.youth_a2.pk}/").content.decode()
    assert "Hemmeligveien" in body


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
