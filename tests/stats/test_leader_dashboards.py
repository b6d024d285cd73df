"""A unit leader's dashboards (issue 17, item 4): every figure against data built here with
known answers, the period's boundaries, who may see them, the Excel workbook, and a fixed number
of queries however many cases there are."""

import io
import re
from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from openpyxl import load_workbook

from tests.conftest import without_tokens
from ungsam.access.models import Purpose
from ungsam.cases import services
from ungsam.cases.models import (
    Appointment,
    AppointmentOutcome,
    Case,
    CaseContact,
    CaseStage,
    CaseStatus,
    ContactPersonPeriod,
    JournalEntry,
    Referral,
    StageChange,
)
from ungsam.org.models import Membership, Unit
from ungsam.outreach.models import Conversation
from ungsam.people.models import Youth
from ungsam.plans.models import Assessment, DomainScore
from ungsam.stats.leader_forms import LeaderPeriodForm, twelve_months_back
from ungsam.stats.leader_selectors import (
    assessment_change,
    continuity,
    first_contact,
    load_by_month,
    months_of,
    outcomes_by_month,
)

YEAR = (date(2025, 1, 1), date(2025, 12, 31))
AFTER = date(2026, 6, 1)  # "today" for the load: the whole of 2025 has passed
URL = "/statistikk/leder/"
XLSX = "/statistikk/leder/tabeller.xlsx"
PERIOD = {"date_from": "2025-01-01", "date_to": "2025-12-31"}


def at(day, hour=9):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def new_case(p, unit=None, *, opened=date(2025, 1, 1), closed=None, outcome="", **extra):
    n = Youth.objects.count()
    youth = Youth.objects.create(
        municipality=p.municipality,
        first_name=f"Ung{n}",
        last_name="Fiktivsen",
        birth_date=date(2010, 1, 1),
    )
    fields = {"opened_on": opened}
    if closed:
        fields.update(
            status=CaseStatus.CLOSED,
            stage=CaseStage.CLOSED,
            closed_on=closed,
            closure_outcome=outcome or "other",
        )
    fields.update(extra)
    return Case.objects.create(youth=youth, unit=unit or p.unit_a, **fields)


def refer(case, received_on, absence=None):
    return Referral.objects.create(
        case=case,
        received_on=received_on,
        from_other="Skolen",
        referrer_name="Rita",
        referrer_contact="rita@skole.example",
        reason="Fravær",
        tried="Samtaler",
        youth_view="Vil ha hjelp",
        consent="written",
        absence_percent=absence,
    )


def assess(case, day, **scores):
    assessment = Assessment.objects.create(case=case, assessed_on=day)
    for domain, score in scores.items():
        DomainScore.objects.create(assessment=assessment, domain=domain, score=score)
    return assessment


# --- The period ----------------------------------------------------------------------------


def test_a_period_is_cut_into_calendar_months():
    months = months_of(date(2025, 1, 15), date(2025, 3, 10))
    assert [(m.start, m.end, m.first) for m in months] == [
        (date(2025, 1, 15), date(2025, 1, 31), date(2025, 1, 1)),
        (date(2025, 2, 1), date(2025, 2, 28), date(2025, 2, 1)),
        (date(2025, 3, 1), date(2025, 3, 10), date(2025, 3, 1)),
    ]
    assert len(months_of(*YEAR)) == 12


def test_the_default_period_is_the_last_twelve_months():
    assert twelve_months_back(date(2026, 11, 26)) == date(2025, 12, 1)
    assert twelve_months_back(date(2026, 1, 31)) == date(2025, 2, 1)
    today = timezone.localdate()
    start, end = LeaderPeriodForm(None).period()
    assert (start, end) == (twelve_months_back(today), today)
    assert len(months_of(start, end)) == 12


def test_a_period_longer_than_three_years_or_backwards_is_refused(personas, login):
    client = login(personas.leader_a)
    response = client.get(URL, {"date_from": "2020-01-01", "date_to": "2025-01-01"})
    assert response.status_code == 400
    assert "høyst tre år" in response.content.decode()
    assert client.get(URL, {"date_from": "2025-02-01", "date_to": "2025-01-01"}).status_code == 400
    assert client.get(XLSX, {"date_from": "2025-13-01"}).status_code == 400
    assert client.get(URL, {"date_from": "x"}).status_code == 400


# --- 1. Load -------------------------------------------------------------------------------


def test_active_cases_waiting_list_and_capacity_by_month(personas):
    p = personas
    Unit.objects.filter(pk=p.unit_a.pk).update(cases_per_position=10)
    p.unit_a.refresh_from_db()
    Membership.objects.filter(user=p.los_a).update(position_percent=100)
    Membership.objects.filter(user=p.leader_a).update(position_percent=50)
    # A worker for March to May only (the end date is the first day without her).
    Membership.objects.create(
        user=p.los_b,
        municipality=p.municipality,
        unit=p.unit_a,
        role="caseworker",
        status="direct",
        starts_on=date(2025, 3, 1),
        ends_on=date(2025, 6, 1),
        position_percent=50,
    )
    one = new_case(p, opened=date(2025, 1, 10), closed=date(2025, 4, 15))
    for stage, day in [
        (CaseStage.REFERRAL, date(2025, 1, 10)),
        (CaseStage.WAITING, date(2025, 1, 20)),
        (CaseStage.ASSESSMENT, date(2025, 2, 5)),
        (CaseStage.ACTIVE, date(2025, 3, 1)),
        (CaseStage.CLOSED, date(2025, 4, 15)),
    ]:
        StageChange.objects.create(case=one, stage=stage, at=at(day))
    two = new_case(p, opened=date(2025, 2, 28), stage=CaseStage.REFERRAL)
    StageChange.objects.create(case=two, stage=CaseStage.REFERRAL, at=at(date(2025, 2, 28), 23))
    refer(one, date(2025, 1, 10))
    refer(two, date(2025, 2, 28))
    # The year before: received and closed on 31 December.
    refer(new_case(p, opened=date(2024, 12, 31), closed=date(2024, 12, 31)), date(2024, 12, 31))

    rows = load_by_month(actor=p.leader_a, unit=p.unit_a, months=months_of(*YEAR), today=AFTER)
    table = [(m.on, m.waiting, m.followed, m.capacity, m.free, m.referrals) for m in rows[:7]]
    assert table == [
        (date(2025, 1, 31), 1, 0, 15, 15, 1),
        (date(2025, 2, 28), 1, 1, 15, 14, 1),  # a referral at 23:00 on the last day counts
        (date(2025, 3, 31), 1, 1, 20, 19, 0),
        (date(2025, 4, 30), 1, 0, 20, 20, 0),
        (date(2025, 5, 31), 1, 0, 20, 20, 0),
        (date(2025, 6, 30), 1, 0, 15, 15, 0),
        (date(2025, 7, 31), 1, 0, 15, 15, 0),
    ]
    # Months that have not begun are left out; this month is read today.
    rows = load_by_month(
        actor=p.leader_a, unit=p.unit_a, months=months_of(*YEAR), today=date(2025, 3, 15)
    )
    assert [m.on for m in rows] == [date(2025, 1, 31), date(2025, 2, 28), date(2025, 3, 15)]


# --- 2. Outcomes ---------------------------------------------------------------------------


def test_outcomes_at_closure_by_month_with_the_year_boundaries(personas):
    p = personas
    new_case(p, closed=date(2025, 1, 1), outcome="in_school")
    new_case(p, closed=date(2025, 1, 31), outcome="in_work")
    new_case(p, closed=date(2025, 2, 1), outcome="in_school")
    new_case(p, closed=date(2025, 12, 31), outcome="moved", moved_to="Andrevik")
    new_case(p, opened=date(2024, 1, 1), closed=date(2024, 12, 31), outcome="in_school")
    new_case(p, closed=date(2026, 1, 1), outcome="in_school")
    new_case(p, closed=date(2025, 5, 5), outcome="in_school", imported=True)
    new_case(p, p.unit_b, closed=date(2025, 5, 5), outcome="in_school")  # another unit

    outcomes = outcomes_by_month(unit=p.unit_a, months=months_of(*YEAR))
    codes = ["in_school", "in_work", "other_education", "nav_measure", "moved", "not_reached"]
    assert outcomes.totals == [2, 1, 0, 0, 1, 0, 0]
    assert outcomes.total == 4
    assert outcomes.months[0].counts[:2] == [1, 1] and outcomes.months[0].total == 2
    assert outcomes.months[1].counts[0] == 1 and outcomes.months[1].total == 1
    assert outcomes.months[11].counts[codes.index("moved")] == 1
    assert [m.total for m in outcomes.months[2:11]] == [0] * 9


# --- 3. Assessments ------------------------------------------------------------------------


def test_change_between_first_and_latest_assessment_per_domain(personas):
    p = personas
    x, y, v, z, w = (new_case(p) for _ in range(5))
    refer(x, date(2024, 10, 1), absence=Decimal("30.0"))
    refer(y, date(2025, 1, 5), absence=Decimal("20.0"))
    refer(v, date(2024, 5, 1))
    # x: attendance 2 → 3 → 4 (better), wellbeing 3 → 2 (worse); subjects do not count.
    first = assess(x, date(2024, 11, 1), attendance=2, wellbeing=3)
    DomainScore.objects.create(assessment=first, domain="academic", subject="matematikk", score=1)
    assess(x, date(2025, 3, 1), attendance=3)
    last = assess(x, date(2025, 6, 1), attendance=4, wellbeing=2)
    DomainScore.objects.create(assessment=last, domain="academic", subject="matematikk", score=5)
    # y: twice on one day, the same score: unchanged (the later row is the latest).
    assess(y, date(2025, 2, 1), attendance=3)
    assess(y, date(2025, 2, 1), attendance=3)
    # v: first the year before, latest on the period's last day: unchanged.
    assess(v, date(2024, 6, 1), attendance=1)
    assess(v, date(2025, 12, 31), attendance=1)
    # z: assessed once; w: the second time after the period – neither counts.
    assess(z, date(2025, 4, 1), attendance=5)
    assess(w, date(2025, 5, 1), attendance=1)
    assess(w, date(2026, 1, 5), attendance=5)
    # Another unit's case is not the leader's.
    other = new_case(p, p.unit_b)
    assess(other, date(2025, 1, 1), attendance=1)
    assess(other, date(2025, 2, 1), attendance=5)

    change = assessment_change(unit=p.unit_a, start=YEAR[0], end=YEAR[1])
    by = {d.domain: d for d in change.domains}
    a = by["attendance"]
    assert (a.cases, a.average_first, a.average_latest, a.average_change) == (3, 2.0, 2.67, 0.67)
    assert (a.improved, a.unchanged, a.worsened, a.improved_percent) == (1, 2, 0, 33)
    wb = by["wellbeing"]
    assert (wb.cases, wb.average_change) == (1, -1.0)
    assert (wb.improved, wb.unchanged, wb.worsened) == (0, 0, 1)
    assert by["academic"].cases == 0 and by["academic"].average_change is None
    assert change.cases == 3
    assert (change.absence_referrals, change.average_absence_at_referral) == (2, 25.0)


# --- 4. First contact ----------------------------------------------------------------------


def meeting(case, day, outcome, place="Kontoret"):
    Appointment.objects.create(case=case, starts_at=at(day), place=place, outcome=outcome)


def test_time_from_referral_to_first_contact(personas):
    p = personas
    r1, r2, r3, r4, r5, r6 = (new_case(p) for _ in range(6))
    refer(r1, date(2025, 3, 1))
    meeting(r1, date(2025, 3, 2), AppointmentOutcome.NO_SHOW)
    meeting(r1, date(2025, 3, 4), AppointmentOutcome.ATTENDED)
    JournalEntry.objects.create(
        case=r1, kind="meeting", occurred_on=date(2025, 3, 2), text="Med skolen", author=p.los_a
    )
    refer(r2, date(2025, 4, 1))
    # Met before the referral came: not a first contact after it.
    meeting(r2, date(2025, 3, 20), AppointmentOutcome.ATTENDED)
    JournalEntry.objects.create(
        case=r2, kind="conversation", occurred_on=date(2025, 4, 11), text="Samtale", author=p.los_a
    )
    refer(r3, date(2025, 5, 1))
    Conversation.objects.create(
        unit=p.unit_a, case=r3, date=date(2025, 5, 21), channel="street", held_by=p.los_a
    )
    refer(r4, date(2025, 12, 31))  # not met yet
    refer(r5, date(2024, 12, 31))  # the year before
    refer(r6, date(2025, 6, 1))
    JournalEntry.objects.create(
        case=r6, kind="phone", occurred_on=date(2025, 9, 15), text="Ringte", author=p.los_a
    )

    figures = first_contact(unit=p.unit_a, start=YEAR[0], end=YEAR[1])
    assert (figures.referrals, figures.contacted, figures.not_contacted) == (5, 4, 1)
    assert figures.median_days == 15.0  # 3, 10, 20 and 106 days
    assert figures.average_days == 34.8
    assert [b.count for b in figures.buckets] == [1, 1, 1, 0, 0, 1]
    with translation.override("nb"):
        labels = [b.label for b in first_contact(unit=p.unit_a, start=YEAR[0], end=YEAR[1]).buckets]
    assert labels[0] == "0–7 dager" and labels[-1] == "91 dager eller mer"


# --- 5. Continuity -------------------------------------------------------------------------


def test_assigning_contact_persons_keeps_their_history(personas):
    p = personas
    case = services.case_open(
        actor=p.leader_a,
        purpose=Purpose.CASEWORK,
        youth=Youth.objects.create(
            municipality=p.municipality,
            first_name="Ny",
            last_name="Sak",
            birth_date=date(2011, 1, 1),
        ),
        unit=p.unit_a,
        contact_persons=[p.los_a],
    )
    periods = ContactPersonPeriod.objects.filter(case=case)
    assert [(x.user_id, x.primary, x.ended_at) for x in periods.all()] == [(p.los_a.pk, True, None)]
    bea = p.los_b
    Membership.objects.create(
        user=bea, municipality=p.municipality, unit=p.unit_a, role="caseworker", status="direct"
    )
    # Lise stays primary with Bea beside her: Lise's spell goes on.
    services.case_assign(
        actor=p.leader_a, purpose=Purpose.CASEWORK, case_id=case.pk, contact_persons=[p.los_a, bea]
    )
    assert periods.filter(user=p.los_a, ended_at__isnull=True, primary=True).count() == 1
    assert periods.count() == 2
    # Bea takes over as primary: Lise's primary spell ends, she goes on as the second.
    services.case_assign(
        actor=p.leader_a, purpose=Purpose.CASEWORK, case_id=case.pk, contact_persons=[bea, p.los_a]
    )
    current = {(x.user_id, x.primary) for x in periods.filter(ended_at__isnull=True)}
    assert current == {(bea.pk, True), (p.los_a.pk, False)}
    assert set(CaseContact.objects.filter(case=case).values_list("user_id", "primary")) == current
    assert periods.filter(primary=True).values("user").distinct().count() == 2
    assert periods.count() == 4


def test_continuity_counts_cases_whose_primary_contact_never_changed(personas):
    p = personas
    kept = new_case(p, closed=date(2025, 1, 31))
    ContactPersonPeriod.objects.create(
        case=kept, user=p.los_a, primary=True, started_at=at(YEAR[0])
    )
    # A second contact who came and went does not break continuity.
    ContactPersonPeriod.objects.create(
        case=kept,
        user=p.leader_a,
        primary=False,
        started_at=at(date(2025, 1, 5)),
        ended_at=at(date(2025, 1, 20)),
    )
    changed = new_case(p, closed=date(2025, 2, 1))
    ContactPersonPeriod.objects.create(
        case=changed,
        user=p.los_a,
        primary=True,
        started_at=at(YEAR[0]),
        ended_at=at(date(2025, 1, 15)),
    )
    ContactPersonPeriod.objects.create(
        case=changed, user=p.leader_a, primary=True, started_at=at(date(2025, 1, 15))
    )
    new_case(p, closed=date(2025, 3, 1))  # never had a contact person: not counted
    outside = new_case(p, closed=date(2026, 1, 1))
    ContactPersonPeriod.objects.create(case=outside, user=p.los_a, primary=True)

    figures = continuity(unit=p.unit_a, months=months_of(*YEAR))
    assert [(m.closed, m.kept, m.changed) for m in figures.months[:3]] == [
        (1, 1, 0),
        (1, 0, 1),
        (0, 0, 0),
    ]
    assert (figures.closed, figures.kept, figures.changed, figures.kept_percent) == (2, 1, 1, 50)


# --- The page, its access and its workbook ---------------------------------------------------


def some_of_everything(p, i):
    """A closed case with an outcome, two assessments, a referral with a first contact and a
    change of contact person; an open one waiting."""
    case = new_case(p, opened=date(2025, 2, 1), closed=date(2025, 3 + i % 9, 10), outcome="in_work")
    StageChange.objects.create(case=case, stage=CaseStage.REFERRAL, at=at(date(2025, 2, 1)))
    StageChange.objects.create(case=case, stage=CaseStage.ACTIVE, at=at(date(2025, 2, 10)))
    StageChange.objects.create(case=case, stage=CaseStage.CLOSED, at=at(date(2025, 3 + i % 9, 10)))
    refer(case, date(2025, 2, 1), absence=Decimal("40"))
    JournalEntry.objects.create(
        case=case, kind="conversation", occurred_on=date(2025, 2, 8), text="Samtale", author=p.los_a
    )
    assess(case, date(2025, 2, 15), attendance=2, home=3)
    assess(case, date(2025, 3, 1), attendance=4, home=3)
    ContactPersonPeriod.objects.create(
        case=case, user=p.los_a, primary=True, started_at=at(date(2025, 2, 10))
    )
    waiting = new_case(p, opened=date(2025, 6, 1), stage=CaseStage.WAITING)
    StageChange.objects.create(case=waiting, stage=CaseStage.WAITING, at=at(date(2025, 6, 1)))
    refer(waiting, date(2025, 6, 1))


def test_the_page_shows_every_dashboard_with_charts_and_tables(personas, login):
    some_of_everything(personas, 0)
    response = login(personas.leader_a).get(URL, PERIOD)
    assert response.status_code == 200
    body = response.content.decode()
    for heading in (
        "load-heading",
        "outcomes-heading",
        "assessments-heading",
        "first-contact-heading",
        "continuity-heading",
    ):
        assert f'id="{heading}"' in body
    assert body.count('class="chart') >= 6 and body.count("<table") == 5
    page = without_tokens(body)
    assert "Anna" not in page and "Fiktivsen" not in page and "Ung0" not in page
    assert 'style="' not in body  # the CSP forbids inline styles
    assert not re.search(r'<rect [^>]*="\d+,\d', body)  # no decimal comma in the SVG
    assert "tabeller.xlsx" in body
    # The codes a leader reads are in Bokmål: outcomes, domains, the waits' buckets.
    for label in ("I arbeid", "Annen utdanning eller opplæring", "Hjem og omsorg", "0–7 dager"):
        assert label in body, label
    for code in ("in_work", "other_education", "attendance", "In work", "Home and care"):
        assert f">{code}<" not in body, code
    figures = response.context["figures"]
    assert figures.outcomes.total == 1 and figures.continuity.kept == 1
    assert figures.first_contact.median_days == 7.0


def test_the_page_makes_the_same_number_of_queries_however_many_cases(personas, login):
    client = login(personas.leader_a)
    some_of_everything(personas, 0)
    client.get(URL, PERIOD)  # warm the caches (sessions, memberships)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL, PERIOD).status_code == 200
    for i in range(1, 12):
        some_of_everything(personas, i)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, PERIOD)
    # Every dashboard of the leader's own unit grew, not only one.
    figures = response.context["figures"]
    assert figures.outcomes.total == 12
    assert (figures.continuity.closed, figures.assessments.cases) == (12, 12)
    assert (figures.first_contact.referrals, figures.first_contact.contacted) == (24, 12)
    assert max(m.waiting for m in figures.load) == 12
    assert len(many) == len(few)
    assert len(few) <= 20, len(few)
    # Nor however many months: no month is read with a query of its own.
    with CaptureQueriesContext(connection) as longer:
        response = client.get(URL, {"date_from": "2023-01-01", "date_to": "2025-12-31"})
    assert len(response.context["figures"].load) == 36
    assert len(longer) == len(few)


def test_the_workbook_holds_every_table(personas, login):
    some_of_everything(personas, 0)
    response = login(personas.leader_a).get(XLSX, PERIOD)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 6
    load, outcomes, assessments, contact, cont = (book[n] for n in book.sheetnames[1:])
    assert load.max_row == 13  # a header and twelve months
    assert [c.value for c in outcomes[outcomes.max_row]][-1] == 1  # the total
    attendance = next(assessments.iter_rows(min_row=2, values_only=True))  # the first domain
    assert attendance[1:] == (1, 2, 4, 2, 1, 0, 0)
    assert [r[1] for r in contact.iter_rows(min_row=2, max_row=7, values_only=True)] == [
        1,
        0,
        0,
        0,
        0,
        0,
    ]
    assert [c.value for c in cont[cont.max_row]][1:] == [1, 1, 0, 100]


@pytest.mark.parametrize("path", [URL, XLSX])
def test_only_the_units_leader_sees_them(personas, login, path):
    p = personas
    assert login(p.leader_a).get(path, PERIOD).status_code == 200
    # Her own unit only: unit B is not hers, and a made-up id tells nothing either.
    assert login(p.leader_a).get(path, {"enhet": p.unit_b.pk}).status_code == 404
    assert login(p.leader_a).get(path, {"enhet": "999999"}).status_code == 404
    assert login(p.leader_a).get(path, {"enhet": "x"}).status_code == 404
    for persona in (p.los_a, p.field_c, p.partner, p.analyst, p.admin):
        assert login(persona).get(path).status_code == 404
    # The leader of unit B sees B's, never A's.
    Membership.objects.create(
        user=p.los_b, municipality=p.municipality, unit=p.unit_b, role="leader", status="direct"
    )
    client = login(p.los_b)
    assert client.get(path, {"enhet": p.unit_b.pk}).status_code == 200
    assert client.get(path, {"enhet": p.unit_a.pk}).status_code == 404


def test_the_leaders_start_page_links_to_the_dashboards(personas, login):
    body = login(personas.leader_a).get("/").content.decode()
    assert f'href="{URL}"' in body
    assert f'href="{URL}"' not in login(personas.los_a).get("/").content.decode()


@pytest.mark.parametrize("months", [1, 12, 37])
def test_the_month_charts_fit_a_phone(months):
    from ungsam.stats.leader_views import _month_chart

    chart = _month_chart([(f"{i:02}", i) for i in range(months)])
    assert chart["width"] <= 260  # inside a 360 px screen's content, no scrolling
    assert len(chart["columns"]) == months
    # Whole numbers only: a float would be written with a decimal comma in Bokmål.
    for item in chart["columns"] + chart["labels"]:
        assert all(isinstance(item[k], int) for k in ("x", "y") if k in item)
    assert all(isinstance(c["w"], int) and isinstance(c["h"], int) for c in chart["columns"])
