"""Reports of concern to child welfare (DESIGN.md access rule 6) and child welfare's requests
for information.

Writing a report is never gated by consent (barnevernsloven § 13-2: a personal duty that
overrides confidentiality): whoever may write on the youth's case — her contact persons and
the leader of the case's unit — may write one (`concern_report_case`). Who sees a report
afterwards is narrower than who sees the case: its author (while she holds a role in the
municipality), the contact persons of the case and the leader of its unit. Not an emergency
access (read-only, to the case's own pages), partners, analysts or admins. A draft is its
author's alone to change; the follow-up (sent, feedback from child welfare) is recorded by any
of them. Requests for information from child welfare belong to the case: read and written
under the case's grant."""

from django.db.models import Case as Switch
from django.db.models import Exists, OuterRef, Q, QuerySet, Value, When

from ungsam.access import audit
from ungsam.access.models import AuditAction, Basis, Purpose
from ungsam.access.policy.cases import access_case, cases_visible_to
from ungsam.access.policy.gate import deny, get_or_404
from ungsam.access.policy.grants import Grant, grant_for
from ungsam.access.policy.identity import WORKER_ROLES, memberships, unit_ids
from ungsam.cases.models import CaseContact
from ungsam.concerns.models import ConcernReport, InformationRequest
from ungsam.org.models import Role

# The author's own ground when she is no longer contact person nor leader of the case.
AUTHOR = "author"


def _conditions(user) -> list[tuple[str, Q]]:
    """(ground, condition on ConcernReport), most specific first."""
    conditions = []
    worker_units = unit_ids(user, *WORKER_ROLES)
    if worker_units:
        is_contact = Exists(CaseContact.objects.filter(case=OuterRef("case_id"), user=user))
        conditions.append((Basis.CONTACT_PERSON, Q(case__unit_id__in=worker_units) & Q(is_contact)))
    led = unit_ids(user, Role.LEADER)
    if led:
        conditions.append((Basis.UNIT_LEADER, Q(case__unit_id__in=led)))
    municipalities = {m.municipality_id for m in memberships(user) if m.role in WORKER_ROLES}
    if municipalities:
        conditions.append((AUTHOR, Q(author=user, case__unit__municipality_id__in=municipalities)))
    return conditions


def concern_reports_visible_to(user) -> QuerySet[ConcernReport]:
    """Every report the user may see, each annotated with `seen_as`, the ground it is seen on."""
    if not getattr(user, "is_authenticated", False):
        return ConcernReport.objects.none()
    conditions = _conditions(user)
    if not conditions:
        return ConcernReport.objects.none()
    condition = conditions[0][1]
    for _, q in conditions[1:]:
        condition |= q
    seen_as = Switch(*(When(q, then=Value(g)) for g, q in conditions), default=Value(""))
    return ConcernReport.objects.filter(condition).annotate(seen_as=seen_as)


def concern_report_grant(user, report: ConcernReport) -> Grant:
    """The grant a report from `concern_reports_visible_to` is seen under (no query): the
    case's, or the author's own (the role she wrote it in, if she still holds it)."""
    if report.seen_as in (Basis.CONTACT_PERSON, Basis.UNIT_LEADER):
        return grant_for(user, report.seen_as, report.case.unit_id)
    held = {m.pk: m for m in memberships(user)}
    membership = held.get(report.author_membership_id) or next(
        (m for m in memberships(user) if m.municipality_id == report.case.unit.municipality_id),
        None,
    )
    return Grant("", membership)


def access_concern_report(
    user,
    report_id,
    *,
    purpose: str = Purpose.CASEWORK,
    write: bool = False,
    edit_draft: bool = False,
    fields=ConcernReport.FIELDS,
    action: str = AuditAction.VIEW,
) -> tuple[ConcernReport, Grant]:
    """The report and the grant it is seen under, or 404. Reading writes the audit row naming
    `fields` (`action` EXPORT for a download); `edit_draft` asks for a draft of the user's own
    (the only one who changes what a report says), `write` for recording its follow-up."""
    found = concern_reports_visible_to(user).select_related(
        "case__unit__municipality",
        "case__unit__district",
        "youth",
        "author",
        "author_membership__unit",
        "recipient",
    )
    report = get_or_404(user, found, report_id, purpose=purpose)
    grant = concern_report_grant(user, report)
    if edit_draft and (report.author_id != user.pk or not report.is_draft):
        deny(user, ConcernReport, report_id, purpose=purpose)
    if not (write or edit_draft):
        audit.record(
            user,
            grant.entry(action, purpose, obj=report, youth_id=report.youth_id, fields=fields),
        )
    return report, grant


def concern_report_case(user, case_id, *, purpose: str = Purpose.CASEWORK):
    """The case a report is written on, with the grant the user writes it under, or 404:
    whoever may write on the case (rule 6: no consent is asked)."""
    return access_case(user, case_id, write=True)


def access_information_request(user, request_id, *, purpose: str = Purpose.CASEWORK):
    """A request for information from child welfare on a case the user may write on, with the
    case's grant, or 404 (the service records its change)."""
    found = InformationRequest.objects.filter(case__in=cases_visible_to(user))
    request = get_or_404(user, found.select_related("partner"), request_id, purpose=purpose)
    # A read-only grant (an emergency access) answers 404 here too.
    case, grant = access_case(user, request.case_id, write=True)
    request.case = case
    return request, grant
