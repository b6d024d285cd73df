"""Authentication: allauth's backend, but a request's user arrives with her roles in force
already read (one query instead of two on every request; the policy reads them from the user,
see `ungsam.access.policy.identity.memberships`)."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.utils import timezone

from ungsam.lib.precompiled import Precompiled
from ungsam.org.models import Membership

# (user id, day) -> the compiled query of her roles in force that day. Bounded: a worker
# process meets a few hundred users a day.
_ROLES_QUERIES: dict[tuple, Precompiled] = {}
_MAX_QUERIES = 4096


def _roles_in_force(user_id) -> list[Membership]:
    day = timezone.localdate()
    query = _ROLES_QUERIES.get((user_id, day))
    if query is None:
        query = Precompiled(
            Membership.objects.active(day)
            .filter(user_id=user_id)
            .select_related("user", "unit", "partner", "municipality")
            .order_by("id")
        )
        if len(_ROLES_QUERIES) >= _MAX_QUERIES:
            _ROLES_QUERIES.clear()
        _ROLES_QUERIES[(user_id, day)] = query
    return query.fetch()


class AuthenticationBackend(AllauthBackend):
    def get_user(self, user_id):
        roles = _roles_in_force(user_id)
        if not roles:
            user = super().get_user(user_id)
            if user is not None:
                user._ungsam_memberships = []
            return user
        user = roles[0].user
        for membership in roles:
            membership.user = user  # one user object, not one per row
        user._ungsam_memberships = roles
        return user if self.user_can_authenticate(user) else None
