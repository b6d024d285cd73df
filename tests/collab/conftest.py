from datetime import timedelta

import pytest
from django.utils import timezone

from ungsam.access.models import Purpose
from ungsam.collab import services
from ungsam.org.models import PartnerOrganization


@pytest.fixture
def nav(personas):
    return PartnerOrganization.objects.create(
        municipality=personas.municipality, name="NAV Testvik", kind="nav"
    )


@pytest.fixture
def record(personas):
    """Records a consent on Anna's case as Lise (her contact person) through the service."""

    def make(**extra):
        values = {
            "actor": personas.los_a,
            "purpose": Purpose.CASEWORK,
            "case_id": personas.youth_a.cases.get().pk,
            "status": "given",
            "partner_ids": [personas.school.pk],
            "unit_ids": [],
            "categories": ["plan", "school_data"],
            "sharing_purpose": "Samarbeid med skolen om oppmøte.",
            "given_by_youth": True,
            "given_as": "written",
        }
        values.update(extra)
        return services.consent_record(**values)

    return make


def minutes(n):
    return timedelta(minutes=n)


@pytest.fixture
def now():
    return timezone.now().replace(second=0, microsecond=0)
