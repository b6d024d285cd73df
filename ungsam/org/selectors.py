"""Reads of organizations and staff accounts, scoped by the access policy."""

from django.db.models import Count, Prefetch, Q, QuerySet

from ungsam.access import policy
from ungsam.org.models import (
    Area,
    Membership,
    Municipality,
    PartnerOrganization,
    Place,
    Unit,
    User,
)
from ungsam.plans.models import MeasureType

_MEMBERSHIP_JOINS = ("unit", "partner", "municipality")


def _current_memberships():
    """Roles in force and roles awaiting approval: what a manager needs to see of an account."""
    return Membership.objects.current().select_related(*_MEMBERSHIP_JOINS).order_by("id")


def current_role_like(
    *, user: User, role: str, municipality, unit=None, partner=None
) -> Membership | None:
    """The user's role of this kind in this place that is in force, starts later or awaits
    approval (not ended, not rejected), if there is one."""
    if user.pk is None:
        return None
    return (
        Membership.objects.current()
        .filter(user=user, role=role, municipality=municipality, unit=unit, partner=partner)
        .select_related(*_MEMBERSHIP_JOINS)
        .first()
    )


def current_memberships_of(user: User) -> list[Membership]:
    """Her roles that are not ended or rejected: what deactivating her account ends."""
    return list(
        Membership.objects.current()
        .filter(user=user)
        .select_related(*_MEMBERSHIP_JOINS)
        .order_by("id")
    )


def user_list(*, actor: User, query: str = "") -> QuerySet[User]:
    users = policy.users_visible_to(actor)
    if query:
        users = users.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
        )
    return users.prefetch_related(
        Prefetch("memberships", queryset=_current_memberships(), to_attr="current_memberships")
    ).order_by("last_name", "first_name", "id")


def user_detail(*, actor: User, user_id) -> tuple[User, list[Membership]]:
    user = policy.access_managed_user(actor, user_id)
    memberships = list(
        user.memberships.select_related(*_MEMBERSHIP_JOINS, "granted_by", "decided_by").order_by(
            "-starts_on", "-id"
        )
    )
    return user, memberships


def membership_detail(*, actor: User, membership_id) -> Membership:
    return policy.access_membership(actor, membership_id)


def awaiting_decision(*, actor: User) -> list[Membership]:
    return list(
        policy.memberships_awaiting_decision_by(actor)
        .select_related("user", "granted_by", *_MEMBERSHIP_JOINS)
        .order_by("created_at", "id")
    )


def awaiting_decision_count(*, actor: User) -> int:
    return policy.memberships_awaiting_decision_by(actor).count()


def municipalities_administered(actor: User) -> QuerySet[Municipality]:
    return Municipality.objects.filter(pk__in=policy.administered_municipality_ids(actor))


def home_municipality(actor: User) -> Municipality | None:
    return policy.home_municipality(actor)


def organization_overview(*, actor: User):
    municipality_ids = policy.all_municipality_ids(actor)
    units = (
        Unit.objects.filter(municipality_id__in=municipality_ids)
        .select_related("district", "municipality")
        .order_by("district__name", "name")
    )
    partners = PartnerOrganization.objects.filter(municipality_id__in=municipality_ids).order_by(
        "kind", "name"
    )
    places = (
        Place.objects.filter(municipality_id__in=municipality_ids)
        .select_related("district", "area")
        .order_by("-active", "area__name", "name")
    )
    measure_types = MeasureType.objects.filter(municipality_id__in=municipality_ids).order_by(
        "-active", "name"
    )
    areas = (
        Area.objects.filter(municipality_id__in=municipality_ids)
        .annotate(places_in_use=Count("places", filter=Q(places__active=True)))
        .order_by("-active", "name")
    )
    return units, partners, areas, places, measure_types
