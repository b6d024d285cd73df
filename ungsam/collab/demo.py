"""Consents in the demo: on the first followed-up case every state a worker meets (valid,
expiring this week, expired, withdrawn, refused, oral), so one consent page shows them all;
on a few more cases one or two each, with the school, child welfare and NAV as recipients.
One step of `manage.py seed_demo` (ungsam/lib/demo.py), after the cases."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ungsam.access.models import Purpose
from ungsam.cases.journal_demo import _pdf
from ungsam.cases.models import FOLLOWED_STAGES
from ungsam.collab import services
from ungsam.lib.demo import DemoContext
from ungsam.people.models import Guardian

SCHOOL = "Fiktivik ungdomsskole"
CHILD_WELFARE = "Barneverntjenesten i Fiktivik"
NAV = "NAV Fiktivik"

# (recipients, categories, purpose, state, written or oral)
SETS = [
    (
        [SCHOOL],
        ["contact_details", "plan", "school_data"],
        "Så skolen og losen kan planlegge oppmøte og leksehjelp sammen.",
        "valid",
        "written",
    ),
    (
        [NAV],
        ["contact_details", "plan"],
        "Så NAV-veilederen kan hjelpe med sommerjobb.",
        "expiring",
        "oral",
    ),
    (
        [CHILD_WELFARE],
        ["assessments", "plan"],
        "Felles plan med barneverntjenesten i høst.",
        "expired",
        "written",
    ),
    (
        [CHILD_WELFARE, SCHOOL],
        ["journal_summaries"],
        "Oppsummering av samtaler til ansvarsgruppemøtet.",
        "withdrawn",
        "written",
    ),
    ([NAV], ["journal_summaries", "attachments"], "Søknad om tiltak hos NAV.", "refused", "oral"),
]


def seed(demo: DemoContext) -> None:
    now = timezone.now()
    followed = []
    for case in demo.cases:
        case.refresh_from_db(fields=["stage", "status"])
        if case.stage in FOLLOWED_STAGES:
            followed.append(case)
    made = 0
    for i, case in enumerate(followed[:6]):
        sets = SETS if i == 0 else [SETS[i % len(SETS)]]
        for recipients, categories, purpose, state, given_as in sets:
            _consent(demo, case, now, recipients, categories, purpose, state, given_as)
            made += 1
    demo.counts["consents"] = made


def _consent(demo, case, now, recipients, categories, purpose, state, given_as):
    worker = demo.contact_persons[case.pk][0]
    guardian = Guardian.objects.filter(youth_id=case.youth_id).order_by("id").first()
    period = {
        "valid": (now - timedelta(days=40), None),
        "expiring": (now - timedelta(days=361), now + timedelta(days=4)),
        "expired": (now - timedelta(days=400), now - timedelta(days=35)),
        "withdrawn": (now - timedelta(days=90), None),
        "refused": (now - timedelta(days=20), None),
    }[state]
    consent = services.consent_record(
        actor=worker,
        purpose=Purpose.DEMO_DATA,
        case_id=case.pk,
        status="refused" if state == "refused" else "given",
        partner_ids=[demo.partners[name].pk for name in recipients],
        unit_ids=[],
        categories=categories,
        sharing_purpose=purpose,
        given_by_youth=True,
        guardian_ids=[guardian.pk] if guardian and given_as == "written" else [],
        given_as=given_as,
        valid_from=period[0],
        valid_until=period[1],
        note="Gjennomgått med ungdommen på kontoret." if given_as == "written" else "",
        # The first valid written consent has its signed form (a made-up one-page PDF).
        scan=SimpleUploadedFile("samtykkeskjema.pdf", _pdf(b"Samtykkeskjema - fiktivt eksempel"))
        if state == "valid" and given_as == "written"
        else None,
    )
    if state == "withdrawn":
        services.consent_withdraw(
            actor=worker,
            purpose=Purpose.DEMO_DATA,
            case_id=case.pk,
            consent_id=consent.pk,
            withdrawn_by="guardian" if guardian else "youth",
            withdrawn_by_name=guardian.name if guardian else "",
            reason="Vil heller fortelle selv på møtet.",
        )
