"""Reads of the handovers between los and OT and of the collaboration meetings around a youth
on the OT register: the sending case's handovers (and whether they were acknowledged), the
receiving leader's list and one handover, and a registration's team, rule and next meeting.
Every read goes through the policy and is recorded."""

from dataclasses import dataclass, field

from django.db.models import F
from django.http import Http404
from django.utils import timezone

from ungsam.access import policy
from ungsam.cases.models import CaseStatus
from ungsam.collab.meeting_services import rule_of
from ungsam.collab.models import CareTeam, Meeting, TeamMember
from ungsam.lib.pagination import page_of
from ungsam.ot.find_selectors import RegistrationPage, registration_page
from ungsam.ot.handover_services import school_support_units_for
from ungsam.ot.models import UnitHandover


@dataclass
class CaseHandovers:
    case: object
    grant: object
    handovers: list = field(default_factory=list)
    ot_unit: object = None
    consent_id: int | None = None

    @property
    def may_write(self) -> bool:
        return self.grant.may_write and self.case.status == CaseStatus.OPEN


def _sent_from(case) -> list[UnitHandover]:
    return list(
        UnitHandover.objects.filter(from_case=case).select_related(
            "to_unit", "sent_by", "acknowledged_by"
        )
    )


def case_handovers(*, actor, case_id) -> CaseHandovers:
    """A los case the user sees (else 404), the handovers sent from it, the OT unit serving
    the youth's home municipality and the consent that lets a summary go there (None: none)."""
    from ungsam.ot.register_services import ot_unit_serving

    case, grant = policy.access_case(actor, case_id, also_shown=("handovers",))
    if case.unit.kind not in policy.SCHOOL_SUPPORT_KINDS:
        raise Http404
    page = CaseHandovers(case=case, grant=grant, handovers=_sent_from(case))
    page.ot_unit = ot_unit_serving(case.youth.municipality)
    if page.ot_unit is not None and page.may_write:
        page.consent_id = policy.handover_consent_id(case.youth_id, page.ot_unit)
    return page


@dataclass
class RegistrationHandovers(RegistrationPage):
    handovers: list = field(default_factory=list)
    units: list = field(default_factory=list)


def registration_handovers(*, actor, registration_id) -> RegistrationHandovers:
    """A registration the user sees (else 404), the handovers sent from its case, and for its
    writers the los units she may be handed back to."""
    found = registration_page(
        actor=actor, registration_id=registration_id, also_shown=("handovers",)
    )
    page = RegistrationHandovers(**vars(found), handovers=_sent_from(found.case))
    if page.may_write:
        page.units = school_support_units_for(page.case)
    return page


def handovers_received(*, actor, page_number=None):
    """One page of the handovers to units the user leads, those awaiting acknowledgement
    first; one audit row names every youth on the page. 404 for a user who leads no unit."""
    if not policy.may_receive_handovers(actor):
        raise Http404
    rows = (
        policy.handovers_to_units_led_by(actor)
        .select_related("from_case__youth", "from_case__unit", "to_unit", "acknowledged_by")
        .order_by(F("acknowledged_at").desc(nulls_first=True), "-sent_at", "-id")
    )
    page = page_of(rows, page_number)
    policy.record_handovers_shown(actor, page.object_list)
    return page


def handover_for_receiver(*, actor, handover_id):
    return policy.access_handover_for_receiver(actor, handover_id)


@dataclass
class RegistrationMeetings(RegistrationPage):
    team: CareTeam | None = None
    members: list = field(default_factory=list)
    rule: object = None
    next_meeting: Meeting | None = None


def registration_meetings(*, actor, registration_id) -> RegistrationMeetings:
    """A registration the user sees (else 404), its case's team with its members, its meeting
    rule and its next planned meeting. A fixed number of queries."""
    found = registration_page(
        actor=actor, registration_id=registration_id, also_shown=("care_team", "meetings")
    )
    page = RegistrationMeetings(**vars(found))
    page.team = CareTeam.objects.filter(case=page.case).select_related("case__unit").first()
    if page.team is not None:
        page.members = list(
            TeamMember.objects.current()
            .filter(team=page.team)
            .select_related("user", "partner", "unit")
        )
        page.rule = rule_of(page.team)
        page.next_meeting = (
            Meeting.objects.planned()
            .filter(team=page.team, starts_at__gte=timezone.now())
            .order_by("starts_at", "id")
            .first()
        )
    return page
