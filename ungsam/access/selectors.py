"""Reads of the audit log, scoped by the access policy."""

from dataclasses import dataclass
from datetime import datetime, time

from django.core.paginator import Page
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction, AuditEvent, Purpose
from ungsam.org.models import Membership, User
from ungsam.people.models import Youth
from ungsam.web.pagination import page_of


@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""
    action: str = ""
    youth_id: int | None = None
    date_from: object = None
    date_to: object = None


def _day_start(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _with_actor_memberships(events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
    memberships = Membership.objects.select_related("unit", "partner", "municipality")
    actors = User.objects.prefetch_related(Prefetch("memberships", queryset=memberships))
    return events.prefetch_related(Prefetch("actor", queryset=actors))


def audit_page(*, actor, filters: AuditFilter, page_number=None) -> Page:
    events = policy.audit_events_visible_to(actor)
    if filters.actor:
        events = events.filter(actor_label__icontains=filters.actor)
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.youth_id is not None:
        events = events.filter(youth_id=filters.youth_id)
    if filters.date_from:
        events = events.filter(created_at__gte=_day_start(filters.date_from))
    if filters.date_to:
        events = events.filter(
            created_at__lt=_day_start(filters.date_to) + timezone.timedelta(days=1)
        )
    page = page_of(events.select_related("actor").order_by("-id"), page_number)
    # Read the page before recording this review, so the page shows the log as it was asked for.
    page.object_list = list(page.object_list)
    audit.record(actor, audit.Entry(AuditAction.VIEW, Purpose.AUDIT_REVIEW, fields=("audit_log",)))
    return page


def subject_access_events(*, actor, youth: Youth) -> list[AuditEvent]:
    """Every row about the youth, oldest first, with who read and from which organization.
    The caller has passed the policy (selectors in people); this export is itself recorded."""
    events = list(
        _with_actor_memberships(AuditEvent.objects.filter(youth_id=youth.pk)).order_by("id")
    )
    audit.record(
        actor,
        audit.Entry(
            AuditAction.EXPORT,
            Purpose.SUBJECT_ACCESS,
            obj=youth,
            youth_id=youth.pk,
            fields=("audit_log",),
        ),
    )
    return events
