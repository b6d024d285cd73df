"""Handover between OT, outreach and los (issue 18, point 5): who reads a request to find a
youth, and who reads a handover before acknowledging it.

Find requests. OT asks an outreach team (or a presence team) to find a youth it cannot reach
(seed 002). The asking side is the registration's case (rule 1: its contact persons and the
OT unit's leader write). The asked team's leader and its field and case workers read an open
request to their unit on its own ground (`Basis.FIND_REQUEST`): what they need to find her —
her name, age, phone, her address unless it is protected (rule 8: the team holds no case of
hers), and what OT asked. Once answered, the request no longer shows her to them.

Handovers. A youth handed from one unit to another (a los case to OT, or back): the sending
side is the case's (rule 1). The receiving unit's leader reads the handover — the summary the
youth consented to share — on its own ground (`Basis.HANDOVER`) before acknowledging it.

The consent for the summary: a consent of the youth in force now, by the database's clock,
that names the receiving unit (or, for OT, a partner organisation of the service code
"oppfolgingstjenesten") among its recipients, in any category, not superseded by a later
refusal of the same recipient."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Now

from ungsam.access import audit
from ungsam.access.models import AuditAction, Basis, Purpose
from ungsam.access.policy.gate import get_or_404
from ungsam.access.policy.grants import Grant
from ungsam.access.policy.identity import WORKER_ROLES, membership_in_unit, memberships, unit_ids
from ungsam.cases.models import CaseContact
from ungsam.collab.models import ConsentCategory, refused_later, valid_condition
from ungsam.org.models import Role, ServiceCode, Unit, UnitKind
from ungsam.ot.models import FindRequest, UnitHandover
from ungsam.people.models import Youth

# The kinds of unit OT may ask to find a youth.
FINDING_KINDS = (UnitKind.OUTREACH, UnitKind.PRESENCE_TEAM)
# The kinds of unit a youth returning to school is handed back to.
SCHOOL_SUPPORT_KINDS = (UnitKind.LOS, UnitKind.PRESENCE_TEAM)
# What an outreach team reads of the youth in an open request (rule 8 drops the address).
FIND_FIELDS = (*Youth.LIST_FIELDS, "phone", "address", "asked")
HANDOVER_FIELDS = (*Youth.LIST_FIELDS, "summary")


# --- Find requests ------------------------------------------------------------------------------


def finding_unit_ids(user) -> set[int]:
    """The active outreach and presence teams where the user works or leads (her cached roles:
    no query)."""
    return {
        m.unit_id
        for m in memberships(user)
        if m.unit_id and m.role in WORKER_ROLES and m.unit.active and m.unit.kind in FINDING_KINDS
    }


def may_answer_find_requests(user) -> bool:
    """Whether the menu offers "Requests from OT": no query."""
    return bool(finding_unit_ids(user))


def find_requests_to_units_of(user) -> QuerySet[FindRequest]:
    """The requests sent to a team where the user works, open or answered."""
    units = finding_unit_ids(user)
    if not units:
        return FindRequest.objects.none()
    return FindRequest.objects.filter(outreach_unit_id__in=units)


def find_request_grant(user, found: FindRequest) -> Grant:
    """The ground on which the asked team reads an open request: the role in the team."""
    membership = membership_in_unit(user, found.outreach_unit_id, *WORKER_ROLES)
    return Grant(Basis.FIND_REQUEST, membership)


def shows_address_to_finder(youth) -> bool:
    """Rule 8: the asked team holds no case of the youth, so a protected address is never
    shown to it."""
    return not youth.protected_address


def find_fields_shown(youth) -> tuple[str, ...]:
    return tuple(
        name for name in FIND_FIELDS if name != "address" or shows_address_to_finder(youth)
    )


def access_find_request_for_finder(
    user, request_id, *, lock: bool = False, purpose: str = Purpose.FOLLOW_UP_SERVICE
) -> tuple[FindRequest, Grant]:
    """A request to a team where the user works, with its youth, and the grant she reads it
    on; else 404. Records the read while it is open (an answered one names nobody)."""
    found = find_requests_to_units_of(user).select_related(
        "registration__case__youth", "registration__case__unit", "outreach_unit"
    )
    if lock:
        found = found.select_for_update(of=("self",))
    request = get_or_404(user, found, request_id, purpose=purpose)
    grant = find_request_grant(user, request)
    if request.answered_at is None and not lock:
        youth = request.registration.case.youth
        audit.record(
            user,
            grant.entry(
                AuditAction.VIEW,
                purpose,
                obj=request,
                youth_id=youth.pk,
                fields=find_fields_shown(youth),
            ),
        )
    return request, grant


def record_find_requests_shown(user, rows, *, purpose: str = Purpose.FOLLOW_UP_SERVICE) -> None:
    """One audit row for the team's list: every youth of an open request shown on it."""
    subjects = []
    for row in rows:
        if row.answered_at is None:
            subjects.append(find_request_grant(user, row).subject(row.registration.case.youth_id))
    if subjects:
        audit.record(
            user,
            audit.Entry(
                AuditAction.LIST,
                purpose,
                subjects=tuple(subjects),
                fields=FIND_FIELDS,
            ),
        )


def unseen_find_answers_for(user) -> QuerySet[FindRequest]:
    """Answers to requests OT sent that are not yet marked seen, on registrations whose case
    the user writes on: the OT unit's leader, or a contact person working in the unit."""
    led = unit_ids(user, Role.LEADER)
    worker_units = unit_ids(user, *WORKER_ROLES)
    if not worker_units:
        return FindRequest.objects.none()
    is_contact = Exists(
        CaseContact.objects.filter(case_id=OuterRef("registration__case_id"), user=user)
    )
    return FindRequest.objects.filter(
        Q(registration__case__unit_id__in=led)
        | (Q(registration__case__unit_id__in=worker_units) & Q(is_contact)),
        answered_at__isnull=False,
        seen_at__isnull=True,
    )


def finding_units_for(case, home_municipality_id) -> QuerySet[Unit]:
    """The teams OT may ask to find the youth of the registration's case: the active outreach
    and presence teams of the OT unit's municipality or of the youth's home municipality."""
    return Unit.objects.filter(
        active=True,
        kind__in=FINDING_KINDS,
        municipality_id__in={case.unit.municipality_id, home_municipality_id},
    ).order_by("name")


# --- Handovers ----------------------------------------------------------------------------------


def handovers_to_units_led_by(user) -> QuerySet[UnitHandover]:
    """The handovers to units the user leads (her cached roles: no query when she leads none)."""
    led = unit_ids(user, Role.LEADER)
    if not led:
        return UnitHandover.objects.none()
    return UnitHandover.objects.filter(to_unit_id__in=led)


def may_receive_handovers(user) -> bool:
    return bool(unit_ids(user, Role.LEADER))


def handover_grant(user, handover: UnitHandover) -> Grant:
    return Grant(Basis.HANDOVER, membership_in_unit(user, handover.to_unit_id, Role.LEADER))


def access_handover_for_receiver(
    user, handover_id, *, lock: bool = False, purpose: str = Purpose.FOLLOW_UP_SERVICE
) -> tuple[UnitHandover, Grant]:
    """A handover to a unit the user leads, with the youth and the sending case, and the grant
    she reads it on; else 404. Records the read (the summary and who she is)."""
    found = handovers_to_units_led_by(user).select_related(
        "from_case__youth", "from_case__unit", "to_unit", "to_case", "sent_by", "acknowledged_by"
    )
    if lock:
        found = found.select_for_update(of=("self",))
    handover = get_or_404(user, found, handover_id, purpose=purpose)
    grant = handover_grant(user, handover)
    if not lock:
        audit.record(
            user,
            grant.entry(
                AuditAction.VIEW,
                purpose,
                obj=handover,
                youth_id=handover.from_case.youth_id,
                fields=HANDOVER_FIELDS,
            ),
        )
    return handover, grant


def record_handovers_shown(user, rows, *, purpose: str = Purpose.FOLLOW_UP_SERVICE) -> None:
    """One audit row for the leader's list of handovers to her units."""
    subjects = tuple(handover_grant(user, row).subject(row.from_case.youth_id) for row in rows)
    if subjects:
        audit.record(
            user,
            audit.Entry(
                AuditAction.LIST,
                purpose,
                subjects=subjects,
                fields=Youth.LIST_FIELDS,
            ),
        )


def handover_consent_id(youth_id: int, unit: Unit) -> int | None:
    """The consent of the youth in force now that names the receiving unit (for OT, or a
    partner organisation of the service code "oppfolgingstjenesten") as a recipient, not
    superseded by a later refusal of that recipient; None when there is none."""
    recipients = [Q(consent__units=unit.pk)]
    if unit.kind == UnitKind.OT:
        recipients.append(Q(consent__partners__kind=ServiceCode.FOLLOW_UP_SERVICE))
    for recipient in recipients:
        found = (
            ConsentCategory.objects.filter(
                valid_condition(Now(), "consent__"), recipient, consent__youth_id=youth_id
            )
            .filter(~Exists(refused_later(recipient)))
            .order_by("-consent__valid_until", "consent_id")
            .values_list("consent_id", flat=True)
            .first()
        )
        if found is not None:
            return found
    return None
