"""The access policy: the one place that answers "may this user do this to this object".

Every selector of personal data filters through the `*_visible_to` functions here, and every
`access_*` gatekeeper answers a record the user may not see exactly like one that does not
exist (404), so ids leak nothing. The rules are those of DESIGN.md, "Access"; the numbers in
the comments refer to them. Later inputs (consent, information categories, care teams) enter
as extra conditions in these functions, not in views.
"""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from ungsam.access import audit
from ungsam.access.models import AuditAction, AuditEvent
from ungsam.cases.models import Case, CaseContact
from ungsam.org.models import Membership, Role, Unit, User
from ungsam.people.models import Youth

PERSONAL_DATA_ROLES = {Role.FIELD_WORKER, Role.CASEWORKER, Role.LEADER, Role.PARTNER}


def _get_or_404(queryset, pk):
    """One row of an already-scoped queryset; missing, forbidden and malformed ids all 404."""
    try:
        return queryset.get(pk=int(pk))
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- Who the user is -------------------------------------------------------------------


def memberships(user) -> list[Membership]:
    """The user's active memberships, read once per request (cached on the user object)."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_ungsam_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.active()
            .filter(user=user)
            .select_related("unit", "partner", "municipality")
        )
        user._ungsam_memberships = cached
    return cached


def roles(user) -> set[str]:
    return {m.role for m in memberships(user)}


def has_role(user, *wanted: str) -> bool:
    return bool(roles(user) & set(wanted))


def unit_ids(user, *wanted_roles: str) -> set[int]:
    return {m.unit_id for m in memberships(user) if m.unit_id and m.role in wanted_roles}


def municipality_ids(user, *wanted_roles: str) -> set[int]:
    return {m.municipality_id for m in memberships(user) if m.role in wanted_roles}


def reads_personal_data(user) -> bool:
    return bool(roles(user) & PERSONAL_DATA_ROLES)


def needs_mfa(user) -> bool:
    return bool(roles(user) & set(settings.MFA_REQUIRED_ROLES))


# --- Cases and youth (rules 1, 3, 4, 5) --------------------------------------------------


def cases_visible_to(user) -> QuerySet[Case]:
    if not user.is_authenticated:
        return Case.objects.none()
    # Rule 1: contact person of the case, or leader of the case's unit.
    led_units = unit_ids(user, Role.LEADER)
    worker_units = unit_ids(user, Role.FIELD_WORKER, Role.CASEWORKER, Role.LEADER)
    if not worker_units:
        # Rules 3-5: partners (until consent and care teams exist), analysts and admins see none.
        return Case.objects.none()
    is_contact = Exists(CaseContact.objects.filter(case=OuterRef("pk"), user=user))
    return Case.objects.filter(
        Q(unit_id__in=led_units) | (Q(unit_id__in=worker_units) & is_contact)
    )


def youth_visible_to(user) -> QuerySet[Youth]:
    visible_cases = cases_visible_to(user)
    return Youth.objects.filter(Exists(visible_cases.filter(youth=OuterRef("pk"))))


def may_see_protected_address(user, youth: Youth) -> bool:
    # Rule 8: only roles named in settings, and only for a youth they may see at all.
    return has_role(user, *settings.PROTECTED_ADDRESS_ROLES)


def visible_youth_fields(user, youth: Youth) -> tuple[str, ...]:
    fields = ["first_name", "last_name", "birth_date", "phone"]
    if not youth.protected_address or may_see_protected_address(user, youth):
        fields.append("address")
    return tuple(fields)


def access_youth(user, youth_id, *, purpose: str) -> Youth:
    """The youth, if the user may see them; else 404. Writes the audit "viewed" row."""
    youth = _get_or_404(youth_visible_to(user), youth_id)
    audit.record(
        user,
        audit.Entry(
            action=AuditAction.VIEW,
            purpose=purpose,
            obj=youth,
            youth_id=youth.pk,
            fields=visible_youth_fields(user, youth),
        ),
    )
    return youth


# --- Subject access and the audit log (rule 7's flag lands here later) -------------------


def youth_for_subject_access(user) -> QuerySet[Youth]:
    """A leader of a unit that holds a case for the youth answers the youth's subject access."""
    led = unit_ids(user, Role.LEADER)
    if not led:
        return Youth.objects.none()
    return Youth.objects.filter(Exists(Case.objects.filter(youth=OuterRef("pk"), unit_id__in=led)))


def may_export_subject_access(user, youth: Youth) -> bool:
    return youth_for_subject_access(user).filter(pk=youth.pk).exists()


def access_youth_for_subject_access(user, youth_id) -> Youth:
    """The youth whose audit trail the user may export; else 404. The export itself is
    recorded by the selector that reads the trail, so no "viewed" row is written here."""
    return _get_or_404(youth_for_subject_access(user), youth_id)


def may_view_audit_log(user) -> bool:
    return has_role(user, Role.LEADER)


def audit_events_visible_to(user) -> QuerySet[AuditEvent]:
    """Leaders see what the members of their units did, and what was done to their units' youth."""
    led = unit_ids(user, Role.LEADER)
    if not led:
        return AuditEvent.objects.none()
    members = Membership.objects.filter(unit_id__in=led).values("user_id")
    youth = Case.objects.filter(unit_id__in=led).values("youth_id")
    return AuditEvent.objects.filter(Q(actor_id__in=members) | Q(youth_id__in=youth))


# --- Administration (rule 4) -------------------------------------------------------------


def may_manage_users(user) -> bool:
    return has_role(user, Role.ADMIN, Role.LEADER)


def may_configure_organization(user) -> bool:
    return has_role(user, Role.ADMIN)


def units_managed_by(user) -> QuerySet[Unit]:
    admin_of = municipality_ids(user, Role.ADMIN)
    led = unit_ids(user, Role.LEADER)
    return Unit.objects.filter(Q(municipality_id__in=admin_of) | Q(pk__in=led))


def users_visible_to(user) -> QuerySet[User]:
    """Staff accounts an admin or leader may manage. Not personal data about youth."""
    admin_of = municipality_ids(user, Role.ADMIN)
    led = unit_ids(user, Role.LEADER)
    if not admin_of and not led:
        return User.objects.none()
    in_scope = Membership.objects.filter(
        Q(municipality_id__in=admin_of) | Q(unit_id__in=led), user=OuterRef("pk")
    )
    scope = Q(Exists(in_scope))
    if admin_of:
        # An admin also sees accounts that hold no membership yet.
        scope |= ~Exists(Membership.objects.filter(user=OuterRef("pk")))
    return User.objects.filter(scope)


def assignable_roles(user) -> list[str]:
    if has_role(user, Role.ADMIN):
        return list(Role.values)
    if has_role(user, Role.LEADER):
        return [Role.FIELD_WORKER, Role.CASEWORKER]
    return []


def may_assign(user, *, role: str, unit: Unit | None, municipality_id: int) -> bool:
    if role not in assignable_roles(user):
        return False
    if has_role(user, Role.ADMIN) and municipality_id in municipality_ids(user, Role.ADMIN):
        return True
    return unit is not None and unit.pk in unit_ids(user, Role.LEADER)


def access_managed_user(user, user_id) -> User:
    return _get_or_404(users_visible_to(user), user_id)


def access_membership(user, membership_id) -> Membership:
    """A membership the user may end: in a municipality they administer or a unit they lead."""
    admin_of = municipality_ids(user, Role.ADMIN)
    led = unit_ids(user, Role.LEADER)
    scope = Membership.objects.filter(
        Q(municipality_id__in=admin_of)
        | Q(unit_id__in=led, role__in=[Role.FIELD_WORKER, Role.CASEWORKER])
    )
    return _get_or_404(scope.select_related("user", "unit", "partner"), membership_id)


# --- Statistics (rule 5) ---------------------------------------------------------------


def may_view_statistics(user) -> bool:
    return has_role(user, Role.ANALYST, Role.LEADER, Role.ADMIN)


def suppress_small(count: int) -> int | None:
    """A count small enough to point at a person is withheld (None) where it leaves the unit."""
    return None if 0 < count < settings.SMALL_CELL_LIMIT else count
