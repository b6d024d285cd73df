"""Reads of the audit log, scoped by the access policy and made readable (labels.py)."""

from dataclasses import dataclass
from datetime import datetime, time

from django.core.paginator import Page
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ungsam.access import audit, labels, policy
from ungsam.access.models import AuditAction, AuditEvent, AuditSubject, EmergencyAccess, Purpose
from ungsam.lib.pagination import page_of
from ungsam.org.models import Membership, User
from ungsam.people.models import Youth

_PLACE = ("unit", "partner", "municipality")


@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""
    action: str = ""
    youth_id: int | None = None
    date_from: object = None
    date_to: object = None


def _day_start(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _with_display_joins(events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
    subjects = AuditSubject.objects.select_related(*(f"membership__{p}" for p in _PLACE))
    return events.select_related(
        "actor", *(f"acting_membership__{p}" for p in _PLACE)
    ).prefetch_related(Prefetch("subjects", queryset=subjects))


def _youth_named(viewer, events, also: Youth | None) -> list[Youth]:
    """The youth on the page that the viewer may see (with their grants), and the youth the
    page is filtered by; the others stay numbers."""
    ids = {s.youth_id for e in events for s in e.subjects.all()}
    if also is not None:
        ids.add(also.pk)
    if not ids:
        return []
    return list(
        policy.youth_with_grants(viewer).filter(pk__in=ids).only("id", "first_name", "last_name")
    )


@dataclass
class AuditPage:
    page: Page
    groups: list[labels.RequestGroup]
    youth: Youth | None


def audit_page(*, actor, filters: AuditFilter, page_number=None) -> AuditPage:
    events = policy.audit_events_visible_to(actor)
    youth = None
    if filters.youth_id is not None:
        youth = policy.access_youth_for_subject_access(actor, filters.youth_id)
        about = AuditSubject.objects.filter(event=OuterRef("pk"), youth_id=youth.pk)
        events = events.filter(Exists(about))
    if filters.actor:
        events = events.filter(
            Q(actor_label__icontains=filters.actor)
            | Q(actor__first_name__icontains=filters.actor)
            | Q(actor__last_name__icontains=filters.actor)
        )
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.date_from:
        events = events.filter(created_at__gte=_day_start(filters.date_from))
    if filters.date_to:
        events = events.filter(
            created_at__lt=_day_start(filters.date_to) + timezone.timedelta(days=1)
        )
    page = page_of(_with_display_joins(events).order_by("-id"), page_number)
    # Read the page before recording this review, so the page shows the log as it was asked for.
    page.object_list = list(page.object_list)
    named = _youth_named(actor, page.object_list, youth)
    names = {y.pk: f"{y.first_name} {y.last_name}" for y in named}
    # The review names every youth it showed by name, and the youth it was filtered by, so the
    # review appears in each one's subject-access export.
    audit.record(
        actor,
        audit.Entry(
            AuditAction.VIEW,
            Purpose.AUDIT_REVIEW,
            fields=("audit_log",),
            subjects=policy.subjects_of(actor, named),
        ),
    )
    described = [labels.describe(e, names=names) for e in page.object_list]
    return AuditPage(page, labels.group_by_request(described), youth)


def subject_access_export(*, actor, youth_id) -> tuple[Youth, list[labels.Described]]:
    """A youth's subject access ("who has read my data"): the youth, through the policy's
    gatekeeper (404 for anyone who does not answer it), and every row that names the youth,
    oldest first, readable: who, for which organisation at the time, what, which fields, why.
    The export is recorded (with her disclosures, which the view adds)."""
    youth = policy.access_youth_for_subject_access(actor, youth_id)
    about = AuditSubject.objects.filter(event=OuterRef("pk"), youth_id=youth.pk)
    subjects = AuditSubject.objects.filter(youth_id=youth.pk).select_related(
        *(f"membership__{p}" for p in _PLACE)
    )
    events = list(
        AuditEvent.objects.filter(Exists(about))
        .select_related("actor", *(f"acting_membership__{p}" for p in _PLACE))
        .prefetch_related(Prefetch("subjects", queryset=subjects))
        .order_by("created_at", "id")
    )
    grant = policy.grant_for_subject_access(actor, youth)
    audit.record(
        actor,
        grant.entry(
            AuditAction.EXPORT,
            Purpose.SUBJECT_ACCESS,
            obj=youth,
            youth_id=youth.pk,
            fields=("audit_log", "disclosures"),
        ),
    )
    names = {youth.pk: f"{youth.first_name} {youth.last_name}"}
    return youth, [labels.describe(e, names=names) for e in events]


def access_changes_page(*, actor, page_number=None) -> tuple[Page, list[labels.Described]]:
    """Roles given, approved, rejected and ended, and accounts made, from the audit log."""
    events = policy.access_changes_visible_to(actor).select_related(
        "actor", *(f"acting_membership__{p}" for p in _PLACE)
    )
    page = page_of(events.prefetch_related("subjects").order_by("-id"), page_number)
    page.object_list = list(page.object_list)
    membership_ids = _ids(page.object_list, "org.membership")
    user_ids = _ids(page.object_list, "org.user")
    memberships = Membership.objects.select_related("user", *_PLACE).in_bulk(membership_ids)
    users = User.objects.in_bulk(user_ids)
    described = [
        labels.describe(e, names={}, memberships=memberships, users=users) for e in page.object_list
    ]
    return page, described


def _ids(events, object_type: str) -> list[int]:
    return [
        int(e.object_id) for e in events if e.object_type == object_type and e.object_id.isdigit()
    ]


# --- Break the glass (access rule 7) -------------------------------------------------------


class SearchOutcome:
    NONE = "none"
    SEVERAL = "several"
    SEEN = "seen"
    FOUND = "found"


def emergency_search(
    *, actor, first_name="", last_name="", birth_date=None, national_id_hash=""
) -> str:
    """Whether there is exactly one open case in her units for the youth she names exactly, and
    whether she needs emergency access to it (SearchOutcome). She learns that a case exists,
    nothing of it. The search is recorded, naming whom it found, so the youth's export and the
    leader's log show it."""
    if not policy.may_break_glass(actor):
        raise Http404
    cases = list(
        policy.emergency_cases_matching(
            actor,
            first_name=first_name,
            last_name=last_name,
            birth_date=birth_date,
            national_id_hash=national_id_hash,
        ).order_by("id")[:2]
    )
    by_number = bool(national_id_hash)
    audit.record(
        actor,
        audit.Entry(
            AuditAction.SEARCH,
            Purpose.CASEWORK,
            fields=("national_id",) if by_number else Youth.LIST_FIELDS,
            subjects=tuple(audit.Subject(c.youth_id) for c in cases),
            membership=policy.searching_membership(actor),
        ),
    )
    if not cases:
        return SearchOutcome.NONE
    if len(cases) > 1:
        return SearchOutcome.SEVERAL
    if policy.sees_case_already(actor, cases[0]):
        return SearchOutcome.SEEN
    return SearchOutcome.FOUND


@dataclass
class EmergencyRow:
    access: EmergencyAccess
    youth_name: str  # empty where the viewer may no longer see the youth


def _emergency_rows(actor, accesses, *, purpose=Purpose.CASEWORK) -> list[EmergencyRow]:
    """The rows with the names of the youth the viewer may see, the page recorded as one read
    naming them (one query for the names, whatever the number of rows)."""
    ids = {a.case.youth_id for a in accesses}
    named = list(
        policy.youth_with_grants(actor).filter(pk__in=ids).only("id", "first_name", "last_name")
        if ids
        else []
    )
    if named:
        policy.record_youth_shown(actor, named, purpose=purpose, fields=Youth.LIST_FIELDS)
    names = {y.pk: f"{y.first_name} {y.last_name}" for y in named}
    return [EmergencyRow(a, names.get(a.case.youth_id, "")) for a in accesses]


def my_emergency_accesses(*, actor) -> list[EmergencyRow]:
    """Her emergency accesses in force, to open the case or end the access early."""
    if not policy.may_break_glass(actor):
        raise Http404
    accesses = list(
        policy.emergency_accesses_of(actor)
        .filter(ended_at__isnull=True, expires_at__gt=timezone.now())
        .select_related("case", "unit")
        .order_by("expires_at", "id")
    )
    return _emergency_rows(actor, accesses)


def emergency_review_page(*, actor, page_number=None) -> tuple[Page, list[EmergencyRow]]:
    """The leader's list of emergency accesses in her units: awaiting review first, newest
    first, with who, which youth, why, when and for how long."""
    if not policy.may_review_emergency_access(actor):
        raise Http404
    accesses = (
        policy.emergency_accesses_visible_to(actor)
        .select_related("user", "case", "unit", "reviewed_by")
        .order_by(F("reviewed_at").desc(nulls_first=True), "-started_at", "-id")
    )
    page = page_of(accesses, page_number)
    page.object_list = list(page.object_list)
    return page, _emergency_rows(actor, page.object_list, purpose=Purpose.AUDIT_REVIEW)


def emergency_accesses_for_export(youth: Youth) -> list[EmergencyAccess]:
    """The emergency accesses to a youth's cases, for her subject-access export (the export's
    gatekeeper has let the reader in already)."""
    return list(
        EmergencyAccess.objects.filter(case__youth=youth)
        .select_related("user", "unit", "reviewed_by")
        .order_by("started_at", "id")
    )
