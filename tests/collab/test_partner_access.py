"""Rule 3, as a permission matrix: role × membership state × team seat × consent state ×
information category. Every cell is generated (none hand-picked) and checked against the
policy's selector; a seeded sample of cells goes through the partner's pages and the workers'
pages of the same case, and every partner list is held to a constant number of queries."""

import itertools
import random
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.conftest import give_totp
from ungsam.access import policy
from ungsam.access.models import AuditEvent, Basis
from ungsam.cases.models import Case, CaseContact
from ungsam.collab.models import (
    CareTeam,
    Category,
    Consent,
    ConsentCategory,
    Disclosure,
    TeamMember,
)
from ungsam.org.models import Membership, User
from ungsam.people.models import Youth

ROLES = ("partner", "caseworker", "field_worker", "leader", "analyst", "admin")
MEMBERSHIP_STATES = ("active", "ended", "not_started", "pending")
SEAT_STATES = ("member", "left", "none")
CONSENT_STATES = ("none", "active", "expired", "withdrawn", "refused", "not_yet")
CATEGORIES = tuple(Category.values)
# What every consent of the world names: two categories out of six.
CONSENTED = frozenset({Category.CONTACT_DETAILS, Category.PLAN})


def expected(role, membership, seat, consent, category) -> bool:
    """Rule 3, said once more in plain Python: the matrix holds the policy to it."""
    sits_for_a_service = role in ("partner", "caseworker", "field_worker", "leader")
    return (
        sits_for_a_service
        and membership == "active"
        and seat == "member"
        and consent == "active"
        and category in CONSENTED
    )


@dataclass
class World:
    cases: dict  # consent state -> case
    users: dict  # (role, membership, seat) -> user


def _consent(case, state, recipients, now):
    """A consent of the case's youth in the given state, naming the school and unit B."""
    if state == "none":
        return None
    given = dict(
        status="given", valid_from=now - timedelta(days=30), valid_until=now + timedelta(days=60)
    )
    if state == "expired":
        given.update(valid_from=now - timedelta(days=90), valid_until=now - timedelta(minutes=1))
    elif state == "not_yet":
        given.update(valid_from=now + timedelta(days=1), valid_until=now + timedelta(days=60))
    elif state == "refused":
        given = dict(status="refused", valid_from=now - timedelta(days=30), valid_until=None)
    consent = Consent.objects.create(
        youth=case.youth,
        case=case,
        purpose="Samarbeid om skolegang.",
        given_as="written",
        given_by_youth=True,
        recorded_at=now - timedelta(days=30),
        **given,
    )
    if state == "withdrawn":
        Consent.objects.filter(pk=consent.pk).update(
            withdrawn_at=now - timedelta(minutes=1), withdrawn_by="youth"
        )
    for code in sorted(CONSENTED):
        ConsentCategory.objects.create(consent=consent, category=code)
    consent.partners.add(recipients["partner"])
    consent.units.add(recipients["unit"])
    return consent


@pytest.fixture
def world(personas):
    """A case in unit A for each consent state, each with a care team (Lise coordinating), and
    a user for each role × membership state × seat state, seated (or not) on every team."""
    now = timezone.now()
    today = timezone.localdate()
    m = personas.municipality
    recipients = {"partner": personas.school, "unit": personas.unit_b}
    cases = {}
    for state in CONSENT_STATES:
        youth = Youth.objects.create(
            municipality=m,
            first_name=f"Ung{state.title().replace('_', '')}",
            last_name="Matrisen",
            birth_date=date(2009, 3, 1),
            phone="40000000",
        )
        case = Case.objects.create(youth=youth, unit=personas.unit_a)
        CaseContact.objects.create(case=case, user=personas.los_a, primary=True)
        team = CareTeam.objects.create(case=case)
        TeamMember.objects.create(
            team=team, user=personas.los_a, unit=personas.unit_a, role="Los", is_coordinator=True
        )
        _consent(case, state, recipients, now)
        cases[state] = case
    users = {}
    for role, membership, seat in itertools.product(ROLES, MEMBERSHIP_STATES, SEAT_STATES):
        user = User.objects.create_user(username=f"{role}-{membership}-{seat}", password="x" * 16)
        give_totp(user)
        where = {}
        if role == "partner":
            where = {"partner": personas.school}
        elif role in ("caseworker", "field_worker", "leader"):
            where = {"unit": personas.unit_b}
        Membership.objects.create(
            user=user,
            municipality=m,
            role=role,
            status="pending" if membership == "pending" else "direct",
            starts_on=today + timedelta(days=1)
            if membership == "not_started"
            else date(2025, 1, 1),
            ends_on=today if membership == "ended" else None,
            **where,
        )
        if seat != "none":
            # Analysts and admins hold no service: they are seated for the school, which
            # their role does not let them act for.
            service = {"unit": personas.unit_b} if "unit" in where else {"partner": personas.school}
            for case in cases.values():
                TeamMember.objects.create(
                    team=case.care_team,
                    user=user,
                    role="Medlem",
                    left_at=now - timedelta(minutes=1) if seat == "left" else None,
                    **service,
                )
        users[(role, membership, seat)] = user
    return World(cases=cases, users=users)


def test_every_cell_of_the_matrix_against_the_policy(world):
    cells = 0
    wrong = []
    for (role, membership, seat), user in world.users.items():
        for category in (*CATEGORIES, None):
            visible = set(
                policy.shared_cases_visible_to(user, category).values_list("pk", flat=True)
            )
            for consent, case in world.cases.items():
                if category is None:
                    want = any(expected(role, membership, seat, consent, c) for c in CATEGORIES)
                else:
                    want = expected(role, membership, seat, consent, category)
                cells += 1
                if (case.pk in visible) != want:
                    wrong.append((role, membership, seat, consent, category, want))
    assert cells == len(ROLES) * 4 * 3 * 6 * 7
    assert not wrong, wrong[:10]
    # The matrix is not empty on the side that grants: some cells do see.
    assert any(expected(*key, "active", Category.PLAN) for key in world.users)


def test_the_workers_pages_never_show_a_shared_case(world):
    """`cases_visible_to` serves every page built for workers: a seat and a consent never put a
    case on it (a page must ask for a category to show one)."""
    for user in world.users.values():
        assert not policy.cases_visible_to(user).filter(unit=world.cases["active"].unit).exists()


SAMPLE = 40


def _sample(world):
    """Every cell that sees (there are few), and a seeded random sample of those that do not."""
    cells = list(itertools.product(world.users.items(), world.cases.items()))

    def sees(cell):
        (key, _user), (consent, _case) = cell
        return any(expected(*key, consent, c) for c in CATEGORIES)

    seeing = [cell for cell in cells if sees(cell)]
    rest = [cell for cell in cells if not sees(cell)]
    return seeing + random.Random(14).sample(rest, SAMPLE)


def test_a_sample_of_cells_through_every_page(world, client, personas):
    """The shared page answers 200 exactly where the matrix says the user sees at least one
    category, and then renders exactly the consented sections; the workers' pages of the case
    (the case, its journal, plan, assessments, consents) answer 404 in every cell."""
    seen = 0
    for ((role, membership, seat), user), (consent, case) in _sample(world):
        client.force_login(user)
        sees = any(expected(role, membership, seat, consent, c) for c in CATEGORIES)
        response = client.get(f"/samarbeid/sak/{case.pk}/")
        assert response.status_code == (200 if sees else 404), (role, membership, seat, consent)
        if sees:
            seen += 1
            html = response.content.decode()
            assert 'id="contact-heading"' in html and 'id="plan-heading"' in html
            for absent in (
                "assessments-heading",
                "summaries-heading",
                "files-heading",
                "school-heading",
            ):
                assert f'id="{absent}"' not in html
        for url in _workers_pages(case):
            answer = client.get(url).status_code
            if answer == 405:  # a form that only takes a POST: post to it
                answer = client.post(url).status_code
            assert answer == 404, (url, role, membership, seat, consent)
    assert seen, "the sample must hold cells that see, or it proves nothing"


def _workers_pages(case) -> list[str]:
    """Every page, fragment and export of a case or its youth that takes just its id (the
    workers' pages, from the URLconf: a page added later is in the sample at once)."""
    from django.urls import get_resolver, reverse

    from tests.test_url_access import walk

    found = []
    for name, pattern in walk(get_resolver().url_patterns):
        if name is None or name.startswith("shared:") or set(pattern.pattern.converters) != {"pk"}:
            continue
        route = str(pattern.pattern)
        for prefix, pk in (("saker", case.pk), ("ungdom", case.youth_id)):
            url = reverse(name, kwargs={"pk": pk})
            if url.startswith(f"/{prefix}/{pk}/") and "<int:pk>" in route:
                found.append(url)
    assert len(found) >= 15, found  # the case, its journal, plan, team, consents, the youth …
    return found


def _partner(world):
    return world.users[("partner", "active", "member")]


def test_withdrawal_removes_access_on_the_next_request(world, client):
    user, case = _partner(world), world.cases["active"]
    client.force_login(user)
    assert client.get(f"/samarbeid/sak/{case.pk}/").status_code == 200
    Consent.objects.filter(case=case).update(withdrawn_at=timezone.now(), withdrawn_by="youth")
    assert client.get(f"/samarbeid/sak/{case.pk}/").status_code == 404
    assert case.youth.first_name not in client.get("/samarbeid/").content.decode()


def test_leaving_the_team_or_ending_the_role_removes_access_on_the_next_request(world, client):
    user, case = _partner(world), world.cases["active"]
    client.force_login(user)
    assert client.get(f"/samarbeid/sak/{case.pk}/").status_code == 200
    TeamMember.objects.filter(user=user, team=case.care_team).update(left_at=timezone.now())
    assert client.get(f"/samarbeid/sak/{case.pk}/").status_code == 404
    TeamMember.objects.filter(user=user, team=case.care_team).update(left_at=None)
    assert client.get(f"/samarbeid/sak/{case.pk}/").status_code == 200
    Membership.objects.filter(user=user).update(ends_on=timezone.localdate())
    assert client.get(f"/samarbeid/sak/{case.pk}/").status_code == 404


def test_a_later_refusal_for_the_same_service_and_category_takes_it_away(world, personas):
    user, case = _partner(world), world.cases["active"]
    refusal = Consent.objects.create(
        youth=case.youth,
        case=case,
        status="refused",
        purpose="Vil ikke dele planen med skolen likevel.",
        given_as="oral",
        valid_from=timezone.now(),
    )
    ConsentCategory.objects.create(consent=refusal, category=Category.PLAN)
    refusal.partners.add(personas.school)
    assert not policy.shared_cases_visible_to(user, Category.PLAN).filter(pk=case.pk).exists()
    assert (
        policy.shared_cases_visible_to(user, Category.CONTACT_DETAILS).filter(pk=case.pk).exists()
    )
    # Unit B's seat is not the school: the refusal does not touch it.
    worker = world.users[("caseworker", "active", "member")]
    assert policy.shared_cases_visible_to(worker, Category.PLAN).filter(pk=case.pk).exists()


def test_a_consent_recorded_by_another_unit_for_the_same_youth_counts(world, personas):
    """Consent is the youth's: a consent recorded on her case in unit B covers the school on
    unit A's team too, and its withdrawal there takes it away here."""
    user, case = _partner(world), world.cases["none"]
    other = Case.objects.create(youth=case.youth, unit=personas.unit_b)
    consent = _consent(
        other, "active", {"partner": personas.school, "unit": personas.unit_c}, timezone.now()
    )
    assert policy.shared_cases_visible_to(user, Category.PLAN).filter(pk=case.pk).exists()
    Consent.objects.filter(pk=consent.pk).update(withdrawn_at=timezone.now(), withdrawn_by="youth")
    assert not policy.shared_cases_visible_to(user, Category.PLAN).filter(pk=case.pk).exists()


def test_a_read_records_its_consent_and_a_disclosure(world, client):
    user, case = _partner(world), world.cases["active"]
    client.force_login(user)
    client.get(f"/samarbeid/sak/{case.pk}/")
    event = AuditEvent.objects.filter(actor_id=user.pk, action="view").latest("id")
    subject = event.subjects.get()
    consent = Consent.objects.get(case=case)
    assert (subject.youth_id, subject.basis, subject.consent_id) == (
        case.youth_id,
        Basis.CONSENT,
        consent.pk,
    )
    assert event.acting_membership.partner_id == case.care_team.members.get(user=user).partner_id
    disclosure = Disclosure.objects.get(case=case, user=user)
    assert disclosure.consent_id == consent.pk
    assert sorted(disclosure.categories) == sorted(CONSENTED)
    assert disclosure.partner_id is not None and disclosure.channel == "read"


def test_the_partners_list_sends_the_same_queries_however_many_youth_share(world, client, personas):
    user = _partner(world)
    client.force_login(user)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/samarbeid/")
        assert response.status_code == 200
        return len(ctx), len(response.context["home"].seats)

    count()  # the first request of a session also refreshes it
    before, shown_before = count()
    now = timezone.now()
    for i in range(5):  # five more youth share with the school, each on a team with her on it
        youth = Youth.objects.create(
            municipality=personas.municipality,
            first_name=f"Mer{i}",
            last_name="Deling",
            birth_date=date(2009, 1, 1),
        )
        case = Case.objects.create(youth=youth, unit=personas.unit_a)
        team = CareTeam.objects.create(case=case)
        TeamMember.objects.create(team=team, user=user, partner=personas.school, role="Rådgiver")
        _consent(case, "active", {"partner": personas.school, "unit": personas.unit_b}, now)
    after, shown_after = count()
    assert shown_after == shown_before + 5
    assert after == before
