"""Reads of collaboration requests: a case's list (its gatekeeper has let the reader in), one
request on the case's side, the form's choices, and the partner's inbox with one request as
she reads it. The partner sees of the youth her first name, and what the categories the
request shared allow (contact details, school data) — never an address or school a protected
address hides."""

from dataclasses import dataclass, field

from django.db.models import F
from django.http import Http404

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction, Purpose
from ungsam.collab.disclosure_selectors import disclosure_form_choices
from ungsam.collab.exceptions import EXCEPTIONS
from ungsam.collab.models import Category, CollaborationRequest
from ungsam.lib.pagination import page_of

REQUEST_FIELDS = ("collaboration_requests",)
INBOX_FIELDS = ("first_name", "asked", "categories", "status", "service")
CONTACT_FIELDS = ("last_name", "phone", "address")
SCHOOL_FIELDS = ("school", "grade")


def _with_people(queryset):
    return queryset.select_related(
        "partner", "sent_by", "received_by", "answered_by", "done_by", "consent"
    )


def _annotate(rows):
    names = dict(Category.choices)
    for row in rows:
        row.category_names = [str(names.get(code, code)) for code in row.categories]
        row.exception_shown = EXCEPTIONS.get(row.exception)
    return rows


def annotate_one(request: CollaborationRequest) -> CollaborationRequest:
    return _annotate([request])[0]


def requests_of_case(case) -> list[CollaborationRequest]:
    """The requests of a case the caller has opened (its "viewed" row names them), newest
    first: one query, however many."""
    found = _with_people(CollaborationRequest.objects.filter(case=case)).order_by("-sent_at", "-id")
    return _annotate(list(found))


def case_request(*, actor, case_id, request_id):
    """One request of the case, for those who may open the case (else 404), with its grant."""
    case, grant = policy.access_case(actor, case_id, also_shown=REQUEST_FIELDS)
    found = _with_people(CollaborationRequest.objects.filter(case=case))
    request = policy.get_or_404(actor, found, request_id)
    return case, grant, _annotate([request])[0]


def request_form_choices(*, actor, case_id):
    """The case (her contact persons and the leader, else 404), the consents in force on it
    and the municipality's active partner organisations."""
    case, consents, partners, _units = disclosure_form_choices(actor=actor, case_id=case_id)
    return case, consents, partners


def case_for_request(*, actor, case_id):
    """The case, for one who may record a request on it (else 404)."""
    case, _grant = policy.access_case(actor, case_id, write=True)
    return case


def inbox(*, actor, page_number=None):
    """A page of the requests sent to the partner's organisations, unopened first and then
    newest, with the youth's first name and the categories shared: one query for the page,
    and one "listed" row naming the youth shown, each on the ground it was sent on. 404 for
    one who holds no partner role."""
    if not policy.is_partner(actor):
        raise Http404
    found = (
        policy.requests_to_partner_visible_to(actor)
        .select_related("partner", "case__unit", "sent_by")
        .select_related("case__youth")
        .only(
            "direction",
            "status",
            "service",
            "asked",
            "categories",
            "consent_id",
            "exception",
            "sent_at",
            "partner__name",
            "case__unit__name",
            "case__youth__first_name",
            "sent_by__first_name",
            "sent_by__last_name",
            "sent_by__username",
        )
        .order_by(F("received_at").asc(nulls_first=True), "-sent_at", "-id")
    )
    page = page_of(found, page_number)
    rows = _annotate(list(page.object_list))
    page.object_list = rows
    if rows:
        audit.record(
            actor,
            audit.Entry(
                AuditAction.LIST,
                Purpose.COLLABORATION,
                subjects=tuple(
                    policy.partner_request_grant(actor, r, with_categories=False).subject(
                        r.case.youth_id
                    )
                    for r in rows
                ),
                fields=INBOX_FIELDS,
            ),
        )
    return page


@dataclass
class InboxRequest:
    request: CollaborationRequest
    grant: object
    first_name: str
    contact: dict = field(default_factory=dict)
    school: dict = field(default_factory=dict)
    hidden: bool = False  # a protected address hid the address and school
    lapsed: bool = False  # the consent no longer covers something the request shared


def inbox_request(*, actor, request_id) -> InboxRequest:
    """One request to her organisation, with what the categories it shared allow of the youth
    (each read only then), the read recorded under its grant; else 404."""
    request, grant = policy.access_partner_request(actor, request_id)
    request = _annotate([request])[0]
    youth = request.case.youth
    shown = ["first_name", *INBOX_FIELDS[1:]]
    page = InboxRequest(request, grant, youth.first_name)
    # What an outgoing request shared; one her service sent shows nothing of the unit's record.
    cats = grant.categories if request.direction == "outgoing" else frozenset()
    page.lapsed = request.direction == "outgoing" and not set(request.categories) <= cats
    if Category.CONTACT_DETAILS in cats:
        page.contact = {"last_name": youth.last_name, "phone": youth.phone}
        shown += ["last_name", "phone"]
        if youth.protected_address:
            page.hidden = True
        else:
            page.contact["address"] = youth.address
            shown.append("address")
    if Category.SCHOOL_DATA in cats:
        if youth.protected_address:
            page.hidden = True
            page.school = {"grade": youth.grade}
            shown.append("grade")
        else:
            page.school = {"school": youth.school, "grade": youth.grade}
            shown += ["school", "grade"]
    audit.record(
        actor,
        grant.entry(
            AuditAction.VIEW,
            Purpose.COLLABORATION,
            obj=request,
            youth_id=youth.pk,
            fields=shown,
        ),
    )
    return page


def seat_for_request(*, actor, case_id):
    """Her seat on the case's team for her organisation (else 404), for the form that sends a
    request to the unit; the "viewed" row names what it shows (the youth's first name, the
    unit)."""
    seat, grant = policy.partner_seat_for_request(actor, case_id)
    case = seat.team.case
    audit.record(
        actor,
        grant.entry(
            AuditAction.VIEW,
            Purpose.COLLABORATION,
            obj=case,
            youth_id=case.youth_id,
            fields=("first_name", "unit"),
        ),
    )
    return seat
