"""Ute C's annual report data for the page, format and command tests: a leader (Lea) and field
contacts last year at two places in two areas (1 234 at the station, 3 at the school)."""

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from tests.conftest import give_totp
from ungsam.org.models import Area, Membership, Place, User
from ungsam.outreach.models import ContactTally

YEAR = timezone.localdate().year - 1


@pytest.fixture
def outreach(personas):
    """Ute C with its leader Lea and last year's field contacts."""
    p = personas
    p.leader_c = User.objects.create_user(username="lea_c", password="x" * 12)
    Membership.objects.create(
        user=p.leader_c,
        municipality=p.municipality,
        unit=p.unit_c,
        role="leader",
        status="direct",
    )
    give_totp(p.leader_c)
    sentrum = Area.objects.create(municipality=p.municipality, name="Sentrum")
    korset = Area.objects.create(municipality=p.municipality, name="Korset")
    p.station = Place.objects.create(
        municipality=p.municipality, name="Stasjonen", kind="station", area=sentrum
    )
    p.school = Place.objects.create(
        municipality=p.municipality, name="Tærud skole", kind="school", area=korset
    )
    tally(p, p.station, 1234)
    tally(p, p.school, 3)
    return p


def tally(p, where, count, day=None, **codes):
    day = day or date(YEAR, 3, 14)
    return ContactTally.objects.create(
        unit=p.unit_c,
        place=where,
        tapped_at=timezone.make_aware(datetime.combine(day, time(18, 0))),
        date=day,
        channel=codes.get("channel", "field"),
        gender=codes.get("gender", "girl"),
        age_group=codes.get("age_group", "ungdomsskole"),
        depth=1,
        count=count,
        recorded_by=p.field_c,
    )
