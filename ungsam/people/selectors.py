"""Reads of youth, filtered by the access policy and written to the audit log."""

import logging
from dataclasses import dataclass, field
from datetime import UTC, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page
from django.db import connection
from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Window,
)
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction, Purpose
from ungsam.cases.models import Appointment, AppointmentOutcome, CaseContact, CaseStatus
from ungsam.collab.models import Consent, Handover, valid_condition
from ungsam.lib import field_crypto
from ungsam.lib.pagination import page_of
from ungsam.org.models import Municipality
from ungsam.people.models import Guardian, Youth

logger = logging.getLogger(__name__)


def youth_page(*, actor, page_number=None, query: str = "") -> Page:
    """One page of the youth the actor may see, sorted by name; one audit row names them all."""
    youth = policy.youth_with_grants(actor)
    if query:
        youth = youth.filter(Q(first_name__icontains=query) | Q(last_name__icontains=query))
    page = page_of(youth.only("id", *Youth.LIST_FIELDS), page_number)
    page.object_list = list(page.object_list)
    policy.record_youth_shown(
        actor, page.object_list, purpose=Purpose.CASEWORK, fields=Youth.LIST_FIELDS
    )
    return page


@dataclass
class DashboardYouth:
    mine: list[Youth]  # the first youth in whose open case the actor is a contact person
    mine_count: int  # how many such youth in all
    visible_count: int  # how many youth she may see at all (a leader: her units' youth)
    consents_lapsing: int = 0  # consents on her cases that lapse within the notice period
    offers_awaiting: int = 0  # offers of a team's coordinator role awaiting her answer
    also: dict = field(default_factory=dict)  # the counts of `also_count`, by name


def youth_for_dashboard(*, actor, limit: int = 8, also_count=None) -> DashboardYouth:
    """The dashboard's youth card: the first youth in whose open case the actor is a contact
    person, those with the soonest appointment ahead first, each with that appointment and her
    case, with their grants and how many there are (one query, a window count), and how many
    youth she may see at all (one cheap count; computing it inside the first query would work
    out every visible youth's grant). Both statements are compiled once per user's grounds
    (the appointments are compared with the database's clock, so the text does not age)."""

    def mine_first():
        # Her open cases that she may see: a contact person left behind in a unit where she no
        # longer works is not "hers" (the youth may still be visible through another unit).
        hers = policy.cases_visible_to(actor).filter(status=CaseStatus.OPEN, contacts__user=actor)
        ahead = Appointment.objects.filter(
            case__in=hers.values("pk"),
            case__youth=OuterRef("pk"),
            outcome=AppointmentOutcome.PLANNED,
            starts_at__gte=Now(),
        ).order_by("starts_at", "id")
        return (
            policy.youth_with_grants(actor)
            .filter(Exists(hers.filter(youth=OuterRef("pk"))))
            .only("id", *Youth.LIST_FIELDS)
            .annotate(
                mine_count=Window(Count("id")),
                next_at=Subquery(ahead.values("starts_at")[:1]),
                next_place=Subquery(ahead.values("place")[:1]),
                next_case_id=Subquery(ahead.values("case_id")[:1]),
            )
            .order_by(F("next_at").asc(nulls_last=True), "last_name", "first_name", "id")[:limit]
        )

    card = policy.compiled_sql(actor, ("dashboard", limit), mine_first)
    if card is None:  # a role that reads personal data, but no ground to see anyone yet
        also = {name: queryset.count() for name, queryset in (also_count or {}).items()}
        return DashboardYouth(mine=[], mine_count=0, visible_count=0, also=also)
    rows = list(Youth.objects.raw(*card))
    for row in rows:  # raw() gives the database's value; the page shows local time
        if isinstance(row.next_at, str):  # SQLite
            row.next_at = parse_datetime(row.next_at)
        if row.next_at is not None and timezone.is_naive(row.next_at):
            row.next_at = timezone.make_aware(row.next_at, UTC)
    policy.record_youth_shown(
        actor, rows, purpose=Purpose.CASEWORK, fields=(*Youth.LIST_FIELDS, "appointments")
    )
    visible_sql, visible_params = policy.compiled_sql(
        actor, "visible", lambda: policy.youth_visible_to(actor), count=True
    )
    lapsing_sql, lapsing_params = policy.compiled_sql(
        actor, "lapsing", lambda: _consents_lapsing(actor), count=True
    )
    offers_sql, offers_params = policy.compiled_sql(
        actor, "offers", lambda: _offers_awaiting(actor), count=True
    )
    # Other apps' counts for her home ride in the same statement: `also_count` maps a name to
    # a queryset (built by its app's selector, already limited to what is hers). Compiled on
    # each call, not cached: they may hold today's date.
    also = {
        name: queryset.order_by().values("pk").query.sql_with_params()
        for name, queryset in (also_count or {}).items()
    }
    columns = [f"({visible_sql})", f"({lapsing_sql})", f"({offers_sql})"]
    params = [*visible_params, *lapsing_params, *offers_params]
    for sql, also_params in also.values():
        columns.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted)")  # noqa: S608 (Django-compiled)
        params.extend(also_params)
    with connection.cursor() as cursor:
        # The counts in one statement (the dashboard's budget is six).
        cursor.execute(f"SELECT {', '.join(columns)}", params)  # noqa: S608
        visible, lapsing, offers, *also_counts = cursor.fetchone()
    return DashboardYouth(
        mine=rows,
        mine_count=rows[0].mine_count if rows else 0,
        visible_count=visible,
        consents_lapsing=lapsing,
        offers_awaiting=offers,
        also=dict(zip(also, also_counts, strict=True)),
    )


def _offers_awaiting(actor):
    """Open offers of a team's coordinator role to her current seats (the answer page asks
    the policy again; this only counts)."""
    return Handover.objects.open().filter(to_member__user=actor, to_member__left_at__isnull=True)


def _consents_lapsing(actor):
    """The consents in force on her open cases (as contact person) that lapse within
    CONSENT_EXPIRY_NOTICE_DAYS, by the database's clock (the compiled text does not age)."""
    hers = policy.cases_visible_to(actor).filter(status=CaseStatus.OPEN, contacts__user=actor)
    notice = timedelta(days=settings.CONSENT_EXPIRY_NOTICE_DAYS)
    return Consent.objects.filter(
        valid_condition(Now()),
        valid_until__lte=ExpressionWrapper(Now() + notice, output_field=DateTimeField()),
        case__in=hers.values("pk"),
    )


def youth_detail(*, actor, youth_id):
    """The youth, the grant they are seen under, the cases the actor may see with their
    contact persons, and the fields the actor may see (guardians among them, unless rule 8
    hides them)."""
    youth, grant = policy.access_youth(
        actor, youth_id, purpose=Purpose.CASEWORK, also_shown=("cases",)
    )
    contacts = CaseContact.objects.select_related("user").order_by("-primary", "user__last_name")
    cases = list(
        policy.cases_visible_to(actor)
        .filter(youth=youth)
        .select_related("unit")
        .prefetch_related(Prefetch("contacts", queryset=contacts))
        .order_by("-opened_on")
    )
    fields = policy.visible_youth_fields(actor, youth)
    # What rule 8 hides never reaches the template, so no template change can show it. This
    # instance is for reading only: it is never saved.
    for name in Youth.PERSONAL_DATA_FIELDS:
        if name not in fields and name != "guardians":
            setattr(youth, name, "")
    guardians = list(youth.guardians.all()) if "guardians" in fields else []
    return youth, grant, cases, fields, guardians


def youth_for_edit(*, actor, youth_id) -> tuple[Youth, list[str]]:
    """The youth the actor may change, and the register fields her form must leave out: what
    rule 8 hides from her, and then the protection itself (only who sees the address may lift
    it)."""
    youth, _grant = policy.access_youth(actor, youth_id, purpose=Purpose.CASEWORK, write=True)
    visible = policy.visible_youth_fields(actor, youth)
    hidden = [f for f in Youth.PROTECTED_ADDRESS_FIELDS if f not in visible]
    if hidden:
        hidden.append("protected_address")
    return youth, hidden


def guardian_for_change(*, actor, guardian_id) -> Guardian:
    """The guardian, reached through her youth's gatekeeper with write: a guardian of a youth
    the actor may not change answers 404, like one that does not exist."""
    guardian = Guardian.objects.filter(pk=guardian_id).select_related("youth").first()
    if guardian is None:
        policy.deny(actor, Guardian, guardian_id)
    policy.access_youth(actor, guardian.youth_id, purpose=Purpose.CASEWORK, write=True)
    return guardian


def youth_national_id(*, actor, youth_id) -> tuple[Youth, str]:
    """The whole national identity number, asked for on purpose: its own audit row, naming
    only the number."""
    youth, _grant = policy.access_youth(
        actor, youth_id, purpose=Purpose.CASEWORK, only=("national_id",)
    )
    if not youth.national_id_token:
        return youth, ""
    try:
        return youth, field_crypto.decrypt(
            youth.national_id_token, purpose=Youth.NATIONAL_ID_PURPOSE
        )
    except field_crypto.FieldDecryptionError:
        # A key other than the one it was stored under: the operators must know (the log line
        # names the record, never the number); the worker gets words, not an error page.
        logger.error("national id of youth %s does not decrypt under the field key", youth.pk)
        return youth, None


@dataclass
class Duplicates:
    same_number: Youth | None  # the person the register holds under this national id
    same_number_visible: bool  # … and the actor may open her record
    similar_visible: list[Youth]  # same name and date of birth, records she may open
    similar_hidden: int  # same name and date of birth, records she may not open

    @property
    def any(self) -> bool:
        return bool(self.same_number or self.similar_visible or self.similar_hidden)


def likely_duplicates(
    *, actor, municipality_id: int, first_name: str, last_name: str, birth_date, number_hash=""
) -> Duplicates:
    """Who in the municipality's register may be the person about to be registered: the same
    national id, or the same name and date of birth. Of a record she may not open she learns
    only that it exists (she knows the name and date already); the check is recorded, naming
    whom it found, as a read of the register."""
    grant = policy.registration_grant(actor, Municipality(pk=municipality_id))
    if grant is None:
        raise PermissionDenied
    same_number = None
    if number_hash:
        same_number = Youth.objects.filter(
            municipality_id=municipality_id, national_id_hash=number_hash
        ).first()
    similar = list(
        Youth.objects.filter(
            municipality_id=municipality_id,
            first_name__iexact=first_name.strip(),
            last_name__iexact=last_name.strip(),
            birth_date=birth_date,
        )
        .exclude(pk=same_number.pk if same_number else None)
        .only("id", *Youth.LIST_FIELDS)[:20]
    )
    found = [y for y in (same_number, *similar) if y is not None]
    visible = (
        set(
            policy.youth_visible_to(actor)
            .filter(pk__in=[y.pk for y in found])
            .values_list("pk", flat=True)
        )
        if found
        else set()
    )
    if found:
        audit.record(
            actor,
            audit.Entry(
                AuditAction.LIST,
                Purpose.CASEWORK,
                subjects=tuple(grant.subject(y.pk) for y in found),
                fields=Youth.LIST_FIELDS,
                membership=grant.membership,
            ),
        )
    return Duplicates(
        same_number=same_number,
        same_number_visible=same_number is not None and same_number.pk in visible,
        similar_visible=[y for y in similar if y.pk in visible],
        similar_hidden=sum(1 for y in similar if y.pk not in visible),
    )
