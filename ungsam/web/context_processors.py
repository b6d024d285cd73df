from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ungsam.access import policy


def navigation(request):
    """The menu a user sees: only the pages their roles can use."""
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        items.append((reverse("web:dashboard"), _("Overview")))
        if policy.reads_personal_data(user):
            items.append((reverse("people:youth_list"), _("Youth")))
        if policy.may_view_statistics(user):
            items.append((reverse("stats:statistics"), _("Statistics")))
        if policy.may_manage_users(user):
            items.append((reverse("org:user_list"), _("Users")))
            items.append((reverse("org:organization"), _("Organization")))
        if policy.may_view_access_changes(user):
            items.append((reverse("access:access_changes"), _("Access changes")))
        if policy.may_view_audit_log(user):
            items.append((reverse("access:audit_log"), _("Audit log")))
    current = request.path if request else ""
    return {
        "nav_items": [
            {
                "url": url,
                "label": label,
                "current": current == url or (url != "/" and current.startswith(url)),
            }
            for url, label in items
        ],
        "demo_skip_mfa": settings.DEMO_SKIP_MFA,
        **(_demo_logins() if settings.DEBUG else {}),
    }


def _demo_logins():
    from ungsam.org.demo import DEMO_PASSWORD, DEMO_USERS
    from ungsam.org.models import Role

    users = [
        {"username": d.username, "role_label": Role(d.role).label, "place": d.place}
        for d in DEMO_USERS
    ]
    return {"show_demo_logins": True, "demo_users": users, "demo_password": DEMO_PASSWORD}
