from functools import cache

from django.conf import settings
from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext_lazy as _

from ungsam.access import policy


def navigation(request):
    """The menu a user sees: only the pages their roles can use."""
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        prefix = get_script_prefix()
        items.append((_path("web:dashboard", prefix), _("Overview")))
        if policy.reads_personal_data(user):
            items.append((_path("people:youth_list", prefix), _("Youth")))
        if policy.leads_a_unit(user):
            items.append((_path("cases:waiting_list", prefix), _("Waiting list")))
            items.append((_path("pathway:overview", prefix), _("Service pathway")))
        if policy.works_in_ot(user):
            items.append((_path("ot:register_list", prefix), _("OT register")))
        if policy.may_see_followup_list(user):
            # Youth in her units without a next step (issue 18, point 4).
            items.append((_path("ot:followup_list", prefix), _("No next step")))
        if policy.works_in_ot(user):
            items.append((_path("ot:own_deadlines", prefix), _("My deadlines")))
        if policy.may_do_fieldwork(user):
            items.append((_path("outreach:dashboard", prefix), _("Fieldwork")))
        if policy.may_answer_find_requests(user):
            # OT asks outreach to find a youth it cannot reach (issue 18).
            items.append((_path("ot:find_list", prefix), _("Requests from OT")))
        if policy.may_receive_handovers(user):
            items.append((_path("ot:handover_received", prefix), _("Handovers")))
        if policy.may_record_inquiries(user):
            items.append((_path("inquiries:list", prefix), _("Inquiries")))
        if policy.may_use_early_warning(user):
            # A school counselor's list of her students at risk (issue 18).
            items.append((_path("ot:early_warning_list", prefix), _("Early intervention")))
        if policy.may_view_statistics(user):
            items.append((_path("stats:statistics", prefix), _("Statistics")))
        if policy.leads_a_unit(user):
            # A leader imports her unit's history from an older system (issue 17).
            items.append((_path("transfer:import_home", prefix), _("Import history")))
        if policy.may_import_school_data(user):
            # An admin, or a school's counselor for her own school, imports school data.
            items.append((_path("ot:school_import_home", prefix), _("Import school data")))
        if policy.may_manage_users(user):
            items.append((_path("org:user_list", prefix), _("Users")))
            items.append((_path("org:organization", prefix), _("Organization")))
        if policy.may_configure_risk_rules(user):
            items.append((_path("ot:early_warning_rules", prefix), _("Early intervention")))
        elif policy.may_view_rule_backtest(user):
            # An analyst checks the rules against history (counts only).
            items.append((_path("ot:early_warning_backtest", prefix), _("Early intervention")))
        if policy.may_view_access_changes(user):
            items.append((_path("access:access_changes", prefix), _("Access changes")))
        if policy.may_view_audit_log(user):
            items.append((_path("access:audit_log", prefix), _("Audit log")))
        if policy.may_review_emergency_access(user):
            items.append((_path("access:emergency_review_list", prefix), _("Emergency access")))
    path = request.path if request else ""
    # The page is under the item with the longest matching address (/statistikk/import/ is
    # Import, not Statistics).
    matching = [
        url for url, _label in items if path == url or (url != "/" and path.startswith(url))
    ]
    current = max(matching, key=len, default=None)
    return {
        "nav_items": [
            {"url": url, "label": label, "current": url == current} for url, label in items
        ],
        "demo_skip_mfa": settings.DEMO_SKIP_MFA,
        **(_demo_logins() if settings.DEBUG else {}),
    }


@cache
def _path(name: str, prefix: str) -> str:
    # The menu's addresses take no arguments: they change only with the script prefix (a
    # deployment under a sub-path), which is part of the key. Every page built them anew.
    return reverse(name)


def _demo_logins():
    from ungsam.org.demo import DEMO_PASSWORD, DEMO_USERS
    from ungsam.org.models import Role

    users = [
        {"username": d.username, "role_label": Role(d.role).label, "place": d.place}
        for d in DEMO_USERS
    ]
    return {"show_demo_logins": True, "demo_users": users, "demo_password": DEMO_PASSWORD}
