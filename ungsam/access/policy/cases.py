"""Cases and youth (DESIGN.md, access rules 1, 2, 3, 8): what a user may see, on which grant,
and the gatekeepers that open one record and write its audit row."""

from django.conf import settings
from django.db.models import BigIntegerField, Exists, F, OuterRef, QuerySet, Subquery, Value

from ungsam.access import audit
from ungsam.access.audit import SystemActor
from ungsam.access.models import AuditAction, Basis, Purpose
from ungsam.access.policy.gate import deny, get_or_404
from ungsam.access.policy.grants import (
    Grant,
    any_condition,
    basis_of,
    case_bases,
    case_conditions,
    grant_for,
    rank_of,
)
from ungsam.access.policy.identity import (
    WORKER_ROLES,
    membership_in_unit,
    memberships,
    unit_ids,
)
from ungsam.cases.models import Case, CaseStatus
from ungsam.org.models import Membership, Municipality, Role, Unit, UnitKind
from ungsam.people.models import Youth

SYSTEM_GRANT = Grant(Basis.SYSTEM)


def cases_visible_to(user) -> QuerySet[Case]:
    """Every case the user may see: one condition per basis, OR-ed."""
    if not getattr(user, "is_authenticated", False):
        return Case.objects.none()
    condition = any_condition(case_conditions(user))
    if condition is None:
        # Partners (until consent and care teams exist), analysts and admins see none.
        return Case.objects.none()
    return Case.objects.filter(condition)


def cases_with_basis(user) -> QuerySet[Case]:
    """Visible cases, each annotated with `grant_basis`, the most specific basis it meets."""
    conditions = case_conditions(user)
    if not conditions:
        return Case.objects.none()
    return cases_visible_to(user).annotate(grant_basis=basis_of(conditions))


def youth_visible_to(user) -> QuerySet[Youth]:
    return Youth.objects.filter(Exists(cases_visible_to(user).filter(youth=OuterRef("pk"))))


def grants_for_youth(user, youth_ids) -> dict[int, Grant]:
    """The most specific grant each youth is seen under, in one query over the visible cases
    (so a list records on which ground each person on it was shown, without a query per row)."""
    conditions = case_conditions(user)
    ids = list(youth_ids)
    if not conditions or not ids:
        return {}
    rows = (
        cases_visible_to(user)
        .filter(youth_id__in=ids)
        .annotate(grant_rank=rank_of(conditions))
        .order_by("grant_rank", "id")
        .values_list("youth_id", "unit_id", "grant_rank")
    )
    best: dict[int, tuple[int, int]] = {}
    for youth_id, unit_id, rank in rows:
        best.setdefault(youth_id, (unit_id, rank))
    return {y: grant_for(user, conditions[rank][0], unit) for y, (unit, rank) in best.items()}


def youth_with_grants(user) -> QuerySet[Youth]:
    """The youth the user may see, each annotated with the rank and unit of her most specific
    grant, so a page records its grants without another round trip (`subjects_of`). Only a
    select-list annotation: PostgreSQL works it out for the rows of a page after sorting and
    limiting, not for every visible youth."""
    conditions = case_conditions(user)
    if not conditions:
        return Youth.objects.none()
    # Rank and unit in one number (rank * 2**40 + unit id): one correlated subquery instead of
    # two, which halves what the database and Django's SQL compiler do for every list.
    best = (
        cases_visible_to(user)
        .filter(youth=OuterRef("pk"))
        .annotate(grant_rank=rank_of(conditions))
        .order_by("grant_rank", "id")
        # A typed constant: bound on the server, a bare 2**40 would be sent as a 4-byte integer.
        .annotate(grant_key=F("grant_rank") * Value(_UNIT_BITS, BigIntegerField()) + F("unit_id"))
        .values("grant_key")[:1]
    )
    return youth_visible_to(user).annotate(grant_key=Subquery(best))


_UNIT_BITS = 2**40


def grants_of(user, rows) -> dict[int, Grant]:
    """Each youth's grant: read from `youth_with_grants` rows, else looked up in one query."""
    if all(hasattr(y, "grant_key") for y in rows):
        bases = case_bases(user)
        return {
            y.pk: grant_for(user, bases[y.grant_key // _UNIT_BITS], y.grant_key % _UNIT_BITS)
            for y in rows
        }
    return grants_for_youth(user, [y.pk for y in rows])


def grant_of(user, case: Case) -> Grant:
    """The Grant of a case from `cases_with_basis`."""
    return grant_for(user, case.grant_basis, case.unit_id)


def access_case(user, case_id, *, write: bool = False, also_shown=()) -> tuple[Case, Grant]:
    """The case and the grant it is seen under, or 404. Reading writes the audit "viewed" row
    (with `also_shown`: what else the page shows, such as its referrals); with write=True the
    grant must allow changes, and the service records its own change."""
    case = get_or_404(user, cases_with_basis(user).select_related("unit", "youth"), case_id)
    grant = grant_of(user, case)
    if write and not grant.may_write:
        deny(user, Case, case_id)
    if not write:
        fields = ("unit", "status", "opened_on", "contact_persons", *also_shown)
        audit.record(
            user,
            grant.entry(
                AuditAction.VIEW, Purpose.CASEWORK, obj=case, youth_id=case.youth_id, fields=fields
            ),
        )
    return case, grant


def may_see_protected_address(user, youth: Youth) -> bool:
    """Rule 8: only a user whose role is named in settings, held in a unit that holds an open
    case for the youth — not a leader of some other unit who can see the youth elsewhere."""
    units = unit_ids(user, *settings.PROTECTED_ADDRESS_ROLES)
    if not units:
        return False
    return Case.objects.filter(youth=youth, unit_id__in=units, status=CaseStatus.OPEN).exists()


def shows_protected_address_in_unit(user, unit_id) -> bool:
    """Rule 8 for the youth of a list of one unit's open cases, without a query: whether the
    user holds a role named in settings in that unit."""
    return unit_id in unit_ids(user, *settings.PROTECTED_ADDRESS_ROLES)


def visible_youth_fields(user, youth: Youth) -> tuple[str, ...]:
    cached = getattr(youth, "_ungsam_visible_fields", None)
    if cached is not None and cached[0] == user.pk:
        return cached[1]
    shows_address = not youth.protected_address or may_see_protected_address(user, youth)
    fields = tuple(
        name
        for name in Youth.PERSONAL_DATA_FIELDS
        if shows_address or name not in Youth.PROTECTED_ADDRESS_FIELDS
    )
    youth._ungsam_visible_fields = (user.pk, fields)
    return fields


def access_youth(
    user, youth_id, *, purpose: str, also_shown=(), only=None, write: bool = False
) -> tuple[Youth, Grant]:
    """The youth and the grant they are seen under, or 404. Writes the audit "viewed" row with
    the fields shown (the address only where rule 8 allows), and `also_shown`: what else the
    page shows about her (her cases: which services follow her is itself sensitive). `only`
    names exactly what is read instead (the national id in full). With write=True the grant
    must allow changes, and the service records its own change."""
    youth = get_or_404(user, youth_with_grants(user), youth_id, purpose=purpose)
    grant = grants_of(user, [youth])[youth.pk]
    if write:
        if not grant.may_write:
            deny(user, Youth, youth_id)
        return youth, grant
    fields = tuple(only) if only is not None else (*visible_youth_fields(user, youth), *also_shown)
    audit.record(
        user, grant.entry(AuditAction.VIEW, purpose, obj=youth, youth_id=youth.pk, fields=fields)
    )
    return youth, grant


def subjects_of(user, rows) -> tuple[audit.Subject, ...]:
    """The audit subjects for youth a page shows (visible to the user), each with the grant it
    was shown under."""
    rows = list(rows)
    grants = grants_of(user, rows) if rows else {}
    return tuple(grants[y.pk].subject(y.pk) for y in rows)


def record_youth_shown(user, rows, *, purpose: str, fields: tuple[str, ...]) -> None:
    """One audit row for a page that shows several youth, naming each of them with the grant
    they were shown under."""
    subjects = subjects_of(user, rows)
    if not subjects:
        return
    audit.record(
        user,
        audit.Entry(AuditAction.LIST, purpose, subjects=subjects, fields=fields),
    )


def registration_grant(
    actor, municipality: Municipality, *, via_referral: bool = False
) -> Grant | None:
    """The ground on which the actor registers a youth in the municipality (recorded on the
    "created" row, with the role she acted in), or None: the system (demo data, imports), a
    worker of a unit in the municipality, or — only by sending a referral — a partner of the
    municipality (the school counselor's referral brings the youth into the register; she
    reads nothing from it)."""
    if isinstance(actor, SystemActor):
        return SYSTEM_GRANT
    allowed = (*WORKER_ROLES, Role.PARTNER) if via_referral else WORKER_ROLES
    for membership in memberships(actor):
        if membership.municipality_id == municipality.pk and membership.role in allowed:
            return Grant("", membership)
    return None


def may_register_youth(user) -> bool:
    """Whether the youth list offers "Register youth": she has a unit to open the case in
    (read from her roles, no query)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(unit_ids(user, Role.CASEWORKER, Role.LEADER))


def units_opening_cases(user) -> QuerySet[Unit]:
    """The units where the user may open a case, and so register a youth from the page: a
    case worker's or leader's own units."""
    if not getattr(user, "is_authenticated", False):
        return Unit.objects.none()
    return Unit.objects.filter(pk__in=unit_ids(user, Role.CASEWORKER, Role.LEADER)).order_by("name")


def case_opening_grant(actor, unit: Unit, youth: Youth, contact_persons) -> Grant | None:
    """The ground on which the actor opens a case in the unit (recorded on its "created" row),
    or None. A case worker or leader of the unit, a field worker of an outreach unit who is its
    contact person, or the system; always for a youth of the
    unit's municipality and with contact persons who work in the unit (a case gives its
    contact persons access, so naming anyone else would hand them the youth)."""
    if youth.municipality_id != unit.municipality_id:
        return None
    named = {person.pk for person in contact_persons}
    working = Membership.objects.active().filter(unit=unit, role__in=WORKER_ROLES, user__in=named)
    if named and set(working.values_list("user_id", flat=True)) != named:
        return None
    if isinstance(actor, SystemActor):
        return SYSTEM_GRANT
    is_contact = any(person.pk == actor.pk for person in contact_persons)
    if (
        unit.kind == UnitKind.OUTREACH
        and is_contact
        and unit.pk in unit_ids(actor, Role.FIELD_WORKER)
    ):
        # Outreach registers by name a youth it has followed under a code name once she agrees
        # (issue 16 item 6): the field worker opens the case as its contact person, never for
        # someone else (which would hand a colleague the youth).
        return grant_for(actor, Basis.CONTACT_PERSON, unit.pk)
    if unit.pk not in unit_ids(actor, Role.CASEWORKER, Role.LEADER):
        return None
    if is_contact:
        return grant_for(actor, Basis.CONTACT_PERSON, unit.pk)
    if unit.pk in unit_ids(actor, Role.LEADER):
        return grant_for(actor, Basis.UNIT_LEADER, unit.pk)
    # A case worker opening a case for colleagues: no ground to read it afterwards.
    return Grant("", membership_in_unit(actor, unit.pk, Role.CASEWORKER))
