from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from ungsam.access import policy
from ungsam.access.models import Purpose
from ungsam.cases.selectors import open_case_counts_by_unit
from ungsam.collab.meeting_selectors import dashboard_tasks
from ungsam.collab.shared_selectors import shared_with_me
from ungsam.collab.team_selectors import handovers_awaiting
from ungsam.concerns.selectors import overdue_reports
from ungsam.org.selectors import awaiting_decision_count
from ungsam.ot.register_selectors import unseen_notice_count
from ungsam.people.selectors import youth_for_dashboard


@login_required
def dashboard(request):
    user = request.user
    follows_cases = policy.follows_cases(user)
    context = {"memberships": policy.memberships(user), "follows_cases": follows_cases}
    if follows_cases:
        # Two statements: her first youth (soonest appointment first) with how many are hers,
        # and how many she may see.
        # Her reports of concern whose feedback from child welfare is overdue ride along in
        # the card's count statement.
        card = youth_for_dashboard(
            actor=user, also_count={"concerns_overdue": overdue_reports(actor=user)}
        )
        context["my_youth"] = card.mine
        context["my_youth_count"] = card.mine_count
        context["youth_access_count"] = card.visible_count
        context["consents_lapsing"] = card.consents_lapsing
        context["offers_awaiting"] = card.offers_awaiting
        context["notice_days"] = settings.CONSENT_EXPIRY_NOTICE_DAYS
        context["upcoming"] = [y for y in card.mine if y.next_at is not None]
        context["concerns_overdue"] = card.also["concerns_overdue"]
    if policy.leads_a_unit(user):
        context["unit_load"] = open_case_counts_by_unit(actor=user)
    if policy.leads_an_ot_unit(user):
        # The OT coordinator's routing notices nobody has seen: one count, for her only.
        context["ot_notices_unseen"] = unseen_notice_count(actor=user)
    context["may_manage_users"] = policy.may_manage_users(user)
    if context["may_manage_users"]:
        context["awaiting_approval"] = awaiting_decision_count(actor=user)
    context["may_view_statistics"] = policy.may_view_statistics(user)
    context["is_partner"] = policy.is_partner(user)
    if context["is_partner"]:
        # Her home (issue 14): the youth who shared with her service, what and until when.
        context["home"] = shared_with_me(actor=user)
        context["handovers"] = handovers_awaiting(actor=user, purpose=Purpose.COLLABORATION)
        # Requests to her organisation nobody has opened yet: one query.
        context["requests_new"] = policy.new_requests_count(user)
    if context["is_partner"] or follows_cases:
        # Her open actions from the teams' meetings, and the overdue meetings of teams she
        # coordinates: one statement, naming no youth.
        context["my_tasks"] = dashboard_tasks(actor=user)
        context["today"] = timezone.localdate()
    context["may_refer"] = policy.may_send_referrals(user)
    # A school's counselor tells OT that a student quit (no query: her cached roles).
    context["may_report_leaver"] = policy.school_reporting_membership(user) is not None
    return render(request, "web/dashboard.html", context)


@never_cache
def healthz(request):
    """Liveness for operators and the bare baseline for `make bench`: no session, no database."""
    return HttpResponse("ok", content_type="text/plain")


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    return render(request, "500.html", status=500)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_400(request, exception=None):
    return render(request, "400.html", status=400)


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
