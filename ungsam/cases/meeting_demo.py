"""The team meetings and the move to upper-secondary school in the demo: each unit has cases
raised for this week's meeting and decisions from the last ones, and the 10th graders it follows
have transition plans in the making (some reviewed with the counselor, some with a school and a
contact, few complete this early in the school year). One step of `manage.py seed_demo`, after
the cases; decisions are made through the services and then dated back to their meeting (the
fiction's history)."""

from datetime import timedelta

from ungsam.access.models import Purpose
from ungsam.cases.alerts import in_tenth_grade
from ungsam.cases.models import FOLLOWED_STAGES, Discussion
from ungsam.cases.services import discussion_decide, discussion_raise, transition_save
from ungsam.lib.demo import DemoContext

QUESTIONS = [
    "Har ikke møtt på tre avtaler. Hjemmebesøk, eller be utekontakten se etter henne?",
    "Foreldrene ønsker et møte med skolen. Hvem fra oss bør være med?",
    "Fraværet har gått ned, men hun sier hun ikke trives i klassen. Alternativ opplæringsarena?",
    "Bekymret for nye venner og mulig rus. Skal vi foreslå ruskontrakt eller snakke med SLT?",
    "Vil slutte på skolen etter jul. Hvordan følger vi opp sammen med OT?",
]
DECISIONS = [
    "Lise tar hjemmebesøk neste uke sammen med en kollega fra utekontakten.",
    "Vi ber om møte med skolen og foresatte innen to uker; kontaktpersonen kaller inn.",
    "Kontaktpersonen undersøker alternativ opplæringsarena med rådgiveren før neste møte.",
    "Tas opp anonymt i SLT-møtet; kontaktpersonen snakker med ungdommen om ruskontrakt.",
    "Kontaktpersonen avtaler felles møte med OT før jul.",
]
NEW_SCHOOLS = ["Fiktivik videregående skole", "Nordby videregående skole"]
PROGRAMMES = ["Helse- og oppvekstfag", "Bygg- og anleggsteknikk", "Studiespesialisering"]
COUNSELORS = ["Rådgiver Sara Skolebakken", "Rådgiver Per Hansen"]


def seed(demo: DemoContext) -> None:
    rng, today = demo.rng, demo.today
    followed = []
    for case in demo.cases:
        case.refresh_from_db(fields=["stage", "status"])
        if case.stage in FOLLOWED_STAGES:
            followed.append(case)
    raised = decided = 0
    for case in followed:
        roll = rng.random()
        if roll > 0.3:
            continue
        worker = demo.contact_persons[case.pk][0]
        i = rng.randrange(len(QUESTIONS))
        item = discussion_raise(
            actor=worker, purpose=Purpose.DEMO_DATA, case_id=case.pk, question=QUESTIONS[i]
        )
        raised += 1
        if roll < 0.18:  # decided at one of the last meetings
            discussion_decide(
                actor=worker,
                purpose=Purpose.DEMO_DATA,
                discussion_id=item.pk,
                decision=DECISIONS[i],
            )
            weeks_ago = rng.randint(1, 6)
            day = today - timedelta(days=7 * weeks_ago)
            Discussion.objects.filter(pk=item.pk).update(
                raised_at=item.raised_at - timedelta(days=7 * weeks_ago + 3), decided_on=day
            )
            decided += 1
    planned = 0
    for case in followed:
        if not in_tenth_grade(case.youth.grade) or rng.random() < 0.3:
            continue
        worker = demo.contact_persons[case.pk][0]
        values = {
            "reviewed_on": today - timedelta(days=rng.randint(3, 40)),
            "counselor": rng.choice(COUNSELORS),
            "new_school": rng.choice(NEW_SCHOOLS),
            "programme": rng.choice(PROGRAMMES),
        }
        if rng.random() < 0.4:
            values["new_school_contact"] = "Kontaktlærer Vg1 (ikke kjent ennå)"
        if rng.random() < 0.25:
            values["summer_plan"] = "Sommerjobb i parkvesenet tre uker; losen ringer hver uke."
            values["first_day_plan"] = "Losen møter henne ved inngangen og går med til klassen."
            values["new_school_contact"] = "Miljøterapeut Kari Vik"
            values["new_school_contact_details"] = "kari.vik@vgs.fiktivik.example"
        transition_save(actor=worker, purpose=Purpose.DEMO_DATA, case_id=case.pk, **values)
        planned += 1
    demo.counts["team meeting items"] = raised
    demo.counts["transition plans"] = planned
