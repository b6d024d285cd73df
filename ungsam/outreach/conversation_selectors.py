"""Reads of the unit's follow-up conversations (oppfølgingssamtaler) and code names.

Every read goes through `policy.conversations_visible_to` / `policy.code_names_visible_to`: a
conversation with a registered youth shows only to those who see its case (rule 1), so a
field worker sees no named youth outside her cases, and the totals count only what she sees.
A page that names youth writes one audit row naming each of them with the grant they were
seen under. Each page's queries are fixed in number, whatever the rows."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Max, Prefetch, Q

from ungsam.access import policy
from ungsam.access.models import Purpose
from ungsam.cases.models import CaseStatus
from ungsam.lib.pagination import page_of
from ungsam.outreach.models import (
    CodeName,
    ConversationChannel,
    ConversationTopic,
    Topic,
)

CONVERSATION_FIELDS = ("conversations",)

NAMED, CODE_NAME, ANONYMOUS = "named", "code_name", "anonymous"


def default_period(today: date) -> tuple[date, date]:
    """The last twelve months up to today."""
    return today - timedelta(days=364), today


def _kind_filter(kind: str) -> Q:
    if kind == NAMED:
        return Q(case__isnull=False)
    if kind == CODE_NAME:
        return Q(case__isnull=True, code_name__isnull=False)
    if kind == ANONYMOUS:
        return Q(anonymous=True)
    return Q()


@dataclass
class Totals:
    conversations: int = 0
    unique_youth: int = 0
    anonymous: int = 0
    code_name: int = 0
    by_channel: list = field(default_factory=list)  # (label, count)
    by_topic: list = field(default_factory=list)


@dataclass
class ConversationPage:
    page: object
    totals: Totals


def _visible(actor, unit, filters: dict):
    rows = policy.conversations_visible_to(actor).filter(unit=unit)
    if filters.get("date_from"):
        rows = rows.filter(date__gte=filters["date_from"])
    if filters.get("date_to"):
        rows = rows.filter(date__lte=filters["date_to"])
    if filters.get("channel"):
        rows = rows.filter(channel=filters["channel"])
    if filters.get("topic"):
        rows = rows.filter(topics__topic=filters["topic"])
    return rows.filter(_kind_filter(filters.get("kind") or ""))


def _totals(rows) -> Totals:
    counted = rows.aggregate(
        conversations=Count("id", distinct=True),
        unique_youth=Count("case__youth", distinct=True),
        anonymous=Count("id", filter=Q(anonymous=True), distinct=True),
        code_name=Count("id", filter=Q(case__isnull=True, code_name__isnull=False), distinct=True),
    )
    channels = dict(rows.order_by().values_list("channel").annotate(n=Count("id", distinct=True)))
    topics = dict(
        ConversationTopic.objects.filter(conversation__in=rows.values("pk"))
        .order_by()
        .values_list("topic")
        .annotate(n=Count("id"))
    )
    return Totals(
        **counted,
        by_channel=[
            (label, channels[v]) for v, label in ConversationChannel.choices if v in channels
        ],
        by_topic=[(label, topics[v]) for v, label in Topic.choices if v in topics],
    )


def conversation_page(*, actor, unit, filters: dict, page_number) -> ConversationPage:
    """The unit's conversations she may see, newest first, a page at a time, with the totals
    of the period. Named rows on the page are recorded as seen."""
    rows = _visible(actor, unit, filters)
    listed = (
        rows.select_related("case__youth", "code_name", "area", "held_by")
        .prefetch_related(Prefetch("topics", queryset=ConversationTopic.objects.order_by("id")))
        .order_by("-date", "-id")
        .distinct()
    )
    page = page_of(listed, page_number)
    youth = {c.case.youth_id: c.case.youth for c in page.object_list if c.case_id}
    if youth:
        policy.record_youth_shown(
            actor, list(youth.values()), purpose=Purpose.CASEWORK, fields=CONVERSATION_FIELDS
        )
    return ConversationPage(page=page, totals=_totals(rows))


def conversation_options(*, actor, unit) -> dict:
    """What the record form offers: the open cases of the unit she may write in (their youth
    by name: recorded as seen) and the unit's active, unregistered code names."""
    cases = list(
        policy.cases_with_basis(actor)
        .filter(unit=unit, status=CaseStatus.OPEN)
        .select_related("youth")
        .order_by("youth__first_name", "youth__last_name", "pk")
    )
    cases = [c for c in cases if policy.Grant(c.grant_basis).may_write]
    if cases:
        policy.record_youth_shown(
            actor,
            [c.youth for c in cases],
            purpose=Purpose.CASEWORK,
            fields=("first_name", "last_name"),
        )
    code_names = list(active_code_names(actor=actor, unit=unit))
    return {"cases": cases, "code_names": code_names}


def active_code_names(*, actor, unit):
    return (
        policy.code_names_visible_to(actor)
        .filter(unit=unit, active=True, case__isnull=True)
        .select_related("area")
    )


def code_name_list(*, actor, unit) -> dict:
    """The unit's active code names with their number of conversations and the last date, and
    those that became a named youth (no name here: the youth is seen through the case)."""
    counted = policy.code_names_visible_to(actor).annotate(
        n_conversations=Count("conversations"), last_date=Max("conversations__date")
    )
    active = list(counted.filter(unit=unit, active=True, case__isnull=True).select_related("area"))
    registered = list(
        counted.filter(unit=unit, case__isnull=False).order_by("-registered_at", "code")
    )
    return {"active": active, "registered": registered}


@dataclass
class CodeNamePage:
    code_name: CodeName
    conversations: list
    case_visible: bool = False


def code_name_page(*, actor, unit, code_name_id) -> CodeNamePage:
    """One code name of the unit with its conversations she may see; else 404. Once
    registered, its conversations go through the case and show only to those who see it."""
    code_name = policy.get_or_404(
        actor,
        policy.code_names_visible_to(actor).filter(unit=unit).select_related("area", "case"),
        code_name_id,
    )
    conversations = list(
        policy.conversations_visible_to(actor)
        .filter(code_name=code_name)
        .select_related("area", "held_by")
        .prefetch_related(Prefetch("topics", queryset=ConversationTopic.objects.order_by("id")))
        .order_by("-date", "-id")
    )
    visible = bool(
        code_name.case_id and policy.cases_visible_to(actor).filter(pk=code_name.case_id).exists()
    )
    return CodeNamePage(code_name=code_name, conversations=conversations, case_visible=visible)


def code_name_for_change(*, actor, unit, code_name_id) -> CodeName:
    """An active, unregistered code name of the unit, else 404."""
    return policy.get_or_404(
        actor,
        policy.code_names_visible_to(actor).filter(unit=unit, active=True, case__isnull=True),
        code_name_id,
    )
