"""What the leaders' dashboards need of the demo (issue 17, item 4): every demo case came in by
a referral, and the youth was first met some days after it (most within two weeks, a few after
months); the closed cases were assessed when they began and before they closed (most rose,
some stood still, a few fell); and now and then a case changed its primary contact person
halfway (sick leave, a worker leaving). One step of `manage.py seed_demo` (ungsam/lib/demo.py),
after the cases, plans and journal steps.

This is the fiction's past, which no service writes (a referral received a year ago, an
appointment kept last spring): the rows are made with bulk_create, like the other history steps,
and name no one beyond the demo's made-up youth and staff."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from ungsam.access import policy
from ungsam.cases.models import (
    Appointment,
    AppointmentOutcome,
    CaseStatus,
    ClosureOutcome,
    Consent,
    ContactPersonPeriod,
    Referral,
)
from ungsam.lib.demo import DemoContext
from ungsam.org.models import GRANTING_STATUSES
from ungsam.plans.models import Assessment, Domain, DomainScore

REFERRERS = [
    "Fiktivik ungdomsskole",
    "Fiktivik videregående skole",
    "NAV Fiktivik",
    "Barneverntjenesten i Fiktivik",
]
# Days from referral to first contact: (low, high, weight).
FIRST_CONTACT_DAYS = [(1, 7, 40), (8, 14, 25), (15, 30, 20), (31, 60, 10), (61, 90, 5)]
# How an outcome's scores tend to move from the first assessment to the last.
TREND = {
    ClosureOutcome.IN_SCHOOL: 1,
    ClosureOutcome.IN_WORK: 1,
    ClosureOutcome.OTHER_EDUCATION: 1,
    ClosureOutcome.NAV_MEASURE: 0,
    ClosureOutcome.MOVED: 0,
    ClosureOutcome.NOT_REACHED: -1,
    ClosureOutcome.OTHER: 0,
}
CHANGED_CONTACT_SHARE = 0.15


def _at(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def seed(demo: DemoContext) -> None:
    rng, today = demo.rng, demo.today
    cases = list(demo.cases)
    for case in cases:
        case.refresh_from_db(fields=["status", "opened_on", "closed_on", "closure_outcome"])
    referred = set(Referral.objects.filter(case__in=cases).values_list("case_id", flat=True))
    referrals, appointments, assessments, periods = [], [], [], 0
    for case in cases:
        if case.pk in referred:
            continue
        received = case.opened_on
        referrals.append(
            Referral(
                case=case,
                received_on=received,
                from_partner=demo.partners[rng.choice(REFERRERS)],
                referrer_name=rng.choice(["Rådgiver Rita", "Veileder Vidar", "Kari Kontakt"]),
                referrer_contact="rita.radgiver@fiktivik.example",
                reason="Høyt fravær og lite kontakt med skolen.",
                absence_percent=rng.choice([None, 12.5, 18.0, 27.5, 35.0, 41.0]),
                tried="Samtaler med kontaktlærer og rådgiver.",
                youth_view="Vil gjerne ha en voksen å snakke med.",
                consent=rng.choice([Consent.GIVEN_WRITTEN, Consent.GIVEN_ORAL]),
            )
        )
        weights = [w for *_, w in FIRST_CONTACT_DAYS]
        low, high, _w = rng.choices(FIRST_CONTACT_DAYS, weights=weights)[0]
        met = received + timedelta(days=rng.randint(low, high))
        ends = case.closed_on or today
        if met < ends:
            appointments.append(
                Appointment(
                    case=case,
                    starts_at=_at(met),
                    place=rng.choice(["Kontoret", "Skolen", "Hjemme"]),
                    with_whom="Ungdommen",
                    outcome=AppointmentOutcome.ATTENDED,
                    created_by=demo.contact_persons[case.pk][0],
                )
            )
        if case.status == CaseStatus.CLOSED:
            assessments.append((case, met, ends))
        if rng.random() < CHANGED_CONTACT_SHARE and _change_contact(demo, case, ends):
            periods += 1
    Referral.objects.bulk_create(referrals)
    Appointment.objects.bulk_create(appointments)
    _assess_closed(demo, assessments)
    _hired_before_the_fiction(demo)
    demo.counts["referrals dated back"] = len(referrals)
    demo.counts["contact person changes"] = periods


def _hired_before_the_fiction(demo) -> None:
    """The staff who take the cases were hired before the oldest demo case opened (the org step
    gives them roles from today): the capacity month by month counts their positions."""
    hired = demo.today - timedelta(days=3 * 365)
    for unit in demo.units.values():
        policy.unit_worker_spells(unit.pk).filter(
            starts_on=demo.today, status__in=GRANTING_STATUSES
        ).update(starts_on=hired)


def _change_contact(demo, case, ends) -> bool:
    """Another worker of the unit was the primary contact person for the first part of the
    case; the one it has now took over halfway."""
    rng = demo.rng
    current = demo.contact_persons[case.pk][0]
    others = [w for w in demo.teams[case.unit.name] if w.pk != current.pk]
    if not others or (ends - case.opened_on).days < 30:
        return False
    days = rng.randint(14, (ends - case.opened_on).days - 7)
    handover = _at(case.opened_on + timedelta(days=days))
    before = rng.choice(others)
    ContactPersonPeriod.objects.filter(case=case, user=current, primary=True).update(
        started_at=handover
    )
    ContactPersonPeriod.objects.create(
        case=case,
        user=before,
        primary=True,
        started_at=_at(case.opened_on),
        ended_at=handover,
    )
    return True


def _assess_closed(demo, closed) -> None:
    """Two assessments of each closed case: a month after the first meeting, and shortly
    before the closure."""
    rng = demo.rng
    made = []
    for case, met, ends in closed:
        first_on = met + timedelta(days=rng.randint(7, 30))
        last_on = ends - timedelta(days=rng.randint(1, 14))
        if last_on <= first_on:
            continue
        worker = demo.contact_persons[case.pk][0]
        first = Assessment(case=case, assessed_on=first_on, by=worker, note="Første kartlegging.")
        last = Assessment(case=case, assessed_on=last_on, by=worker, note="Før avslutning.")
        made.append((case, first, last))
    Assessment.objects.bulk_create([a for _c, first, last in made for a in (first, last)])
    scores = []
    for case, first, last in made:
        trend = TREND.get(case.closure_outcome, 0)
        for domain in Domain.values:
            if domain == Domain.WORK and rng.random() < 0.6:
                continue  # not assessed for the younger ones
            start = rng.randint(1, 4)
            end = min(5, max(1, start + trend + rng.choice([-1, 0, 0, 1])))
            scores.append(DomainScore(assessment=first, domain=domain, score=start))
            scores.append(DomainScore(assessment=last, domain=domain, score=end))
    DomainScore.objects.bulk_create(scores)
    demo.counts["assessments of closed cases"] = 2 * len(made)
