"""Reads for deadlines and "nobody followed up" (issue 18, point 4): a leader's list of every
youth in her units without a next step, a case worker's own OT deadlines, and the counts per
unit for the nightly check. The rules are in followup_rules.py; here the facts they read are
loaded in SQL, one query for a whole list (the last contact as a Max over subqueries), and who
touched each shown case last in one more."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.paginator import Page
from django.db.models import Exists, OuterRef, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ungsam.access import policy
from ungsam.access.models import Purpose
from ungsam.cases.models import (
    Appointment,
    AppointmentOutcome,
    Case,
    CaseContact,
    CaseStatus,
    ContactPersonPeriod,
    JournalEntry,
    StageChange,
)
from ungsam.lib.pagination import page_of
from ungsam.org.models import Unit, User
from ungsam.ot.followup_rules import (
    CONTACT_KINDS,
    UPCOMING_DAYS,
    CaseFacts,
    Deadlines,
    Due,
    Reason,
    Registration,
    ot_due,
    reasons_for,
)
from ungsam.ot.models import OTStatusChange, OTUnitSettings
from ungsam.outreach.models import Conversation
from ungsam.people.models import Youth

# What the list shows of each youth, and what it read to decide (the audit row's fields).
SHOWN_FIELDS = (
    *Youth.LIST_FIELDS,
    "contact_persons",
    "journal",
    "appointments",
    "stage_changes",
    "ot_deadlines",
)


def _latest(queryset, field_name: str):
    return Subquery(queryset.order_by(f"-{field_name}").values(field_name)[:1])


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))


def with_contact_facts(cases, today: date):
    """The cases with what the rules read, in the same query: whether they have a contact
    person, when the last one left, and the last real contact of each kind (journal entry of a
    contact kind, attended appointment, outreach's follow-up conversation, OT status change
    naming a contact), none after `today`."""
    case = OuterRef("pk")
    up_to = _end_of(today)
    return cases.annotate(
        has_owner=Exists(CaseContact.objects.filter(case=case)),
        owner_left_at=_latest(
            ContactPersonPeriod.objects.filter(case=case, ended_at__isnull=False), "ended_at"
        ),
        last_journal=_latest(
            JournalEntry.objects.filter(case=case, kind__in=CONTACT_KINDS, occurred_on__lte=today),
            "occurred_on",
        ),
        last_attended=_latest(
            Appointment.objects.filter(
                case=case, outcome=AppointmentOutcome.ATTENDED, starts_at__lte=up_to
            ),
            "starts_at",
        ),
        last_conversation=_latest(Conversation.objects.filter(case=case, date__lte=today), "date"),
        last_ot_contact=_latest(
            OTStatusChange.objects.filter(
                registration__case=case, contact__isnull=False, contact__occurred_on__lte=today
            ),
            "contact__occurred_on",
        ),
    )


def _local_date(moment) -> date | None:
    if moment is None:
        return None
    if isinstance(moment, datetime):
        return timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()
    return moment


def last_contact_of(case) -> date | None:
    days = [
        _local_date(case.last_journal),
        _local_date(case.last_attended),
        _local_date(case.last_conversation),
        _local_date(case.last_ot_contact),
    ]
    days = [d for d in days if d is not None]
    return max(days) if days else None


def deadlines_by_unit(unit_ids) -> dict[int, Deadlines]:
    rows = {s.unit_id: s for s in OTUnitSettings.objects.filter(unit_id__in=unit_ids)}
    return {unit_id: Deadlines.of(rows.get(unit_id)) for unit_id in unit_ids}


def facts_of(case, deadlines: dict[int, Deadlines]) -> CaseFacts:
    reg = getattr(case, "ot_registration", None)
    return CaseFacts(
        stage=case.stage,
        opened_on=case.opened_on,
        has_owner=case.has_owner,
        owner_left_on=_local_date(case.owner_left_at),
        last_contact=last_contact_of(case),
        situation_confirmed_on=case.situation_confirmed_on,
        alert_after_days_without_contact=case.unit.alert_after_days_without_contact,
        registration=Registration(
            status=reg.status,
            registered_on=timezone.localdate(reg.registered_at),
            first_contact_on=reg.first_contact_on,
        )
        if reg is not None
        else None,
        deadlines=deadlines.get(case.unit_id, Deadlines()),
    )


def _case_rows(cases):
    return cases.select_related("youth", "unit", "ot_registration").only(
        "id",
        "stage",
        "opened_on",
        "situation_confirmed_on",
        "unit_id",
        "youth_id",
        "youth__first_name",
        "youth__last_name",
        "youth__birth_date",
        "unit__name",
        "unit__alert_after_days_without_contact",
        "ot_registration__id",
        "ot_registration__status",
        "ot_registration__registered_at",
        "ot_registration__first_contact_on",
    )


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


@dataclass
class Touch:
    """The latest write on a case: who (a name, "the system" or "the unit's leader"), when,
    and what."""

    at: datetime
    who: str
    what: str


@dataclass
class Row:
    case: Case
    reasons: list[Reason]
    last_contact: date | None
    age: int
    due: Due | None = None
    touched: Touch | None = None
    overdue: int = field(init=False)

    def __post_init__(self):
        self.overdue = max((r.overdue for r in self.reasons), default=0)

    @property
    def registration(self):
        return getattr(self.case, "ot_registration", None)


def _touch_sources(now):
    """The writes on a case that count as touching it: (label, queryset, time, person)."""
    case = OuterRef("pk")
    return [
        (
            "journal",
            _("wrote in the journal"),
            JournalEntry.objects.filter(case=case),
            "created_at",
            "author_id",
        ),
        (
            "appointment",
            _("made an appointment"),
            Appointment.objects.filter(case=case, starts_at__lte=now),
            "starts_at",
            "created_by_id",
        ),
        (
            "conversation",
            _("held a conversation"),
            Conversation.objects.filter(case=case),
            "created_at",
            "held_by_id",
        ),
        ("stage", _("moved the case on"), StageChange.objects.filter(case=case), "at", "by_id"),
        (
            "ot_status",
            _("changed the OT status"),
            OTStatusChange.objects.filter(registration__case=case),
            "at",
            "by_id",
        ),
        (
            "contact",
            _("changed the contact person"),
            ContactPersonPeriod.objects.filter(case=case),
            "started_at",
            None,
        ),
    ]


def attach_touches(rows: list[Row], now: datetime) -> None:
    """Who touched each case last (the latest write: a journal entry, an appointment, an
    outreach conversation, a stage change, an OT status change, a change of contact person):
    one query for the cases, one for the names. A change of contact person is the leader's act
    (only she assigns)."""
    if not rows:
        return
    sources = _touch_sources(now)
    annotations = {}
    for key, _label, qs, at, by in sources:
        ordered = qs.order_by(f"-{at}", "-id")
        annotations[f"{key}_at"] = Subquery(ordered.values(at)[:1])
        if by:
            annotations[f"{key}_by"] = Subquery(ordered.values(by)[:1])
    found = {
        values["id"]: values
        for values in Case.objects.filter(pk__in=[r.case.pk for r in rows])
        .annotate(**annotations)
        .values("id", *annotations)
    }
    people = {}
    wanted = {v for values in found.values() for k, v in values.items() if k.endswith("_by")}
    wanted.discard(None)
    if wanted:
        people = {
            u.pk: u.get_full_name() or u.username
            for u in User.objects.filter(pk__in=wanted).only("first_name", "last_name", "username")
        }
    for row in rows:
        values = found.get(row.case.pk, {})
        latest = None
        # On a tie the earlier source wins: a case opened with its contact persons names the
        # one who opened it (its stage change), not "the leader".
        for key, label, _qs, _at, by in sources:
            at = values.get(f"{key}_at")
            if at is None or (latest is not None and at <= latest.at):
                continue
            if by:
                person = values.get(f"{key}_by")
                who = people.get(person, _("the system")) if person else _("the system")
            else:
                who = _("the unit's leader")
            latest = Touch(at=at, who=who, what=label)
        row.touched = latest


@dataclass
class FollowUpList:
    page: Page
    units: list[Unit]
    counts: dict[str, int]


def _evaluate(cases, today: date, unit_ids) -> list[Row]:
    deadlines = deadlines_by_unit(unit_ids)
    rows = []
    for case in with_contact_facts(_case_rows(cases), today):
        facts = facts_of(case, deadlines)
        reasons = reasons_for(facts, today)
        if reasons:
            rows.append(
                Row(
                    case=case,
                    reasons=reasons,
                    last_contact=facts.last_contact,
                    age=age_on(case.youth.birth_date, today),
                    due=ot_due(facts),
                )
            )
    rows.sort(key=lambda r: (-r.overdue, r.case.opened_on, r.case.pk))
    return rows


def followup_list(
    *, actor, today: date, now: datetime, unit_id=None, reason: str = "", page_number=None
) -> FollowUpList:
    """Every open case of the units the actor leads that has no next step on `today`, most
    overdue first, optionally of one unit and for one reason; one page of it, each row with who
    touched the case last. One audit row names everyone on the page. 404 for anyone who leads
    no unit, and for a unit she does not lead."""
    units = policy.followup_units(actor)
    if not units:
        raise Http404
    unit_ids = [u.pk for u in units]
    cases = policy.followup_cases_visible_to(actor)
    if unit_id is not None:
        if unit_id not in unit_ids:
            raise Http404
        cases = cases.filter(unit_id=unit_id)
        unit_ids = [unit_id]
    rows = _evaluate(cases, today, unit_ids)
    counts = {}
    for row in rows:
        for r in row.reasons:
            counts[r.kind] = counts.get(r.kind, 0) + 1
    if reason:
        rows = [row for row in rows if any(r.kind == reason for r in row.reasons)]
    page = page_of(rows, page_number)
    attach_touches(page.object_list, now)
    policy.record_followup_shown(
        actor,
        [(row.case.unit_id, row.case.youth_id) for row in page.object_list],
        purpose=Purpose.FOLLOW_UP_SERVICE,
        fields=SHOWN_FIELDS,
    )
    return FollowUpList(page=page, units=units, counts=counts)


def own_deadlines(*, actor, today: date, page_number=None) -> Page:
    """The OT registrations the actor is contact person for whose next contact was due, or
    falls due within UPCOMING_DAYS days: soonest (most overdue) first. One audit row."""
    cases = policy.own_ot_cases(actor)
    unit_ids = sorted(set(cases.values_list("unit_id", flat=True)))
    deadlines = deadlines_by_unit(unit_ids)
    rows = []
    horizon = today + timedelta(days=UPCOMING_DAYS)
    for case in with_contact_facts(_case_rows(cases.filter(ot_registration__isnull=False)), today):
        facts = facts_of(case, deadlines)
        due = ot_due(facts)
        if due is None or due.on > horizon:
            continue
        rows.append(
            Row(
                case=case,
                reasons=[],
                last_contact=facts.last_contact,
                age=age_on(case.youth.birth_date, today),
                due=due,
            )
        )
    rows.sort(key=lambda r: (r.due.on, r.case.pk))
    page = page_of(rows, page_number)
    for row in page.object_list:
        row.days_late = row.due.days_late(today)
        row.days_left = -row.days_late
    policy.record_followup_shown(
        actor,
        [(row.case.unit_id, row.case.youth_id) for row in page.object_list],
        purpose=Purpose.FOLLOW_UP_SERVICE,
        fields=SHOWN_FIELDS,
    )
    return page


def unit_summaries(*, today: date) -> list[dict]:
    """For the nightly check (the system, no person): per unit with any open case, how many
    first contacts and follow-ups are overdue, how many cases have no contact person and how
    many have had no contact for too long. Counts only."""
    cases = Case.objects.filter(status=CaseStatus.OPEN, unit__active=True)
    unit_ids = sorted(set(cases.values_list("unit_id", flat=True)))
    rows = _evaluate(cases, today, unit_ids)
    names = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "name"))
    summary = {
        unit_id: {"unit": names[unit_id], **dict.fromkeys(("first_contact", "follow_up",
                                                            "no_owner", "no_contact"), 0)}
        for unit_id in unit_ids
    }  # fmt: skip
    for row in rows:
        for r in row.reasons:
            summary[row.case.unit_id][r.kind] += 1
    return [summary[u] for u in unit_ids]


def settings_of(unit: Unit) -> OTUnitSettings | None:
    """The unit's deadlines row (configuration, no youth), or None: the defaults apply."""
    return OTUnitSettings.objects.filter(unit=unit).first()


def deadline_of(case: Case, today: date) -> Due | None:
    """The next deadline of a case the caller has already read through the policy (the
    register's page shows it): None for a case with no OT registration, or in group 4 or 5.
    Two queries: the case's contact facts and its unit's settings."""
    found = with_contact_facts(_case_rows(Case.objects.filter(pk=case.pk)), today).first()
    if found is None or getattr(found, "ot_registration", None) is None:
        return None
    return ot_due(facts_of(found, deadlines_by_unit([found.unit_id])))
