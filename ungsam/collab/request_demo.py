"""Collaboration requests in the demo, made through the services as the people would: from the
unit to the school, child welfare and NAV, and from them to the unit, in every status. Two wait
unopened in nina.nav's inbox. One step of `manage.py seed_demo`, after the consents, disclosures
and teams (ungsam/collab/demo.py, disclosure_demo.py, team_demo.py): the school counselor sends
one to the unit from her seat on a team."""

from datetime import timedelta

from django.utils import timezone

from ungsam.access.models import Purpose
from ungsam.collab import request_services as services
from ungsam.collab import services as consent_services
from ungsam.collab.demo import CHILD_WELFARE, NAV, SCHOOL
from ungsam.collab.models import Consent, ConsentStatus, TeamMember
from ungsam.lib.demo import DemoContext

P = Purpose.DEMO_DATA


def _in_force(partner, now) -> list[Consent]:
    return list(
        Consent.objects.valid_at(now)
        .filter(status=ConsentStatus.GIVEN, partners=partner)
        .prefetch_related("categories")
        .order_by("id")
    )


def seed(demo: DemoContext) -> None:
    now = timezone.now()
    school, welfare, nav = (demo.partners[n] for n in (SCHOOL, CHILD_WELFARE, NAV))
    to_nav, to_school = _in_force(nav, now), _in_force(school, now)
    if not to_nav or not to_school:
        return
    sara, bjorn, nina = (demo.users[n] for n in ("sara.skole", "bjorn.barnevern", "nina.nav"))
    first, second, last = to_nav[0].case, to_nav[-1].case, to_school[-1].case
    made = []

    def send(consent, partner, asked, categories, days, note=""):
        case = consent.case
        made.append(
            services.request_send(
                actor=demo.contact_persons[case.pk][0],
                purpose=P,
                case_id=case.pk,
                partner_id=partner.pk,
                asked=asked,
                categories=categories,
                consent_id=consent.pk,
                note=note,
                at=now - timedelta(days=days),
            )
        )
        return made[-1]

    def came(case, partner, asked, days, note=""):
        made.append(
            services.request_record_incoming(
                actor=demo.contact_persons[case.pk][0],
                purpose=P,
                case_id=case.pk,
                partner_id=partner.pk,
                asked=asked,
                categories=["contact_details"],
                note=note,
                sent_at=now - timedelta(days=days),
            )
        )
        return made[-1]

    def answer(request, by, action, text=""):
        worker = by or demo.contact_persons[request.case_id][0]
        if request.status == "sent":
            services.request_receive(actor=worker, purpose=P, request_id=request.pk)
        if action in ("accept", "done"):
            services.request_accept(actor=worker, purpose=P, request_id=request.pk)
        if action == "decline":
            services.request_decline(actor=worker, purpose=P, request_id=request.pk, reason=text)
        if action == "done":
            services.request_done(actor=worker, purpose=P, request_id=request.pk, outcome=text)

    # Child welfare: the youth consents to sharing her assessments for a request for help.
    worker = demo.contact_persons[second.pk][0]
    to_welfare = consent_services.consent_record(
        actor=worker,
        purpose=P,
        case_id=second.pk,
        status="given",
        partner_ids=[welfare.pk],
        unit_ids=[],
        categories=["contact_details", "assessments"],
        sharing_purpose="Så barneverntjenesten kan vurdere hjelpetiltak for familien.",
        given_by_youth=True,
        given_as="oral",
        valid_from=now - timedelta(days=15),
        note="Snakket med ungdommen og mor sammen på kontoret.",
    )

    # Out to NAV: two unopened, waiting for nina.nav; one she has opened.
    send(
        to_nav[0],
        nav,
        "Kan NAV-veilederen ta en samtale med ungdommen om sommerjobb og arbeidstrening? Hun "
        "ønsker å tjene egne penger og trenger hjelp med CV.",
        ["contact_details"],
        2,
    )
    send(
        to_nav[-1],
        nav,
        "Ungdommen har sluttet på videregående og trenger et arbeidsrettet tiltak. Kan NAV ta "
        "kontakt for en første samtale, gjerne sammen med losen?",
        ["contact_details", "plan"],
        1,
    )
    answer(
        send(
            to_nav[0],
            nav,
            "Vi ønsker et felles møte med NAV, ungdommen og losen om veien videre etter sommeren.",
            ["plan"],
            6,
        ),
        nina,
        "receive",
    )
    # Out to the school: accepted, done, declined.
    answer(
        send(
            to_school[0],
            school,
            "Kan skolen sette opp leksehjelp to ettermiddager i uka fram til jul?",
            ["plan", "school_data"],
            10,
        ),
        sara,
        "accept",
    )
    answer(
        send(
            to_school[-1],
            school,
            "Kan kontaktlæreren gi losen beskjed samme dag når ungdommen ikke møter?",
            ["contact_details", "school_data"],
            30,
        ),
        sara,
        "done",
        "Kontaktlæreren sender SMS til losen ved fravær. Fungerer fint; oppmøtet er bedre.",
    )
    answer(
        send(
            to_school[0],
            school,
            "Kan skolen tilby plass i alternativ opplæringsarena fra neste uke?",
            ["plan"],
            8,
        ),
        sara,
        "decline",
        "Ingen ledige plasser før januar. Vi tar det opp igjen på ansvarsgruppemøtet.",
    )
    # Out to child welfare: accepted.
    answer(
        send(
            to_welfare,
            welfare,
            "Familien trenger avlastning i helgene. Kan barneverntjenesten vurdere hjelpetiltak?",
            ["assessments"],
            9,
        ),
        bjorn,
        "accept",
    )
    # In from the services: waiting for the unit, accepted, done, declined.
    came(
        first,
        welfare,
        "Barneverntjenesten ber losen delta på et samarbeidsmøte om familien neste uke.",
        1,
        "Ringte fra saksbehandler i barneverntjenesten.",
    )
    answer(
        came(
            second,
            school,
            "Skolen ber losen følge ungdommen til skolen de første dagene etter høstferien.",
            12,
        ),
        None,
        "accept",
    )
    answer(
        came(
            last,
            nav,
            "NAV ber losen hjelpe ungdommen med søknaden om kvalifiseringsprogram.",
            25,
            "Tatt opp på ansvarsgruppemøtet.",
        ),
        None,
        "done",
        "Søknaden ble fylt ut og sendt sammen med ungdommen.",
    )
    answer(
        came(last, school, "Skolen ber losen hente ungdommen hjemme hver morgen.", 20),
        None,
        "decline",
        "Losen kan ikke hver morgen. Vi avtalte to morgener i uka og tar resten i ansvarsgruppen.",
    )
    # Sent by the school counselor through Ungsam, from her seat on a team: awaiting the unit.
    seat = (
        TeamMember.objects.current()
        .filter(user=sara, partner=school, team__case__status="open")
        .order_by("id")
        .first()
    )
    if seat is not None:
        made.append(
            services.request_from_partner(
                actor=sara,
                purpose=P,
                case_id=seat.team.case_id,
                asked="Kan losen være med på elevsamtalen med kontaktlærer neste tirsdag?",
                categories=["school_data"],
            )
        )
    demo.counts["collaboration requests"] = len(made)
