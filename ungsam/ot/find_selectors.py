"""Reads of the requests to find a youth: the registration's requests with their answers (OT's
side), the asked team's list "Requests from OT" and one request (outreach's side), and the
answers OT has not yet seen. Every read goes through the policy and is recorded; each list's
queries are fixed in number, whatever its rows."""

from dataclasses import dataclass, field

from django.http import Http404

from ungsam.access import policy
from ungsam.access.models import Purpose
from ungsam.cases.models import CaseStatus
from ungsam.lib.pagination import page_of
from ungsam.ot.models import FindRequest


@dataclass
class RegistrationPage:
    """A registration, its case and the grant the user sees it on: what each of the
    registration's pages (its requests, its handovers, its meetings) starts from."""

    registration: object
    case: object
    grant: object

    @property
    def may_write(self) -> bool:
        return self.grant.may_write and self.case.status == CaseStatus.OPEN


def registration_page(*, actor, registration_id, also_shown: tuple[str, ...]) -> RegistrationPage:
    """A registration the user sees (else 404), with its case; records the case read and
    `also_shown`, what else the page shows."""
    registration = policy.get_or_404(
        actor,
        policy.registrations_visible_to(actor).select_related("home_municipality"),
        registration_id,
        purpose=Purpose.FOLLOW_UP_SERVICE,
    )
    case, grant = policy.access_case(actor, registration.case_id, also_shown=also_shown)
    return RegistrationPage(registration=registration, case=case, grant=grant)


@dataclass
class RegistrationFinds(RegistrationPage):
    requests: list = field(default_factory=list)
    units: list = field(default_factory=list)


def registration_finds(*, actor, registration_id) -> RegistrationFinds:
    """A registration the user sees (else 404), its requests to find her with their answers,
    and for its writers the teams that may be asked. Records the case read."""
    found = registration_page(
        actor=actor, registration_id=registration_id, also_shown=("find_requests",)
    )
    page = RegistrationFinds(**vars(found))
    page.requests = list(
        FindRequest.objects.filter(registration=page.registration).select_related(
            "outreach_unit", "sent_by", "answered_by"
        )
    )
    if page.may_write:
        page.units = list(
            policy.finding_units_for(page.case, page.registration.home_municipality_id)
        )
    return page


def finder_list(*, actor, page_number=None, purpose: str = Purpose.FOLLOW_UP_SERVICE):
    """One page of the requests to the teams where the user works, open ones first; one audit
    row names every youth of an open request on the page. Rows answered show no youth. 404
    for a user in no outreach or presence team."""
    if not policy.may_answer_find_requests(actor):
        raise Http404
    rows = policy.find_requests_to_units_of(actor).select_related(
        "registration__case__youth", "registration__case__unit", "outreach_unit"
    )
    page = page_of(rows.order_by("answered_at", "-sent_at", "-id"), page_number)
    for row in page.object_list:
        youth = row.registration.case.youth
        row.shows_address = policy.shows_address_to_finder(youth)
    policy.record_find_requests_shown(actor, page.object_list, purpose=purpose)
    return page


def finder_request(*, actor, request_id):
    """One request to a team where the user works (404 otherwise), read on its own ground."""
    found, grant = policy.access_find_request_for_finder(actor, request_id)
    found.shows_address = policy.shows_address_to_finder(found.registration.case.youth)
    return found, grant


def unseen_answers(*, actor) -> list[FindRequest]:
    """The answers OT has not marked seen, on the registrations whose case the user writes on;
    one audit row names every youth shown. 404 for a user in no OT unit."""
    if not policy.works_in_ot(actor):
        raise Http404
    rows = list(
        policy.unseen_find_answers_for(actor)
        .select_related(
            "registration__case__youth", "outreach_unit", "answered_by", "registration__case__unit"
        )
        .order_by("answered_at", "id")
    )
    policy.record_youth_shown(
        actor,
        [row.registration.case.youth for row in rows],
        purpose=Purpose.FOLLOW_UP_SERVICE,
        fields=("first_name", "last_name", "find_requests"),
    )
    return rows
