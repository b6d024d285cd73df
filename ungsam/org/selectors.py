"""Reads of organizations and staff accounts, scoped by the access policy."""

from django.db.models import Prefetch, Q, QuerySet

from ungsam.access import policy
from ungsam.org.models import Membership, Municipality, PartnerOrganization, Place, Unit, User


def user_list(*, actor: User, query: str = "") -> QuerySet[User]:
    users = policy.users_visible_to(actor)
    if query:
        users = users.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
        )
    active = Membership.objects.active().select_related("unit", "partner", "municipality")
    return users.prefetch_related(
        Prefetch("memberships", queryset=active, to_attr="active_memberships")
    ).order_by("last_name", "first_name", "id")


def user_detail(*, actor: User, user_id) -> tuple[User, list[Membership]]:
    user = policy.access_managed_user(actor, user_id)
    memberships = list(
        user.memberships.select_related("unit", "partner", "municipality").order_by(
            "-starts_on", "id"
        )
    )
    return user, memberships


def municipalities_administered(actor: User) -> QuerySet[Municipality]:
    return Municipality.objects.filter(pk__in=policy.municipality_ids(actor, "admin"))


def home_municipality(actor: User) -> Municipality | None:
    """The municipality an admin or leader manages users in (the first, when several)."""
    ms = policy.memberships(actor)
    return ms[0].municipality if ms else None


def organization_overview(*, actor: User):
    municipality_ids = {m.municipality_id for m in policy.memberships(actor)}
    units = (
        Unit.objects.filter(municipality_id__in=municipality_ids)
        .select_related("district", "municipality")
        .order_by("district__name", "name")
    )
    partners = PartnerOrganization.objects.filter(municipality_id__in=municipality_ids).order_by(
        "kind", "name"
    )
    places = Place.objects.filter(municipality_id__in=municipality_ids).select_related("district")
    return units, partners, places
