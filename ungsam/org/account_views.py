"""The user's own account, at first login: choose one's own password, then pick a second factor.
Both pages are reachable while the first-login middlewares hold every other page back."""

import time

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ungsam.org import own_password
from ungsam.org.account_forms import OwnPasswordForm


@login_required
@require_http_methods(["GET", "POST"])
def choose_password(request):
    if not own_password.must_choose_password(request.user):
        return redirect("web:dashboard")
    form = OwnPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        own_password.own_password_set(
            user=request.user, password=form.cleaned_data["new_password1"]
        )
        # A new password hash ends every session whose hash no longer matches: keep this one.
        update_session_auth_hash(request, request.user)
        request.session[own_password.PASSWORD_CHOSEN_AT] = time.time()
        messages.success(request, _("Your password is saved."))
        return redirect("web:dashboard")
    status = 400 if request.method == "POST" else 200
    return render(request, "account/choose_password.html", {"form": form}, status=status)


@login_required
def mfa_setup(request):
    if Authenticator.objects.filter(user=request.user).exists():
        return redirect("mfa_index")
    return render(request, "account/mfa_setup.html")
