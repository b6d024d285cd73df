"""The deadline rules (issue 18, point 4) on known data, with the clock set by the test: a
first contact due N days after registration, the next contact every N days by status group,
groups 4 and 5 never due, real contact resetting the clock and an unanswered message not."""

from datetime import date, timedelta

import pytest
from django.utils import translation

from ungsam.cases.models import EntryKind
from ungsam.ot.followup_rules import (
    FIRST_CONTACT,
    FOLLOW_UP,
    NO_CONTACT,
    NO_OWNER,
    CaseFacts,
    Deadlines,
    Registration,
    next_due,
    reasons_for,
)
from ungsam.ot.status_codes import GROUP_CODES

D = Deadlines(
    first_contact_days=14,
    follow_up_days_unknown=10,
    follow_up_days_guidance=30,
    follow_up_days_activity=90,
)
REGISTERED = date(2026, 3, 2)


def _due(status="OTUK", first=None, last=None, deadlines=D):
    return next_due(
        status=status,
        registered_on=REGISTERED,
        first_contact_on=first,
        last_contact=last,
        deadlines=deadlines,
    )


def _facts(status="OTUK", first=None, last=None, has_owner=True, stage="referral", **kw):
    return CaseFacts(
        stage=stage,
        opened_on=REGISTERED,
        has_owner=has_owner,
        owner_left_on=None,
        last_contact=last,
        situation_confirmed_on=None,
        alert_after_days_without_contact=30,
        registration=Registration(status, REGISTERED, first) if status else None,
        deadlines=D,
        **kw,
    )


def test_it_owes_a_first_contact_within_the_units_days_of_registration():
    due = _due()
    assert (due.kind, due.on) == (FIRST_CONTACT, REGISTERED + timedelta(days=14))
    on_the_day = REGISTERED + timedelta(days=14)
    assert reasons_for(_facts(), on_the_day) == []
    [late] = reasons_for(_facts(), on_the_day + timedelta(days=3))
    assert (late.kind, late.days) == (FIRST_CONTACT, 3)
    with translation.override("en"):
        assert late.text == "First contact overdue by 3 days"


def test_a_stricter_unit_is_due_sooner():
    strict = Deadlines(first_contact_days=7)
    assert _due(deadlines=strict).on == REGISTERED + timedelta(days=7)


@pytest.mark.parametrize(
    ("status", "days"), [("OTUK", 10), ("OTOV", 30), ("OTOA", 90), ("OTLL", 90), ("OTAR", 90)]
)
def test_after_the_first_contact_each_group_has_its_interval(status, days):
    first = date(2026, 3, 10)
    due = _due(status, first=first)
    assert (due.kind, due.on) == (FOLLOW_UP, first + timedelta(days=days))
    assert reasons_for(_facts(status, first=first), due.on) == []
    [late] = reasons_for(_facts(status, first=first), due.on + timedelta(days=1))
    assert (late.kind, late.days) == (FOLLOW_UP, 1)


@pytest.mark.parametrize("status", [*GROUP_CODES[4], *GROUP_CODES[5]])
def test_groups_4_and_5_are_never_due(status):
    assert _due(status) is None
    years_later = REGISTERED + timedelta(days=3650)
    # Not even for a missing contact person: clarified, or not in the target group.
    assert reasons_for(_facts(status, has_owner=False), years_later) == []


def test_a_contact_resets_the_clock():
    first = date(2026, 3, 10)
    later = date(2026, 5, 1)
    assert _due("OTOV", first=first, last=later).on == later + timedelta(days=30)
    # An older contact than the first one changes nothing.
    assert _due("OTOV", first=first, last=date(2026, 3, 1)).on == first + timedelta(days=30)


def test_the_first_contact_stays_owed_until_it_is_recorded():
    # A contact in the journal while the register still says nobody reached her: the register
    # must be brought up to date, so she stays on the list.
    due = _due("OTUK", first=None, last=date(2026, 3, 5))
    assert due.kind == FIRST_CONTACT


def test_a_case_without_a_contact_person_is_listed_from_day_one():
    facts = _facts(status=None, has_owner=False, stage="waiting")
    [reason] = reasons_for(facts, REGISTERED + timedelta(days=5))
    assert (reason.kind, reason.days) == (NO_OWNER, 5)


def test_a_followed_case_without_contact_for_longer_than_the_unit_allows():
    facts = _facts(status=None, stage="active", last=date(2026, 4, 1))
    assert reasons_for(facts, date(2026, 5, 1)) == []  # 30 days: allowed
    [reason] = reasons_for(facts, date(2026, 5, 6))
    assert (reason.kind, reason.days, reason.overdue) == (NO_CONTACT, 35, 5)


def test_the_contact_kinds_are_real_contact_only():
    from ungsam.ot.followup_rules import CONTACT_KINDS

    assert EntryKind.OTHER not in CONTACT_KINDS
    assert EntryKind.SCHOOL_CONTACT not in CONTACT_KINDS
    assert set(CONTACT_KINDS) == {"conversation", "home_visit", "phone", "meeting"}
