"""Break the glass in the demo (DESIGN.md, access rule 7): two emergency accesses by Lise in Los
Nordby to cases she does not follow, each with a read of the case under it (the leader's log
shows "Nødtilgang"). Leo has reviewed the older one (justified); last night's waits for his
review. Both are over, so no demo persona sees more than her own cases. One step of `manage.py
seed_demo`, after the audit log's own step."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from ungsam.access import policy, services
from ungsam.access.models import EmergencyAccess, Purpose, Review
from ungsam.cases.models import CaseStatus
from ungsam.lib.demo import DemoContext

# (reason, how many days ago, Leo's note when he has reviewed it)
EMERGENCIES = [
    (
        "Politiet ringte kl. 22: han har ikke kommet hjem, kontaktpersonen er på ferie, og vi "
        "trengte mors telefonnummer og hvem han pleier å være sammen med.",
        3,
        "Riktig bruk: akutt fare, og kontaktpersonen var ikke å få tak i. Kontaktpersonen er "
        "orientert.",
    ),
    (
        "Hun kom alene til kontoret, svært urolig; kontaktpersonen er syk i dag, og jeg måtte se "
        "hvilke avtaler hun har og hvem vi skal ringe.",
        1,
        "",
    ),
]


def seed(demo: DemoContext) -> None:
    lise, leo = demo.users.get("lise.los"), demo.users.get("leo.leder")
    nordby = demo.units.get("Los Nordby")
    if lise is None or leo is None or nordby is None:
        return
    candidates = [
        case
        for case in sorted(demo.cases, key=lambda c: c.pk)
        if case.unit_id == nordby.pk
        and case.status == CaseStatus.OPEN
        and all(person.pk != lise.pk for person in demo.contact_persons.get(case.pk, []))
    ]
    made = 0
    for case, (reason, days_ago, note) in zip(candidates, EMERGENCIES, strict=False):
        youth = case.youth
        access = services.emergency_access_open(
            actor=lise,
            purpose=Purpose.CASEWORK,
            first_name=youth.first_name,
            last_name=youth.last_name,
            birth_date=youth.birth_date,
            reason=reason,
        )
        policy.access_case(lise, case.pk)
        services.emergency_access_end(actor=lise, purpose=Purpose.CASEWORK, access_id=access.pk)
        # The demo's fiction: it happened an evening some days ago and lasted 40 minutes.
        started = timezone.now().replace(hour=20, minute=50) - timedelta(days=days_ago)
        EmergencyAccess.objects.filter(pk=access.pk).update(
            started_at=started,
            expires_at=started + timedelta(hours=settings.BREAK_GLASS_HOURS),
            ended_at=started + timedelta(minutes=40),
        )
        if note:
            services.emergency_access_review(
                actor=leo,
                purpose=Purpose.AUDIT_REVIEW,
                access_id=access.pk,
                review=Review.JUSTIFIED,
                note=note,
            )
        made += 1
    demo.counts["emergency accesses"] = made
