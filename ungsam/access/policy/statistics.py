"""Statistics (DESIGN.md, access rule 5): counts without personal data, small cells withheld."""

from django.conf import settings

from ungsam.access.policy.identity import all_municipality_ids, has_role
from ungsam.org.models import Role


def may_view_statistics(user) -> bool:
    return has_role(user, Role.ANALYST, Role.LEADER, Role.ADMIN)


def statistics_municipality_ids(user) -> set[int]:
    return all_municipality_ids(user) if may_view_statistics(user) else set()


def suppress_small(count: int) -> int | None:
    """A count small enough to point at a person is withheld (None) where it leaves the unit."""
    return None if 0 < count < settings.SMALL_CELL_LIMIT else count
