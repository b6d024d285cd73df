"""Assessments and action plans in the demo: each followed-up case has one to four assessments
over its time, most rising slowly, some falling (their charts show both), with the youth's own
words; and an action plan with one to three measurable goals, two to four measures from the
municipality's catalog (seed 000's list) and up to two reviews, its next review mostly ahead,
for some today or overdue (the dashboard's "plan review due"). One step of `manage.py
seed_demo` (ungsam/lib/demo.py), after the cases."""

from datetime import timedelta

from ungsam.access.models import Purpose
from ungsam.cases.models import FOLLOWED_STAGES
from ungsam.lib.demo import DemoContext
from ungsam.plans import services
from ungsam.plans.models import SUBJECTS, Domain, GoalStatus, MeasureStatus, MeasureType
from ungsam.plans.services import assessment_create

VIEWS = [
    "Det er bedre nå, jeg orker å gå på skolen de fleste dager.",
    "Matte er fortsatt vanskelig, men leksehjelpen hjelper.",
    "Hjemme er det mye krangling, da blir jeg heller ute.",
    "Jeg vil gjerne ha sommerjobb.",
]


# What she says about a domain, now and then (the assessment's own view sums it up).
DOMAIN_VIEWS = {
    Domain.ATTENDANCE: ["Det er morgenene som er vanskelige.", "Jeg kommer meg dit nå."],
    Domain.MOTIVATION: ["Vet ikke hva jeg skal bruke skolen til.", "Vil bli elektriker."],
    Domain.WELLBEING: ["Sover dårlig.", "Har det bedre enn i høst."],
    Domain.LEISURE: ["Spiller fotball igjen.", "Er mest hjemme og gamer."],
}


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
                view = rng.choice(DOMAIN_VIEWS.get(domain, [""])) if rng.random() < 0.3 else ""
                scores.append((domain, "", score, "", view))
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
    demo.counts["action plans"] = _action_plans(demo)


# (goal, indicator, baseline, target): what los and school agree on with the youth.
GOALS = [
    ("Fravær under 10 %", "Fravær i prosent siste måned", 25, 10),
    ("Bestått matematikk til jul", "Karakter i matematikk", 1, 2),
    ("Møte til første time", "Dager per uke på skolen til første time", 1, 4),
    ("Levere lekser i norsk og engelsk", "Innleverte lekser i prosent", 30, 80),
    ("En fast fritidsaktivitet", "Ganger på aktivitet siste måned", 0, 4),
    ("Rusfri hverdag", "Negative rusprøver siste måned", 1, 4),
    ("Søke sommerjobb", "Jobbsøknader sendt", 0, 5),
]

# (measure in the catalog, description, responsible; None: her los).
MEASURES = [
    ("Leksehjelp", "Leksehjelp i matematikk tirsdag og torsdag på biblioteket.", "Skolen"),
    ("Vekking og følge til skolen", "Losen ringer kl. 07.30 og følger til skolen.", None),
    (
        "Foreldreveiledningsgruppe (ICDP)",
        "Mor deltar i ICDP-gruppe, åtte samlinger.",
        "Familieteamet",
    ),
    ("Tilpasset undervisning", "Egen arbeidsplan i matematikk, redusert timeplan.", "Skolen"),
    ("Alternativ mestringsarena", "Én dag i uka på verksted, knyttet til læreplanen.", "Skolen"),
    ("Deltidsjobb eller sommerjobb", "Sommerjobb gjennom kvalifiseringstilbudet.", "NAV"),
    ("Mentor eller miljøarbeider", "Mentor to timer i uka.", "Miljøarbeidertjenesten"),
    ("Fritidsaktivitet", "Fotball; støtte til kontingent og utstyr.", "Fritidsklubben"),
    ("Frivillig rusprøvekontrakt", "Urinprøve hver uke i tre måneder.", "Helsestasjon for ungdom"),
    ("Bistand i kontakt med hjelpeapparatet", "Følge til første time hos BUP.", None),
]

PARTICIPANTS = [
    "Ungdommen, mor, kontaktlærer og los",
    "Ungdommen, far, sosiallærer og los",
    "Ungdommen, foresatte, rådgiver, NAV-veileder og los",
]
DECISIONS = [
    "Fortsetter med leksehjelp. Ny prøve i matematikk før jul.",
    "Vekking avsluttes når fraværet er under 15 %. Skolen sender fraværsoversikt hver 14. dag.",
    "Mor ønsker mer kontakt med skolen: kontaktlærer ringer annenhver fredag.",
    "Ungdommen vil prøve en ny fritidsaktivitet. Los undersøker tilbud i bydelen.",
]


def _action_plans(demo: DemoContext) -> int:
    rng, today = demo.rng, demo.today
    services.measure_catalog_seed(actor=demo.system, municipality=demo.municipality)
    catalog = {t.name: t.pk for t in MeasureType.objects.filter(municipality=demo.municipality)}
    made = 0
    for case in demo.cases:
        if case.stage not in FOLLOWED_STAGES:
            continue
        worker = demo.contact_persons[case.pk][0]
        act = {"actor": worker, "purpose": Purpose.DEMO_DATA, "case_id": case.pk}
        start = min(case.opened_on + timedelta(days=rng.randint(14, 30)), today)
        goals = []
        for what, indicator, baseline, target in rng.sample(GOALS, rng.randint(1, 3)):
            due = start + timedelta(days=rng.randint(90, 240))
            if due <= today and rng.random() < 0.7:
                due = today + timedelta(days=rng.randint(20, 150))  # most goals still ahead
            goal = services.goal_create(
                **act, what=what, indicator=indicator, baseline=baseline, target=target,
                due_on=due, set_on=start,
            )  # fmt: skip
            goals.append(goal)
        for name, description, responsible in rng.sample(MEASURES, rng.randint(2, 4)):
            starts = start + timedelta(days=rng.randint(0, 21))
            ends = (
                starts + timedelta(days=rng.choice([60, 90, 120])) if rng.random() < 0.6 else None
            )
            if starts > today:
                status = MeasureStatus.PLANNED
            elif ends and ends < today:
                status = MeasureStatus.STOPPED if rng.random() < 0.15 else MeasureStatus.DONE
            else:
                status = MeasureStatus.ONGOING
            services.measure_create(
                **act, type_id=catalog[name], description=description,
                responsible=responsible or worker.get_full_name(), starts_on=starts,
                ends_on=ends, status=status,
            )  # fmt: skip
        span = (today - start).days
        reviews = rng.choice([0, 1, 1, 2]) if span >= 40 else 0
        held = [start + timedelta(days=span * (i + 1) // (reviews + 1)) for i in range(reviews)]
        due_kind = rng.random()  # most ahead; some today, some overdue
        for i, day in enumerate(held):
            last = i == len(held) - 1
            if not last:
                following = held[i + 1]
            elif due_kind < 0.15 and (today - day).days > 2:
                following = today - timedelta(days=rng.randint(1, min(14, (today - day).days - 1)))
            elif due_kind < 0.3:
                following = today
            else:
                following = today + timedelta(days=rng.randint(7, 45))
            share = (i + 1) / (reviews + 1)
            progress = []
            for goal in goals:
                baseline, target = float(goal.baseline), float(goal.target)
                value = round(baseline + (target - baseline) * share * rng.choice([0.5, 1, 1.2]))
                reached = (value - target) * (target - baseline) >= 0
                status = GoalStatus.OPEN
                if last and reached:
                    status = GoalStatus.REACHED
                elif last and goal.due_on <= day:
                    status = GoalStatus.NOT_REACHED  # its date came before the meeting
                on_track = share > 0.3 and rng.random() < 0.75
                note = (
                    "Går bedre enn ventet."
                    if reached
                    else ("" if on_track else "Trenger mer støtte.")
                )
                progress.append((goal.pk, value, on_track, note, status))
            services.review_create(
                **act, held_on=day, participants=rng.choice(PARTICIPANTS), progress=progress,
                decisions=rng.choice(DECISIONS), next_review_on=following,
            )  # fmt: skip
        if not held:
            ahead = 0 if due_kind < 0.15 else rng.randint(7, 45)
            services.review_schedule(**act, next_review_on=today + timedelta(days=ahead))
        made += 1
    return made
