"""One individual plan in the demo: on the case whose care team holds the los (coordinator), the
school (sara.skole), child welfare (bjorn.barnevern) and NAV (nina.nav), with the youth's own
words, resources and needs, measures with their scope given to the school, child welfare and
NAV, each service's contribution, the plan period, the next review and the consent to the plan.
The school and NAV see it on their shared page (the consent shares the plan with them). One step
of `manage.py seed_demo` (ungsam/lib/demo.py), after the shared data."""

from datetime import timedelta

from ungsam.access.models import Purpose
from ungsam.collab.models import CareTeam, TeamMember
from ungsam.plans import ip_services
from ungsam.plans import services as plan_services
from ungsam.plans.models import ActionPlan, MeasureType, PlanMeasure

SCHOOL = "Fiktivik ungdomsskole"
CHILD_WELFARE = "Barneverntjenesten i Fiktivik"
NAV = "NAV Fiktivik"
P = Purpose.DEMO_DATA

# (partner, measure from the catalog, description, scope, responsible, weeks): the plan's
# measures, given to the services (the action plan's demo made them; they are rewritten here, so
# the plan keeps its size).
MEASURES = [
    (
        CHILD_WELFARE,
        "Veiledning av foresatte",
        "Samtaler med mor om morgenrutiner og om å sette grenser uten krangel.",
        "Hver 14. dag, 1 time",
        "Barneverntjenesten",
        16,
    ),
    (
        NAV,
        "Deltidsjobb eller sommerjobb",
        "Sommerjobb i kommunens parkvesen, med fast kontaktperson der.",
        "3 uker i juli, 4 timer om dagen",
        "NAV ved veilederen",
        12,
    ),
    (
        SCHOOL,
        "Tilpasset undervisning",
        "Matte i liten gruppe, og avtalt plass å trekke seg tilbake til.",
        "4 timer i uka",
        "Skolen ved rådgiveren",
        20,
    ),
]
# A measure already given to a member keeps its content and gets its scope.
GIVEN_SCOPE = "Hver fredag, 15 minutter"

CONTRIBUTIONS = {
    SCHOOL: "Tilrettelegger timeplanen og følger opp fraværet hver fredag. Sier fra til losen "
    "samme dag hvis hun ikke kommer.",
    CHILD_WELFARE: "Veileder mor hjemme annenhver uke. Deltar på møtene i ansvarsgruppen.",
    NAV: "Skaffer sommerjobb og søker om fritidskort. Følger opp etter sommeren.",
}


def seed(demo) -> None:
    team = (
        CareTeam.objects.filter(
            case__in=[c.pk for c in demo.cases], members__partner__name=CHILD_WELFARE
        )
        .filter(members__partner__name=NAV, members__left_at__isnull=True)
        .select_related("case")
        .order_by("case_id")
        .first()
    )
    if team is None or not ActionPlan.objects.filter(case=team.case).exists():
        return
    case = team.case
    los = demo.contact_persons[case.pk][0]
    today = demo.today
    seats = {
        m.partner.name: m
        for m in TeamMember.objects.current().filter(team=team, partner__isnull=False)
    }
    kinds = {t.name: t for t in MeasureType.objects.filter(municipality=demo.municipality)}
    measures = list(PlanMeasure.objects.filter(plan__case=case).order_by("id"))
    free = [m for m in measures if m.assignee_id is None]
    for measure in measures:
        if measure.assignee_id is not None:
            plan_services.measure_update(
                actor=los, purpose=P, case_id=case.pk, measure_id=measure.pk, scope=GIVEN_SCOPE
            )
    rows = [row for row in MEASURES if row[0] in seats and row[1] in kinds]
    for measure, (partner, kind, description, scope, responsible, weeks) in zip(
        free, rows, strict=False
    ):
        plan_services.measure_update(
            actor=los,
            purpose=P,
            case_id=case.pk,
            measure_id=measure.pk,
            type_id=kinds[kind].pk,
            description=description,
            scope=scope,
            responsible=responsible,
            starts_on=today - timedelta(days=7),
            ends_on=today + timedelta(weeks=weeks),
            status="ongoing",
            assignee_id=seats[partner].pk,
        )
    contributions = {
        seats[partner].pk: text for partner, text in CONTRIBUTIONS.items() if partner in seats
    }
    coordinator = TeamMember.objects.current().filter(team=team, is_coordinator=True).first()
    if coordinator is not None:
        contributions[coordinator.pk] = (
            "Er koordinator: holder planen samlet, kaller inn til møtene og er den faste "
            "kontaktpersonen for ungdommen og familien. Vekker og følger til skolen to dager i uka."
        )
    ip_services.individual_plan_create(
        actor=los,
        purpose=P,
        case_id=case.pk,
        youth_words=(
            "Jeg vil klare meg på skolen og ha noe å gjøre i sommer. Det er morgenene som er "
            "verst. Jeg vil at de voksne snakker sammen, så jeg slipper å si det samme til alle."
        ),
        resources=(
            "Flink med hendene og liker å jobbe praktisk. Spiller fotball to ganger i uka. "
            "Mormor bor i nærheten og er en viktig voksen."
        ),
        needs=(
            "Hjelp til å komme seg opp om morgenen, støtte i matte, og en ryddig plan der alle "
            "vet hvem som gjør hva."
        ),
        youth_contribution="Står opp når vekkerklokka ringer, og sier fra til losen når noe er "
        "vanskelig. Møter på sommerjobben.",
        guardians_contribution="Mor følger opp morgenrutinen og kommer på møtene i ansvarsgruppen.",
        carried_out=(
            "Ansvarsgruppen møtes hver 6. uke på skolen, med ungdommen til stede. Losen er "
            "koordinator, kaller inn og skriver referat. Mellom møtene tar hver tjeneste kontakt "
            "med losen, ikke med hverandre gjennom ungdommen."
        ),
        valid_from=today - timedelta(days=7),
        valid_to=today + timedelta(days=358),
        consent_on=today - timedelta(days=10),
        consent_by="both",
        contributions=contributions,
        next_review_on=today + timedelta(weeks=6),
    )
    demo.counts["individual plans"] = 1
