"""Reads of the OT register: an OT unit's registrations the user may see, one registration
with its dated history, the leader's unseen routing notices, the counts for Udir at the
reporting dates, and the fixed-date lists. Every read of a youth goes through the policy and
the audit log (a list writes one row naming everyone shown); the counts name nobody."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.core.paginator import Page
from django.db.models import Q
from django.utils import timezone

from ungsam.access import policy
from ungsam.access.models import AuditAction, Purpose
from ungsam.cases.models import CaseContact, EntryStatus, JournalEntry
from ungsam.lib.pagination import page_of
from ungsam.org.models import Municipality
from ungsam.ot.models import OTCoverage, OTRegistration, OTStatusChange, RoutingNotice
from ungsam.ot.register_rules import (
    REAL_CONTACT_KINDS,
    age_on,
    end_of,
    in_target_group,
    is_minor,
    no_follow_up_codes,
    status_on,
)
from ungsam.ot.status_codes import GROUP_CODES, StatusCode, StatusGroup, group_of
from ungsam.people.models import Youth

# What a row of the register shows of her (the list's audit row).
LIST_FIELDS = (*Youth.LIST_FIELDS, "ot_registration", "contact_persons")

# The orders the list offers, each on an indexed column (or the key).
SORTS = {
    "registrert": ("-registered_at", "-id"),
    "registrert_eldst": ("registered_at", "id"),
    "status": ("status", "-id"),
}
DEFAULT_SORT = "registrert"


def _rows(unit):
    return (
        OTRegistration.objects.filter(case__unit=unit)
        .select_related("case__youth", "home_municipality")
        .only(
            "id",
            "case_id",
            "case__unit_id",
            "case__status",
            "case__youth_id",
            "case__youth__first_name",
            "case__youth__last_name",
            "case__youth__birth_date",
            "home_municipality__name",
            "source",
            "registered_at",
            "status",
            "status_since",
            "first_contact_on",
            "rights_info_sent_on",
            "guardians_info_sent_on",
        )
    )


def _mark(rows, today: date) -> None:
    """What each row shows beyond its fields: age, target group, rights information lacking."""
    for r in rows:
        youth = r.case.youth
        r.youth = youth
        r.age = age_on(youth.birth_date, today)
        r.past_target_group = not in_target_group(youth.birth_date, today)
        r.group = group_of(r.status)
        r.lacks_rights_info = r.rights_info_sent_on is None
        r.lacks_guardians_info = (
            is_minor(youth.birth_date, timezone.localdate(r.registered_at))
            and r.guardians_info_sent_on is None
        )


def _attach_contacts(rows) -> None:
    """Each row's contact persons, in one query for the page."""
    by_case = defaultdict(list)
    contacts = (
        CaseContact.objects.filter(case_id__in=[r.case_id for r in rows])
        .select_related("user")
        .order_by("-primary", "id")
    )
    for contact in contacts:
        by_case[contact.case_id].append(contact.user)
    for r in rows:
        r.contacts = by_case.get(r.case_id, [])


def register_page(
    *,
    actor,
    unit,
    group: int | None = None,
    code: str = "",
    sort: str = DEFAULT_SORT,
    lacking_rights_info: bool = False,
    page_number=None,
    today: date | None = None,
) -> Page:
    """One page of the unit's registrations the actor may see (its leader: all; a worker: her
    own), filtered by Udir group or code; one audit row names everyone on the page."""
    today = today or timezone.localdate()
    rows = _rows(unit).filter(case__in=policy.cases_visible_to(actor))
    if code:
        rows = rows.filter(status=code)
    elif group:
        rows = rows.filter(status__in=GROUP_CODES.get(group, ()))
    if lacking_rights_info:
        rows = rows.filter(rights_info_sent_on__isnull=True)
    page = page_of(rows.order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT])), page_number)
    page.object_list = list(page.object_list)
    _mark(page.object_list, today)
    _attach_contacts(page.object_list)
    policy.record_registrations_shown(
        actor, [r.youth for r in page.object_list], fields=LIST_FIELDS
    )
    return page


@dataclass
class RegistrationDetail:
    registration: OTRegistration
    grant: policy.Grant
    history: list[OTStatusChange]
    contacts: list
    contact_entries: list[JournalEntry]
    notices: list[RoutingNotice]
    past_target_group: bool
    minor: bool
    age: int
    extra: dict = field(default_factory=dict)


def registration_detail(*, actor, registration_id, today: date | None = None):
    """One registration with its dated history (who, when, from → to, note, the contact it
    rests on), its contact persons, the case's signed journal entries of real contact (to pick
    from) and how it came to the unit; the read is audited."""
    today = today or timezone.localdate()
    registration, grant = policy.access_registration(actor, registration_id)
    youth = registration.case.youth
    history = list(
        OTStatusChange.objects.filter(registration=registration)
        .select_related("by", "contact")
        .order_by("-at", "-id")
    )
    contacts = [
        c.user
        for c in CaseContact.objects.filter(case_id=registration.case_id)
        .select_related("user")
        .order_by("-primary", "id")
    ]
    entries = _contact_entries(registration.case_id)
    notices = list(
        RoutingNotice.objects.filter(
            Q(registration=registration) | Q(from_registration=registration)
        )
        .select_related("from_unit", "from_partner", "to_unit", "to_county")
        .order_by("-at", "-id")
    )
    return RegistrationDetail(
        registration=registration,
        grant=grant,
        history=history,
        contacts=contacts,
        contact_entries=entries,
        notices=notices,
        past_target_group=not in_target_group(youth.birth_date, today),
        minor=is_minor(youth.birth_date, today),
        age=age_on(youth.birth_date, today),
    )


def _contact_entries(case_id) -> list[JournalEntry]:
    return list(
        JournalEntry.objects.filter(
            case_id=case_id, status=EntryStatus.SIGNED, kind__in=REAL_CONTACT_KINDS
        ).order_by("-occurred_on", "-id")[:50]
    )


def contact_entries(*, actor, registration_id) -> list[JournalEntry]:
    """The signed journal entries of real contact a status change may rest on (for a form
    posted by someone who may change the registration; 404 for anyone else)."""
    registration, _grant = policy.access_registration(actor, registration_id, write=True)
    return _contact_entries(registration.case_id)


def served_municipalities():
    """The municipalities some OT unit in Ungsam serves (configuration, no personal data)."""
    return Municipality.objects.filter(
        pk__in=OTCoverage.objects.filter(unit__active=True).values("municipality_id")
    ).order_by("name")


def moving_municipalities():
    """Every municipality Ungsam knows, with its county (where a youth may move to)."""
    return Municipality.objects.select_related("county").order_by("name")


# ---------------------------------------------------------------------------------------------
# The leader's notices


def unseen_notices(*, actor, unit) -> list[RoutingNotice]:
    """The notices of registrations routed to the unit (which she leads) nobody there has seen,
    newest first; one audit row names the youth."""
    if not policy.leads_unit(actor, unit.pk):
        return []
    notices = list(
        RoutingNotice.objects.filter(to_unit=unit, seen_at__isnull=True)
        .select_related(
            "registration__case__youth",
            "registration__home_municipality",
            "from_unit",
            "from_partner",
        )
        .order_by("-at", "-id")[:200]
    )
    policy.record_waiting_list_shown(
        actor,
        unit,
        [n.registration.case.youth_id for n in notices if n.registration_id],
        purpose=Purpose.FOLLOW_UP_SERVICE,
        fields=(*Youth.LIST_FIELDS, "ot_registration"),
    )
    return notices


def unseen_notice_count(*, actor) -> int:
    """How many notices to the OT units she leads nobody has seen (one count query; ask only
    for an OT leader)."""
    units = [u.pk for u in policy.led_ot_units(actor)]
    if not units:
        return 0
    return RoutingNotice.objects.filter(to_unit_id__in=units, seen_at__isnull=True).count()


# ---------------------------------------------------------------------------------------------
# Udir's counts at the reporting dates, and the fixed-date lists


def _histories(unit) -> tuple[dict[int, list], dict[int, tuple]]:
    """Every registration of the unit: its changes in time order, and (registered at, case
    closed on) — read once for all the dates."""
    histories: dict[int, list] = defaultdict(list)
    changes = (
        OTStatusChange.objects.filter(registration__case__unit=unit)
        .order_by("registration_id", "at", "id")
        .values_list("registration_id", "at", "code")
    )
    for registration_id, at, code in changes:
        histories[registration_id].append((at, code))
    facts = {
        pk: (registered_at, closed_on)
        for pk, registered_at, closed_on in OTRegistration.objects.filter(
            case__unit=unit
        ).values_list("pk", "registered_at", "case__closed_on")
    }
    return histories, facts


def _on_register(history, facts, day: date) -> str | None:
    """Her code on the register at the end of `day`, or None: not registered yet, or her case
    closed before that day (moved on, ended) unless her code then says why (group 5)."""
    registered_at, closed_on = facts
    moment = end_of(day)
    if registered_at > moment:
        return None
    code = status_on(history, moment)
    if code is None:
        return None
    ended = closed_on is not None and closed_on < day
    if ended and group_of(code) != StatusGroup.NOT_IN_TARGET_GROUP:
        return None
    return code


@dataclass
class DateCounts:
    day: date
    reached: bool
    codes: Counter
    groups: Counter
    total: int


def reporting_counts(*, actor, unit, dates: list[date], today: date | None = None):
    """Counts per code and per group for the unit on each date, from the dated history (the
    status in force at the end of the day). Only for the unit's leader; names nobody."""
    if not policy.leads_unit(actor, unit.pk):
        return []
    today = today or timezone.localdate()
    histories, facts = _histories(unit)
    result = []
    for day in dates:
        codes = Counter()
        if day <= today:
            for pk, history in histories.items():
                code = _on_register(history, facts[pk], day)
                if code is not None:
                    codes[code] += 1
        groups = Counter({g: sum(codes[c] for c in cs) for g, cs in GROUP_CODES.items()})
        result.append(
            DateCounts(
                day=day, reached=day <= today, codes=codes, groups=groups, total=sum(codes.values())
            )
        )
    return result


def fixed_date_list(
    *, actor, unit, day: date, left_out_groups=None, export: bool = False
) -> list[OTRegistration]:
    """The unit's youth on the register at the end of `day` whose code then needs follow-up
    (the groups configured as needing none are left out), by name; one audit row (an EXPORT
    row for the Excel file) names everyone in it. Only for the unit's leader."""
    if not policy.leads_unit(actor, unit.pk):
        return []
    left_out = no_follow_up_codes(left_out_groups)
    histories, facts = _histories(unit)
    on_day = {}
    for pk, history in histories.items():
        code = _on_register(history, facts[pk], day)
        if code is not None and code not in left_out:
            on_day[pk] = code
    rows = list(
        _rows(unit)
        .filter(pk__in=list(on_day))
        .order_by("case__youth__last_name", "case__youth__first_name", "id")
    )
    _mark(rows, day)
    _attach_contacts(rows)
    for r in rows:
        r.code_on_day = on_day[r.pk]
        r.code_label = StatusCode(r.code_on_day).label
    policy.record_registrations_shown(
        actor,
        [r.youth for r in rows],
        fields=(*LIST_FIELDS, "ot_status_changes"),
        action=AuditAction.EXPORT if export else AuditAction.LIST,
    )
    return rows
