"""Students with school periods for the early-warning tests: the personas' school (Sara's)
and a second school with its own counselor, figures set by each test."""

from datetime import date
from decimal import Decimal

from tests.conftest import give_totp
from ungsam.org.models import Membership, PartnerOrganization, User
from ungsam.ot.models import SchoolDataImport, StudentPeriod
from ungsam.ot.risk_rules import evaluate
from ungsam.people.models import Youth

AUTUMN, SPRING = date(2025, 8, 15), date(2026, 1, 5)
END = {AUTUMN: date(2025, 12, 19), SPRING: date(2026, 6, 19), date(2025, 1, 6): date(2025, 6, 20)}


def other_school(p, name="Nabo skole", username="nina_skole"):
    """A second school of the municipality, with its own counselor."""
    school = PartnerOrganization.objects.create(
        municipality=p.municipality, name=name, kind="skole"
    )
    counselor = User.objects.create_user(username=username, first_name="Nina", last_name="T")
    Membership.objects.create(
        status="direct",
        user=counselor,
        municipality=p.municipality,
        role="partner",
        partner=school,
        starts_on=date(2025, 1, 1),
    )
    give_totp(counselor)
    return school, counselor


def student(school, first, periods, *, grade="9", last="Elevsen", **latest):
    """A student with periods [(start, absence %)], the last one with the given fields; her
    latest period is returned."""
    youth = Youth.objects.create(
        municipality=school.municipality, first_name=first, last_name=last,
        birth_date=date(2010, 3, 4),
    )  # fmt: skip
    source, _ = SchoolDataImport.objects.get_or_create(
        municipality=school.municipality, file_name="elever.csv", file_sha256="x"
    )
    made = []
    for i, (start, absence) in enumerate(periods):
        extra = dict(latest) if i == len(periods) - 1 else {}
        status = extra.pop("status", "active")
        made.append(
            StudentPeriod.objects.create(
                youth=youth,
                school=school,
                grade=grade,
                period_start=start,
                period_end=END[start],
                absence_percent=Decimal(absence),
                status=status,
                source=source,
                **extra,
            )  # fmt: skip
        )
    return made[-1]


def evaluate_all(municipality):
    ids = StudentPeriod.objects.filter(school__municipality=municipality).values_list(
        "pk", flat=True
    )
    evaluate(municipality=municipality, period_ids=list(ids), today=date(2026, 3, 1))
