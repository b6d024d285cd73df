"""What partners see in the demo: on the case whose team has the school, child welfare and NAV
(ungsam/collab/team_demo.py), child welfare gets a consent in force to the assessments, journal
summaries and attachments, the los signs a summary for the team with its minutes attached, and a
measure of the plan is given to the school counselor (sara.skole sees it on her home). One step
of `manage.py seed_demo` (ungsam/lib/demo.py), after the teams and the journal."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ungsam.access.models import Purpose
from ungsam.cases import journal_services
from ungsam.cases.journal_demo import _pdf
from ungsam.cases.models import EntryKind
from ungsam.collab import services
from ungsam.collab.models import CareTeam, TeamMember
from ungsam.plans import services as plan_services
from ungsam.plans.models import ActionPlan, MeasureType, PlanMeasure

P = Purpose.DEMO_DATA
CHILD_WELFARE = "Barneverntjenesten i Fiktivik"
SCHOOL = "Fiktivik ungdomsskole"

SUMMARY = (
    "Oppsummering fra ansvarsgruppemøtet: oppmøtet er bedre etter at timeplanen ble lagt om, "
    "fra 70 til 85 prosent siden høstferien. Hun sier selv at morgenene er tyngst. Neste møte "
    "om seks uker; skolen følger opp fraværet ukentlig."
)


def seed(demo) -> None:
    team = (
        CareTeam.objects.filter(case__in=[c.pk for c in demo.cases], members__partner__name=SCHOOL)
        .select_related("case")
        .order_by("case_id")
        .first()
    )
    if team is None:
        return
    case = team.case
    los = demo.contact_persons[case.pk][0]
    now = timezone.now()
    services.consent_record(
        actor=los,
        purpose=P,
        case_id=case.pk,
        status="given",
        partner_ids=[demo.partners[CHILD_WELFARE].pk],
        unit_ids=[],
        categories=["assessments", "journal_summaries", "attachments"],
        sharing_purpose="Felles oppfølging med barneverntjenesten i ansvarsgruppen.",
        given_by_youth=True,
        given_as="oral",
        valid_from=now - timedelta(days=10),
        valid_until=None,
    )
    entry = journal_services.journal_entry_create(
        actor=los,
        purpose=P,
        case_id=case.pk,
        kind=EntryKind.SUMMARY,
        occurred_on=timezone.localdate() - timedelta(days=7),
        text=SUMMARY,
    )
    journal_services.journal_attachment_add(
        actor=los,
        purpose=P,
        entry_id=entry.pk,
        upload=SimpleUploadedFile("referat-ansvarsgruppe.pdf", _pdf(b"Referat - fiktivt")),
    )
    journal_services.journal_entry_sign(actor=los, purpose=P, entry_id=entry.pk)
    seat = TeamMember.objects.current().filter(team=team, partner__name=SCHOOL).first()
    kind = MeasureType.objects.filter(municipality=demo.municipality, active=True).first()
    if seat is not None and kind is not None and ActionPlan.objects.filter(case=case).exists():
        task = {
            "type_id": kind.pk,
            "responsible": "Skolen",
            "starts_on": timezone.localdate(),
            "ends_on": timezone.localdate() + timedelta(days=42),
            "description": "Ukentlig oppfølging av fraværet med rådgiveren.",
            "assignee_id": seat.pk,
        }
        # A plan holds at most four measures (the plans demo's range): when it is full, the
        # school is given its last measure instead of a fifth.
        measures = list(PlanMeasure.objects.filter(plan__case=case).order_by("id"))
        if len(measures) >= 4:
            plan_services.measure_update(
                actor=los, purpose=P, case_id=case.pk, measure_id=measures[-1].pk, **task
            )
        else:
            plan_services.measure_create(actor=los, purpose=P, case_id=case.pk, **task)
    demo.counts["shared summaries"] = 1
