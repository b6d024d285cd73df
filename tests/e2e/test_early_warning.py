"""A school counselor in a real browser (issue 18, point 2): Sara opens her list of flagged
students, opens the one at the top, presses «Henvis» and finds the referral form filled in
with the student's name, birth date and figures. Every page passes axe on a desktop and a
360 px phone. The test gives Sara's school two periods for three students of grade 7,
so it knows who must be on top whatever the demo's school data holds."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation
from playwright.sync_api import expect

from tests.e2e.conftest import Recorder, log_in, page_problems
from ungsam.org.models import User
from ungsam.ot.models import SchoolDataImport, StudentPeriod
from ungsam.ot.risk_rules import evaluate
from ungsam.people.models import Youth

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

COUNSELOR = "sara.skole"
PERIODS = ((date(2025, 8, 18), date(2025, 12, 19)), (date(2026, 1, 5), date(2026, 6, 19)))


def nb(text: str) -> str:
    with translation.override("nb"):
        return translation.gettext(text)


def school_data():
    """Three students of grade 10 at Sara's school: one flagged twice in the second period
    (absence up from 8 % to 16.5 %, failing maths), one flagged once, one not flagged."""
    school = User.objects.get(username=COUNSELOR).memberships.get(role="partner").partner
    source = SchoolDataImport.objects.create(
        municipality=school.municipality, file_name="e2e.csv", file_sha256="e2e"
    )
    youth = list(Youth.objects.filter(municipality=school.municipality).order_by("pk")[:3])
    figures = (("8", "16.5", "MAT0010"), ("3", "11", ""), ("2", "2", ""))
    ids = []
    for person, (before, now, failing) in zip(youth, figures, strict=True):
        for (start, end), absence in zip(PERIODS, (before, now), strict=True):
            ids.append(
                StudentPeriod.objects.create(
                    youth=person, school=school, grade="7", period_start=start,
                    period_end=end, absence_percent=Decimal(absence), status="active",
                    failing_subjects=failing if absence == now else "", source=source,
                ).pk
            )  # fmt: skip
    evaluate(municipality=school.municipality, period_ids=ids)
    return youth[0]


def test_a_counselor_refers_her_most_flagged_student(demo, live_server, page):
    base = live_server.url
    recorder = Recorder(page, base)
    top = school_data()
    log_in(page, base, COUNSELOR)
    page.get_by_role("link", name=nb("Early intervention")).first.click()
    page.wait_for_url("**/tidlig-innsats/")
    # Grade 7: the demo's school data has none, so the list holds the test's three.
    page.goto(f"{base}/tidlig-innsats/?trinn=7")
    table = page.locator("main table")
    # Highest risk first: absence and failing maths weigh 3 each.
    expect(table.locator("tbody tr").first).to_contain_text(f"{top.first_name} {top.last_name}")
    problems = page_problems(page, "early warning list")
    table.locator("tbody tr").first.get_by_role("link").click()
    page.wait_for_url("**/tidlig-innsats/elev/*/")
    expect(page.locator("h1")).to_have_text(f"{top.first_name} {top.last_name}")
    expect(page.locator("main")).to_contain_text("16,5")
    problems += page_problems(page, "early warning student")
    page.get_by_role("link", name=nb("Refer"), exact=True).click()
    page.wait_for_url("**/saker/henvisning/ny/?elev=*")
    expect(page.locator("input[name=first_name]")).to_have_value(top.first_name)
    expect(page.locator("input[name=last_name]")).to_have_value(top.last_name)
    expect(page.locator("input[name=absence_percent]")).to_have_value("16.5")
    expect(page.locator("input[name=subjects_at_risk]")).to_have_value("MAT0010")
    expect(page.locator("input[name=absence_period]")).to_have_value("5. januar 2026–19. juni 2026")
    expect(page.locator("textarea[name=reason]")).to_contain_text("16,5")
    problems += page_problems(page, "referral form filled in")
    assert problems == []
    assert recorder.problems() == []
