"""A small world for the followup tests, on top of `personas`: unit B is an OT unit serving the
test municipality, with Otto as its leader (Bea is its case worker); youth registered N days
before the test's `today`."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from tests.conftest import give_totp
from ungsam.access.audit import SystemActor
from ungsam.cases.models import Case, CaseContact, JournalEntry
from ungsam.org.models import Membership, User
from ungsam.ot.models import OTCoverage, OTRegistration
from ungsam.ot.register_services import register_youth
from ungsam.people.models import Youth


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


class World:
    def __init__(self, p, today: date):
        self.p, self.today = p, today
        OTCoverage.objects.create(unit=p.unit_b, municipality=p.municipality)
        self.otto = User.objects.create_user(
            username="otto_b", password="riktig-passord-123", first_name="Otto", last_name="Ot"
        )
        Membership.objects.create(
            status="direct",
            user=self.otto,
            municipality=p.municipality,
            role="leader",
            unit=p.unit_b,
            starts_on=date(2025, 1, 1),
        )
        give_totp(self.otto)

    def register(self, first: str, days_ago: int, *, worker=None, status=None, first_contact=None):
        """A youth registered `days_ago` days before today (OTUK), with `worker` as contact
        person, and optionally another status and a first contact that many days ago."""
        routed = register_youth(
            actor=SystemActor("test"),
            home_municipality=self.p.municipality,
            youth={"first_name": first, "last_name": "Otsen", "birth_date": date(2007, 6, 1)},
            source="manual",
            at=at(self.today - timedelta(days=days_ago), 9),
        )
        registration = routed.registration
        if worker is not None:
            CaseContact.objects.create(case=registration.case, user=worker, primary=True)
        changes = {}
        if status:
            changes["status"] = status
        if first_contact is not None:
            changes["first_contact_on"] = self.today - timedelta(days=first_contact)
        if changes:
            OTRegistration.objects.filter(pk=registration.pk).update(**changes)
        return registration.case

    def case(self, first: str, unit, days_ago: int, *, worker=None, stage="active") -> Case:
        youth = Youth.objects.create(
            municipality=self.p.municipality,
            first_name=first,
            last_name="Saksen",
            birth_date=date(2009, 1, 15),
        )
        case = Case.objects.create(
            youth=youth,
            unit=unit,
            stage=stage,
            opened_on=self.today - timedelta(days=days_ago),
        )
        if worker is not None:
            CaseContact.objects.create(case=case, user=worker, primary=True)
        return case

    def journal(self, case, author, kind: str, days_ago: int) -> JournalEntry:
        day = self.today - timedelta(days=days_ago)
        return JournalEntry.objects.create(
            case=case, kind=kind, occurred_on=day, text="Notat.", author=author, created_at=at(day)
        )


@pytest.fixture
def world(personas):
    return World(personas, timezone.localdate())
