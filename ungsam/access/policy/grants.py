"""Grants: the ground on which a user sees a case or a youth.

Each basis is one condition on cases (`case_conditions`), most specific first. A new basis —
care team, consent with its information categories, break-the-glass — is one more condition
here and one more way to build its Grant, never a change in a view."""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Case as Switch
from django.db.models import Exists, OuterRef, Q, Value, When
from django.db.models.functions import Now

from ungsam.access import audit
from ungsam.access.models import Basis, EmergencyAccess
from ungsam.access.policy.identity import (
    EMERGENCY_ROLES,
    WORKER_ROLES,
    membership_in_unit,
    unit_ids,
)
from ungsam.cases.models import CaseContact
from ungsam.org.models import Membership, Role

# Bases that let the user change the case, not only read it.
WRITING_BASES = frozenset({Basis.CONTACT_PERSON, Basis.UNIT_LEADER})


@dataclass(frozen=True)
class Grant:
    """Why the policy let the user in. `membership` is the role it flows through (recorded on
    the audit row, so a subject-access export names the organisation the reader acted for at
    the time); consent grants carry the consent and the information categories it names."""

    basis: str
    membership: Membership | None = None
    consent_id: int | None = None
    categories: frozenset[str] = field(default_factory=frozenset)

    @property
    def may_write(self) -> bool:
        return self.basis in WRITING_BASES

    @property
    def in_emergency(self) -> bool:
        """Seen on an emergency access (rule 7): pages say so, and offer to end it."""
        return self.basis == Basis.BREAK_GLASS

    def get_basis_display(self) -> str:
        return str(Basis(self.basis).label) if self.basis else ""

    @property
    def place(self) -> str:
        return str(self.membership.place) if self.membership else ""

    def subject(self, youth_id: int) -> audit.Subject:
        return audit.Subject(
            youth_id=youth_id,
            basis=self.basis,
            membership_id=self.membership.pk if self.membership else None,
            consent_id=self.consent_id,
        )

    def entry(
        self, action: str, purpose: str, *, obj, youth_id: int, fields, municipality_id=None
    ) -> audit.Entry:
        """The audit entry of one record about one youth, read, written or exported under this
        grant (`municipality_id` picks the chain when no membership does: the system's)."""
        return audit.Entry(
            action,
            purpose,
            obj=obj,
            subjects=(self.subject(youth_id),),
            fields=tuple(fields),
            membership=self.membership,
            municipality_id=municipality_id,
        )


def case_conditions(user) -> list[tuple[str, Q]]:
    """(basis, condition on Case) for each ground the user has, most specific first. Built once
    per request (cached with the user's memberships, which they are made from)."""
    cached = getattr(user, "_ungsam_case_conditions", None)
    if cached is not None and cached[0] is getattr(user, "_ungsam_memberships", None):
        return cached[1]
    conditions = [(basis, condition()) for basis, condition in _grounds(user)]
    user._ungsam_case_conditions = (getattr(user, "_ungsam_memberships", None), conditions)
    return conditions


def case_bases(user) -> list[str]:
    """The bases of `case_conditions`, in the same order, without building the conditions (a
    page whose SQL is compiled already needs only to name the grant a rank stands for)."""
    return [basis for basis, _ in _grounds(user)]


def conditions_key(user) -> tuple:
    """Everything `_grounds` reads, so SQL compiled from the conditions can be reused while
    this stays the same (`compiled_sql`). A new basis adds what it reads here: a consent's id
    and validity, a care team's membership. Break the glass reads only the units where she may
    use it: whether an emergency access is in force is asked of the database, by its own clock,
    each time the SQL runs, so no compiled SQL holds an access or its expiry (ADR 0012)."""
    return (
        user.pk,
        tuple(sorted(unit_ids(user, *WORKER_ROLES))),
        tuple(sorted(unit_ids(user, Role.LEADER))),
        tuple(sorted(unit_ids(user, *EMERGENCY_ROLES))),
    )


def _grounds(user) -> list[tuple[str, Callable[[], Q]]]:
    """(basis, a function building its condition), most specific first."""
    grounds = []
    # Rule 1: a contact person of the case, working in the case's unit.
    worker_units = unit_ids(user, *WORKER_ROLES)
    if worker_units:

        def is_contact_in_unit():
            is_contact = Exists(CaseContact.objects.filter(case=OuterRef("pk"), user=user))
            return Q(unit_id__in=worker_units) & Q(is_contact)

        grounds.append((Basis.CONTACT_PERSON, is_contact_in_unit))
    # Rule 1: the leader of the case's unit.
    led = unit_ids(user, Role.LEADER)
    if led:
        grounds.append((Basis.UNIT_LEADER, lambda: Q(unit_id__in=led)))
    # Rule 7: break the glass. An emergency access she opened for the case, in force now (not
    # ended, not expired: judged by the database's clock when the SQL runs, so SQL compiled
    # once never outlives it), while the case is still in the unit it was opened in and she
    # still works there as case worker or field worker. Last: the least specific ground, and
    # read-only (not in WRITING_BASES).
    emergency_units = unit_ids(user, *EMERGENCY_ROLES)
    if emergency_units:

        def has_emergency_access():
            # It starts when it is made (started_at is never ahead): only its end is asked.
            in_force = EmergencyAccess.objects.filter(
                case=OuterRef("pk"),
                unit=OuterRef("unit_id"),
                user=user,
                ended_at__isnull=True,
                expires_at__gt=Now(),
            )
            return Q(unit_id__in=emergency_units) & Q(Exists(in_force))

        grounds.append((Basis.BREAK_GLASS, has_emergency_access))
    # Rule 3 (care team and consent) joins here.
    return grounds


def any_condition(conditions) -> Q | None:
    return reduce(or_, (q for _, q in conditions)) if conditions else None


def basis_of(conditions) -> Switch:
    """The first basis whose condition a case meets, as an SQL expression."""
    return Switch(*(When(q, then=Value(b)) for b, q in conditions), default=Value(""))


def rank_of(conditions) -> Switch:
    return Switch(*(When(q, then=Value(i)) for i, (_, q) in enumerate(conditions)), default=99)


def grant_for(user, basis: str, unit_id: int) -> Grant:
    """The Grant for a basis met in a unit, with the membership it flows through."""
    if basis == Basis.UNIT_LEADER:
        return Grant(basis, membership_in_unit(user, unit_id, Role.LEADER))
    if basis == Basis.CONTACT_PERSON:
        preferred = (Role.CASEWORKER, Role.FIELD_WORKER, Role.LEADER)
        return Grant(basis, membership_in_unit(user, unit_id, *preferred))
    if basis == Basis.BREAK_GLASS:
        return Grant(basis, membership_in_unit(user, unit_id, *EMERGENCY_ROLES))
    raise ValueError(f"no grant for basis {basis!r}")
