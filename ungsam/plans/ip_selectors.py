"""Reads of the individual plan: the workers' page, print view and PDF through the case's
gatekeeper (its "viewed" row names what the page shows; the PDF writes an "exported" row too),
and the partner's view through the shared page, which asks the consent ground for the `plan`
category first (rule 3). A fixed number of queries however many goals, measures, members and
consents the plan has."""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction, Purpose
from ungsam.cases.models import CaseStatus
from ungsam.collab.models import Consent, ConsentCategory, TeamMember
from ungsam.org.models import PartnerOrganization, Unit
from ungsam.plans.models import IndividualPlan, PlanContribution
from ungsam.plans.selectors import PLAN_FIELDS, _plan_with_everything

IP_FIELDS = ("individual_plan", "contributions", "care_team", *PLAN_FIELDS)


@dataclass
class IndividualPlanPage:
    case: object
    grant: object = None
    plan: IndividualPlan | None = None
    action_plan: object = None
    members: list[TeamMember] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)
    has_team: bool = False
    elsewhere: bool = False  # the youth has a plan in force on another case

    @property
    def may_write(self) -> bool:
        return (
            self.grant is not None and self.grant.may_write and self.case.status == CaseStatus.OPEN
        )

    @property
    def coordinator(self) -> TeamMember | None:
        return next((m for m in self.members if m.is_coordinator), None)

    @property
    def goals(self) -> list:
        return self.action_plan.goal_list if self.action_plan else []

    @property
    def measures(self) -> list:
        return self.action_plan.measure_list if self.action_plan else []

    @property
    def reviews(self) -> list:
        return self.action_plan.review_list if self.action_plan else []

    @property
    def next_review_on(self):
        return self.action_plan.next_review_on if self.action_plan else None

    @property
    def contributors(self) -> list[TeamMember]:
        return [m for m in self.members if m.contribution]


def _members(case) -> list[TeamMember]:
    return list(
        TeamMember.objects.current()
        .filter(team__case=case)
        .select_related("user", "partner", "unit")
        .order_by("-is_coordinator", "joined_at", "id")
    )


def _fill(
    page: IndividualPlanPage, *, consents: bool, elsewhere: bool = True, action_plan=None
) -> IndividualPlanPage:
    """The plan in force on the case, the team's current members each with `contribution`
    (their text, or ""), the action plan's goals, measures and reviews, and with `consents`
    the consents recorded on the case that are in force now."""
    case = page.case
    page.plan = (
        IndividualPlan.objects.filter(case=case, ended_on__isnull=True)
        .select_related("created_by")
        .first()
    )
    page.members = _members(case)
    page.has_team = bool(page.members)
    texts = {}
    if page.plan is not None:
        texts = dict(
            PlanContribution.objects.filter(plan=page.plan).values_list("member_id", "text")
        )
    for member in page.members:
        member.contribution = texts.get(member.pk, "")
    if page.plan is not None:
        page.action_plan = action_plan or _plan_with_everything(case)
    if page.plan is None and elsewhere:
        page.elsewhere = IndividualPlan.objects.filter(
            youth_id=case.youth_id, ended_on__isnull=True
        ).exists()
    if consents and page.plan is not None:
        page.consents = list(
            Consent.objects.valid_at(timezone.now())
            .filter(case=case)
            .prefetch_related(
                Prefetch("categories", queryset=ConsentCategory.objects.order_by("id")),
                Prefetch("partners", queryset=PartnerOrganization.objects.order_by("name")),
                Prefetch("units", queryset=Unit.objects.order_by("name")),
            )
            .order_by("valid_until", "id")
        )
    return page


def case_individual_plan(*, actor, case_id, printing: bool = False) -> IndividualPlanPage:
    """The case's individual plan page (or its print view): 404 unless the case's gatekeeper
    lets the actor in; the "viewed" row names the plan, its contributions, the team, the
    action plan and the consents (and "printed" for the print view)."""
    shown = ("first_name", "last_name", *IP_FIELDS, "consents", *(("print",) if printing else ()))
    case, grant = policy.access_case(actor, case_id, also_shown=shown)
    return _fill(IndividualPlanPage(case=case, grant=grant), consents=True)


def individual_plan_pdf(*, actor, case_id) -> IndividualPlanPage:
    """The plan as the PDF the youth is given: the "viewed" row, and an "exported" row naming
    the file's content; 404 as the page. The page's `plan` is None when the case has none."""
    case, grant = policy.access_case(actor, case_id, also_shown=("first_name", "last_name"))
    page = _fill(IndividualPlanPage(case=case, grant=grant), consents=True)
    if page.plan is not None:
        audit.record(
            actor,
            grant.entry(
                AuditAction.EXPORT,
                Purpose.CASEWORK,
                obj=page.plan,
                youth_id=case.youth_id,
                fields=(*IP_FIELDS, "consents", "pdf"),
            ),
        )
    return page


def individual_plan_for_change(*, actor, case_id) -> IndividualPlanPage:
    """The case and its plan (None when it has none) with the team's members, for her contact
    person or the leader to make or change it; else 404. The form shows the plan: a "viewed"
    row on it."""
    case, grant = policy.access_case(actor, case_id, write=True)
    page = _fill(IndividualPlanPage(case=case, grant=grant), consents=False)
    if page.plan is not None:
        audit.record(
            actor,
            grant.entry(
                AuditAction.VIEW,
                Purpose.CASEWORK,
                obj=page.plan,
                youth_id=case.youth_id,
                fields=("individual_plan", "contributions", "care_team"),
            ),
        )
    return page


def team_individual_plan(*, case, action_plan=None) -> IndividualPlanPage | None:
    """The plan in force on a case whose shared page a partner opens, with the team and the
    contributions (no consents: those are not the plan's category): the shared page's
    gatekeeper has asked rule 3 for the `plan` category already and recorded the read. None
    when the case has no plan in force. `action_plan`: the case's, when the page has read it."""
    page = _fill(
        IndividualPlanPage(case=case), consents=False, elsewhere=False, action_plan=action_plan
    )
    return page if page.plan is not None else None
