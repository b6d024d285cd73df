"""Every read of reports of concern and of child welfare's requests for information, through
the policy (ungsam/access/policy/concern.py), with the joins each page needs."""

import logging
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Case as Switch
from django.db.models import Value, When
from django.utils import timezone

from ungsam.access import audit, policy
from ungsam.access.audit import SystemActor
from ungsam.access.models import AuditAction, Basis, Purpose
from ungsam.access.policy import Grant
from ungsam.concerns import document
from ungsam.concerns.models import ConcernReport, InformationRequest, overdue_condition
from ungsam.lib import field_crypto
from ungsam.lib.pagination import page_of
from ungsam.org.models import PartnerOrganization, ServiceCode
from ungsam.people.models import Guardian, Youth

logger = logging.getLogger(__name__)

CASE_PAGE_FIELDS = ("concern_reports", "information_requests")
LIST_FIELDS = ("concern_reports", *Youth.LIST_FIELDS)
# What a download gives: the whole form, the national id in full among it.
DOCUMENT_FIELDS = (*ConcernReport.FIELDS, "national_id", "address", "guardians", "document")


def child_welfare_services(municipality_id: int) -> list[PartnerOrganization]:
    """The municipality's active child welfare services: where a report goes, and who asks."""
    return list(
        PartnerOrganization.objects.filter(
            municipality_id=municipality_id, kind=ServiceCode.CHILD_WELFARE, active=True
        ).order_by("name")
    )


def guardians_for_form(actor, youth: Youth) -> list[Guardian]:
    """The (at most two) guardians the form names, parental responsibility first; none where
    the youth's address is protected (rule 8: the guardians lead to it, and the form says to
    give them by phone)."""
    if youth.protected_address:
        return []
    return list(youth.guardians.order_by("-parental_responsibility", "id")[:2])


def national_id_of(youth: Youth) -> str:
    """The youth's national id in full for the form ("" when none, or when it does not decrypt
    under the key: the operators are told, child welfare gets the name and birth date)."""
    if not youth.national_id_token:
        return ""
    try:
        return field_crypto.decrypt(youth.national_id_token, purpose=Youth.NATIONAL_ID_PURPOSE)
    except field_crypto.FieldDecryptionError:
        logger.error("national id of youth %s does not decrypt under the field key", youth.pk)
        return ""


@dataclass
class CaseConcerns:
    case: object
    grant: Grant
    reports: list
    requests: list
    adult: bool


def case_concerns(*, actor, case_id, today: date | None = None) -> CaseConcerns:
    """The case's reports of concern the user may see and its requests from child welfare,
    for those who may write on the case (404 otherwise): two queries after the case's."""
    from ungsam.concerns.services import ADULT_AGE, age_on

    today = today or timezone.localdate()
    case, grant = policy.access_case(actor, case_id, also_shown=CASE_PAGE_FIELDS)
    reports = list(
        policy.concern_reports_visible_to(actor)
        .filter(case=case)
        .select_related("author", "recipient")
        .order_by("-created_at", "-id")
    )
    for report in reports:
        report.overdue = report.is_overdue(today)
    requests = list(
        InformationRequest.objects.filter(case=case)
        .select_related("partner")
        .order_by("-received_on", "-id")
    )
    return CaseConcerns(case, grant, reports, requests, age_on(case.youth, today) >= ADULT_AGE)


@dataclass
class ReportForm:
    case: object
    grant: Grant
    guardians: list
    recipients: list
    unit: object


def report_form_choices(*, actor, case_id=None, report=None) -> ReportForm:
    """What the form offers: the youth's guardians it names, the child welfare services, and
    the reporter's unit (whose address and organisation number the form sends)."""
    if report is None:
        case, grant = policy.concern_report_case(actor, case_id)
        membership = grant.membership
    else:
        case, grant = report.case, None
        membership = report.author_membership
    guardians = guardians_for_form(actor, case.youth)
    if guardians:
        audit.record(
            actor,
            (grant or policy.concern_report_grant(actor, report)).entry(
                AuditAction.VIEW,
                Purpose.CASEWORK,
                obj=case.youth,
                youth_id=case.youth_id,
                fields=("guardians",),
            ),
        )
    unit = membership.unit if membership and membership.unit_id else case.unit
    return ReportForm(
        case, grant, guardians, child_welfare_services(case.unit.municipality_id), unit
    )


def report_detail(*, actor, report_id, today: date | None = None) -> tuple[ConcernReport, Grant]:
    report, grant = policy.access_concern_report(actor, report_id)
    report.overdue = report.is_overdue(today or timezone.localdate())
    return report, grant


def report_document(*, actor, report_id) -> tuple[ConcernReport, dict]:
    """The national form of a report, as sent (or, for a draft, as it would go now): an
    audited export."""
    report, _grant = policy.access_concern_report(
        actor, report_id, fields=DOCUMENT_FIELDS, action=AuditAction.EXPORT
    )
    return report, _document(report)


def _document(report: ConcernReport) -> dict:
    if report.document is not None:
        return report.document
    return document.build(
        report,
        national_id=national_id_of(report.youth),
        guardians=list(report.youth.guardians.order_by("-parental_responsibility", "id")),
        sent_at=timezone.now(),
        channel=report.channel or "fiks",
    )


class UnknownReport(Exception):
    """No such report, or one not sent yet: the operator's command says which."""


def sent_document_for_operator(*, actor: SystemActor, report_id) -> dict:
    """The national form of a sent report, for an operator at the server's shell (the read is
    recorded under the system actor, on the municipality's chain)."""
    try:
        report = ConcernReport.objects.select_related("case__unit").get(pk=int(report_id))
    except (ObjectDoesNotExist, ValueError, TypeError, OverflowError):
        raise UnknownReport("unknown") from None
    if report.is_draft:
        raise UnknownReport("draft")
    audit.record(
        actor,
        Grant(Basis.SYSTEM).entry(
            AuditAction.EXPORT,
            Purpose.CASEWORK,
            obj=report,
            youth_id=report.youth_id,
            fields=DOCUMENT_FIELDS,
            municipality_id=report.case.unit.municipality_id,
        ),
    )
    return report.document


def report_list(*, actor, today: date | None = None, page_number=None):
    """A page of the reports the user may see (her own, those on her cases, all of the units
    she leads), overdue feedback first, then newest: a constant number of queries whatever
    the page holds. One audit row names the youth shown."""
    today = today or timezone.localdate()
    rows = policy.concern_reports_visible_to(actor).select_related(
        "youth", "author", "case__unit", "author_membership"
    )
    late = Switch(When(overdue_condition(today), then=Value(0)), default=Value(1))
    ordered = rows.annotate(late=late).order_by("late", "-created_at", "-id")
    page = page_of(ordered, page_number)
    reports = list(page.object_list)
    for report in reports:
        report.overdue = report.is_overdue(today)
        report.due_on = report.feedback_due_on()
    page.object_list = reports
    if reports:
        subjects = tuple(policy.concern_report_grant(actor, r).subject(r.youth_id) for r in reports)
        audit.record(
            actor,
            audit.Entry(AuditAction.LIST, Purpose.CASEWORK, subjects=subjects, fields=LIST_FIELDS),
        )
    return page


def overdue_reports(*, actor, today: date | None = None):
    """The reports the user sent whose feedback from child welfare is overdue, for a count
    (no personal data): her dashboard counts them in its one count statement."""
    if not getattr(actor, "is_authenticated", False):
        return ConcernReport.objects.none()
    return ConcernReport.objects.filter(author=actor).overdue(today or timezone.localdate())


def overdue_count(*, actor, today: date | None = None) -> int:
    """How many reports the user sent whose feedback is overdue: one query."""
    return overdue_reports(actor=actor, today=today).count()


def request_for_answer(*, actor, request_id) -> InformationRequest:
    request, grant = policy.access_information_request(actor, request_id)
    audit.record(
        actor,
        grant.entry(
            AuditAction.VIEW,
            Purpose.CASEWORK,
            obj=request,
            youth_id=request.case.youth_id,
            fields=InformationRequest.FIELDS,
        ),
    )
    return request


def report_for_edit(*, actor, report_id) -> tuple[ConcernReport, Grant]:
    """A draft of the user's own, to change (404 for anyone else's or a sent one); the form
    shows it: a "viewed" row."""
    report, grant = policy.access_concern_report(actor, report_id, edit_draft=True)
    audit.record(
        actor,
        grant.entry(
            AuditAction.VIEW,
            Purpose.CASEWORK,
            obj=report,
            youth_id=report.youth_id,
            fields=ConcernReport.FIELDS,
        ),
    )
    return report, grant


def own_draft(*, actor, report_id) -> ConcernReport:
    """The user's own draft (else 404), read for nothing but its id: the service it goes to
    records the change."""
    return policy.access_concern_report(actor, report_id, edit_draft=True)[0]


def request_form_choices(*, actor, case_id):
    """The case (for those who may write on it, else 404) and the child welfare services a
    request may come from."""
    case, _grant = policy.access_case(actor, case_id, write=True)
    return case, child_welfare_services(case.unit.municipality_id)
