"""Authentication: allauth's backend, but a request's user arrives with her roles in force
already read (one query instead of two on every request; the policy reads them from the user,
see `ungsam.access.policy.identity.memberships`)."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend

from ungsam.org.models import Membership


class AuthenticationBackend(AllauthBackend):
    def get_user(self, user_id):
        roles = list(
            Membership.objects.active()
            .filter(user_id=user_id)
            .select_related("user", "unit", "partner", "municipality")
            .order_by("id")
        )
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
