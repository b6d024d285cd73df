"""Assessments in the demo: each followed-up case has one to four over its time, most rising
slowly, some falling (their charts show both), with the youth's own words. One step of
`manage.py seed_demo` (ungsam/lib/demo.py), after the cases."""

from datetime import timedelta

from ungsam.access.models import Purpose
from ungsam.cases.models import FOLLOWED_STAGES
from ungsam.lib.demo import DemoContext
from ungsam.plans.models import SUBJECTS, Domain
from ungsam.plans.services import assessment_create

VIEWS = [
    "Det er bedre nå, jeg orker å gå på skolen de fleste dager.",
    "Matte er fortsatt vanskelig, men leksehjelpen hjelper.",
    "Hjemme er det mye krangling, da blir jeg heller ute.",
    "Jeg vil gjerne ha sommerjobb.",
]


def seed(demo: DemoContext) -> None:
    rng, today = demo.rng, demo.today
    made = 0
    for case in demo.cases:
        case.refresh_from_db(fields=["stage", "opened_on"])
        if case.stage not in FOLLOWED_STAGES:
            continue
        worker = demo.contact_persons[case.pk][0]
        rounds = rng.randint(1, 4)
        span = max(1, (today - case.opened_on).days - 14)
        trend = rng.choice([1, 1, 1, 0, -1])  # most rise, some stand still, some fall
        start = {domain: rng.randint(1, 4) for domain in Domain.values}
        for i in range(rounds):
            day = case.opened_on + timedelta(days=14 + span * i // rounds)
            scores = []
            for domain in Domain.values:
                if domain == Domain.WORK and rng.random() < 0.6:
                    continue  # not assessed for the younger ones
                score = min(5, max(1, start[domain] + trend * i + rng.choice([-1, 0, 0, 1])))
                scores.append((domain, "", score, ""))
                if domain == Domain.ACADEMIC:
                    for code, _label in SUBJECTS:
                        subject = min(5, max(1, score + rng.choice([-1, 0, 1])))
                        note = "Stryk-fare" if code == "matematikk" and subject <= 2 else ""
                        scores.append((domain, code, subject, note))
            assessment_create(
                actor=worker,
                purpose=Purpose.DEMO_DATA,
                case_id=case.pk,
                assessed_on=min(day, today),
                scores=scores,
                youth_view=rng.choice(VIEWS),
                note="Gjennomgått med ungdommen.",
            )
            made += 1
    demo.counts["assessments"] = made
