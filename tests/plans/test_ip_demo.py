"""The demo's individual plan: one plan in force, on the team where the los coordinates the
school, child welfare and NAV, with goals, measures with scope given to several services, each
service's contribution, a period, a next review and the consent to the plan; NAV (whose consent
shares the plan) reads it on her shared page, and the los prints it and downloads the PDF."""

from tests.access.test_subject_access_pdf import pdf_text
from ungsam.collab.models import TeamMember
from ungsam.plans.models import IndividualPlan, PlanContribution, PlanMeasure


def test_the_demo_has_one_complete_individual_plan(db, demo_data, client, demo_login):
    plan = IndividualPlan.objects.get(ended_on__isnull=True)
    case = plan.case
    seated = {m.user.username for m in TeamMember.objects.current().filter(team__case=case)}
    assert {"nina.nav", "bjorn.barnevern", "sara.skole"} <= seated
    assert plan.youth_words and plan.resources and plan.needs and plan.carried_out
    assert plan.valid_from < plan.valid_to and plan.consent_by == "both"
    assert case.action_plan.goals.exists() and case.action_plan.next_review_on
    given = PlanMeasure.objects.filter(plan__case=case, assignee__isnull=False).exclude(scope="")
    assert {m.assignee.partner.name for m in given} >= {
        "NAV Fiktivik",
        "Barneverntjenesten i Fiktivik",
    }
    contributors = PlanContribution.objects.filter(plan=plan).select_related("member__partner")
    assert len({c.member.partner_id or 0 for c in contributors}) >= 4

    nav = demo_login("nina.nav")
    shared = nav.get(f"/samarbeid/sak/{case.pk}/").content.decode()
    assert "Individuell plan" in shared
    assert plan.youth_words[:40] in shared

    los = demo_login(case.contacts.get(primary=True).user.username)
    assert los.get(f"/saker/{case.pk}/individuell-plan/").status_code == 200
    words = pdf_text(los.get(f"/saker/{case.pk}/individuell-plan/individuell-plan.pdf").content)
    assert case.action_plan.goals.first().what in words.replace("\n", " ")
