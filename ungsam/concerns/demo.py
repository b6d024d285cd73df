"""Reports of concern and a request from child welfare in the demo, written through the
services as the youth's contact person: one report in each state — a draft, one sent a month
ago whose confirmation of receipt is overdue, one where child welfare opened an investigation,
and one closed with final feedback — all about youth under 18 without a protected address, and
one request for information from child welfare, answered. Fictitious Norwegian text. One step
of `manage.py seed_demo`, after the journal."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from ungsam.cases.models import CaseStatus
from ungsam.concerns import services
from ungsam.concerns.models import Channel, Ground
from ungsam.concerns.selectors import child_welfare_services
from ungsam.lib.demo import DemoContext

REPORTS = [
    # (days ago written, grounds, the concern, background, sent days ago, channel)
    (
        2,
        [Ground.NEGLECT],
        "Eleven kommer ofte på skolen uten matpakke og i de samme klærne flere dager på rad. "
        "Hun sier at hun ofte er alene hjemme om kveldene og må passe småsøsken.",
        "Los har fulgt henne siden høsten på grunn av høyt fravær. Mor har ikke møtt til to "
        "avtalte møter.",
        None,
        "",
    ),
    (
        32,
        [Ground.BEHAVIOUR],
        "Han er tatt av politiet to ganger siste måned for tyveri sammen med eldre ungdommer, "
        "og forteller selv at han røyker hasj flere ganger i uka.",
        "Fraværet har økt gjennom året. Utekontakten har møtt ham sent på kvelden i sentrum.",
        30,
        Channel.LETTER,
    ),
    (
        45,
        [Ground.ABUSE],
        "Hun fortalte los at far slår når han drikker, og viste et blåmerke på armen. Hun er "
        "redd for å dra hjem i helgene.",
        "Ingen tidligere bekymringsmelding fra Los. Skolen har merket at hun er urolig før helger.",
        44,
        Channel.PHONE,
    ),
    (
        120,
        [Ground.HEALTH, Ground.NEGLECT],
        "Han har hatt vondt i en tann i flere måneder og har ikke vært hos tannlege. Foresatte "
        "svarer ikke på skolens henvendelser om dette.",
        "Los har tilbudt å følge ham til tannlegen; foresatte har ikke samtykket.",
        118,
        Channel.FIKS,
    ),
]


def _at(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _candidates(demo: DemoContext):
    """Open cases of youth under 18 without a protected address, with their first contact
    person, one per youth, Lise's first."""
    lise = demo.users.get("lise.los")
    seen, found = set(), []
    for case in sorted(
        demo.cases, key=lambda c: (demo.contact_persons.get(c.pk, [None])[0] != lise, c.pk)
    ):
        contacts = demo.contact_persons.get(case.pk)
        youth = case.youth
        if not contacts or case.status != CaseStatus.OPEN or youth.pk in seen:
            continue
        if youth.protected_address or services.age_on(youth, demo.today) >= services.ADULT_AGE:
            continue
        seen.add(youth.pk)
        found.append((case, contacts[0]))
    return found


def seed(demo: DemoContext) -> None:
    today = timezone.localdate()
    recipients = child_welfare_services(demo.municipality.pk)
    if not recipients:
        return
    recipient = recipients[0]
    candidates = _candidates(demo)
    made = 0
    for (case, worker), (written, grounds, text, history, sent, channel) in zip(
        candidates, REPORTS, strict=False
    ):
        guardians = list(case.youth.guardians.order_by("-parental_responsibility", "id")[:2])
        is_violence = Ground.ABUSE in grounds
        report = services.concern_report_create(
            actor=worker,
            case_id=case.pk,
            written_at=_at(today - timedelta(days=written), 9),
            grounds=grounds,
            assessment=(
                "Jeg mener det er grunn til å tro at barnet ikke får den omsorgen det trenger, "
                "og at situasjonen har vart over tid. Jeg melder fordi det ikke har blitt bedre "
                "etter samtaler og tilbud fra oss."
            ),
            acute=False,
            recipient_id=recipient.pk,
            reporter_role="Los",
            reporter_phone=f"400 00 1{made:02d}",
            reporter_email=worker.email or f"{worker.username}@fiktivik.kommune.no",
            child_told=not is_violence,
            child_not_told_reason=(
                "Avtalt med barneverntjenesten at de snakker med henne først."
                if is_violence
                else ""
            ),
            guardians_told=[
                {
                    "told": not is_violence,
                    "reason": "Mistanke om vold: barneverntjenesten ringt først."
                    if is_violence
                    else "",
                }
                for _ in guardians
            ],
            report=text,
            history=history,
            other_views="Ungdommen ønsker hjelp, men er redd for hva som skjer hjemme.",
            interpreter="",
            other_services="Skolen (kontaktlærer og rådgiver).",
        )
        if sent is not None:
            sent_at = _at(today - timedelta(days=sent), 14)
            services.concern_report_send(
                actor=worker,
                report_id=report.pk,
                sent_at=sent_at,
                channel=channel,
                note="Journalnummer oppgitt av barneverntjenesten: 2026/1234"
                if channel == Channel.PHONE
                else "",
            )
            if sent == 44:  # investigation opened
                services.concern_report_feedback(
                    actor=worker,
                    report_id=report.pk,
                    receipt_confirmed_on=today - timedelta(days=30),
                    investigation_opened=True,
                    investigation_opened_on=today - timedelta(days=30),
                )
            elif sent == 118:  # closed after the investigation, with final feedback
                services.concern_report_feedback(
                    actor=worker,
                    report_id=report.pk,
                    receipt_confirmed_on=today - timedelta(days=105),
                    investigation_opened=True,
                    investigation_opened_on=today - timedelta(days=105),
                    investigation_ended_on=today - timedelta(days=25),
                    final_feedback_on=today - timedelta(days=10),
                )
        made += 1
    if candidates:
        case, worker = candidates[0]
        services.information_request_record(
            actor=worker,
            case_id=case.pk,
            partner_id=recipient.pk,
            received_on=today - timedelta(days=20),
            asked="Opplysninger om oppmøte hos Los og inntrykk av omsorgssituasjonen siste halvår.",
            legal_basis="barnevernsloven § 13-3",
            answered_on=today - timedelta(days=15),
            given="Oversikt over avtaler og oppmøte, og en kort skriftlig vurdering fra los.",
        )
    demo.counts["reports of concern"] = made
    demo.counts["requests from child welfare"] = 1 if candidates else 0
