"""An account made (or given a new password) by someone else: the password that person chose
works for one login, and only to choose the user's own (`User.must_set_password`)."""

from django.conf import settings
from django.db import transaction

from ungsam.access import audit
from ungsam.access.models import AuditAction, Purpose
from ungsam.org.demo import DEMO_USERS
from ungsam.org.models import User

DEMO_USERNAMES = frozenset(d.username for d in DEMO_USERS)
# When the user chose their own password in this session: AccountAdapter counts it, like the
# password typed at login, as a fresh authentication (no second password prompt right after).
PASSWORD_CHOSEN_AT = "ungsam_password_chosen_at"  # noqa: S105 (a session key, not a password)


def must_choose_password(user) -> bool:
    """Whether the user still logs in with a password someone else chose."""
    if not getattr(user, "must_set_password", False):
        return False
    # The demo logins that `make run` prints must keep working on a developer's machine; with
    # DEBUG off (production, tests) the demo accounts are treated like any other.
    return not (settings.DEBUG and user.username in DEMO_USERNAMES)


def spend_initial_password(user) -> bool:
    """Called when the password was right: True if this login may go on. The first login with
    a password someone else chose spends it; a second one is refused like a wrong password."""
    if not must_choose_password(user):
        return True
    # One UPDATE with the condition in it, so two logins at the same moment cannot both win.
    spent = User.objects.filter(pk=user.pk, initial_password_used=False).update(
        initial_password_used=True
    )
    user.initial_password_used = True
    return spent == 1


def own_password_set(*, user: User, password: str) -> None:
    """The user chose their own password: the one someone else gave them stops mattering."""
    with transaction.atomic():
        user.set_password(password)
        user.must_set_password = False
        # Back to the state of a fresh one-time password, so the next one an admin gives is not
        # refused as already used.
        user.initial_password_used = False
        user.save(update_fields=["password", "must_set_password", "initial_password_used"])
        audit.record(
            user,
            audit.Entry(AuditAction.UPDATE, Purpose.AUTHENTICATION, obj=user, fields=("password",)),
        )
