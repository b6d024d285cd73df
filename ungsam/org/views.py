from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from ungsam.access import policy
from ungsam.lib.forms import call_service, search_text
from ungsam.lib.pagination import page_of
from ungsam.org import selectors, services
from ungsam.org.forms import (
    AreaForm,
    MeasureTypeForm,
    MembershipEndDateForm,
    MembershipEndForm,
    MembershipForm,
    PartnerForm,
    PlaceForm,
    UnitForm,
    UserCreateForm,
    UserUpdateForm,
)
from ungsam.org.models import Area, MembershipStatus, PartnerOrganization, Place, Unit
from ungsam.plans.models import MeasureType


def _require(allowed: bool):
    # Pages a role cannot use answer 404, like pages that do not exist: nothing to probe.
    if not allowed:
        raise Http404


def _call_service(form, service, **kwargs):
    return call_service(
        form, service, refused=_("You may not give this role in this place."), **kwargs
    )


def _membership_args(data) -> dict:
    return {
        "role": data["role"],
        "unit": data.get("unit"),
        "partner": data.get("partner"),
        "ends_on": data.get("ends_on"),
    }


def _announce_role(request, membership) -> None:
    if membership.status == MembershipStatus.PENDING:
        messages.warning(
            request,
            _(
                "The role awaits approval by another administrator or the unit's leader. "
                "It gives no access until then."
            ),
        )


@login_required
def user_list(request):
    _require(policy.may_manage_users(request.user))
    query = search_text(request.GET.get("q"))
    page = page_of(selectors.user_list(actor=request.user, query=query), request.GET.get("side"))
    context = {
        "page": page,
        "query": query,
        "pager_query": urlencode({"q": query}) if query else "",
        "awaiting": selectors.awaiting_decision_count(actor=request.user),
    }
    return render(request, "org/user_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def user_create(request):
    _require(policy.may_manage_users(request.user))
    municipality = selectors.home_municipality(request.user)
    form = UserCreateForm(request.POST or None, actor=request.user, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = _call_service(
            form,
            services.user_create,
            actor=request.user,
            municipality=municipality,
            username=data["username"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            password=data["password"],
            **_membership_args(data),
        )
        if user is not None:
            messages.success(
                request,
                _(
                    "The user was created. Give her the one-time password in person or by "
                    "phone: it works once, to choose her own."
                ),
            )
            _announce_role(request, user.memberships.get())
            return redirect("org:user_detail", pk=user.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "org/user_create.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def user_detail(request, pk):
    _require(policy.may_manage_users(request.user))
    user, memberships = selectors.user_detail(actor=request.user, user_id=pk)
    municipality = selectors.home_municipality(request.user)
    is_self = user.pk == request.user.pk
    form = None
    if not is_self and user.is_active:
        form = MembershipForm(
            request.POST or None, actor=request.user, municipality=municipality, user=user
        )
    if request.method == "POST":
        if form is None:
            raise Http404  # nobody gives herself a role; there is no form to send
        if form.is_valid():
            added = _call_service(
                form,
                services.membership_add,
                actor=request.user,
                user=user,
                municipality=municipality,
                **_membership_args(form.cleaned_data),
            )
            if added is not None:
                messages.success(request, _("The role was given."))
                _announce_role(request, added)
                return redirect("org:user_detail", pk=user.pk)
    status = 400 if request.method == "POST" else 200
    context = {
        "managed": user,
        "memberships": memberships,
        "form": form,
        "is_self": is_self,
        "may_reset_password": policy.password_reset_refusal(request.user, user) is None,
        "may_change_account": policy.account_change_refusal(request.user, user) is None,
    }
    return render(request, "org/user_detail.html", context, status=status)


def _changeable_account(request, pk):
    """The account, and whether the user may change it (if not, the reason is a message)."""
    _require(policy.may_manage_users(request.user))
    user = policy.access_managed_user(request.user, pk)
    refusal = policy.account_change_refusal(request.user, user)
    if refusal:
        messages.error(request, refusal)
        return user, False
    return user, True


@login_required
@require_http_methods(["GET", "POST"])
def user_edit(request, pk):
    user, allowed = _changeable_account(request, pk)
    if not allowed:
        return redirect("org:user_detail", pk=user.pk)
    initial = {"first_name": user.first_name, "last_name": user.last_name, "email": user.email}
    form = UserUpdateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changed = _call_service(
            form, services.user_update, actor=request.user, user=user, **form.cleaned_data
        )
        if changed is not None:
            messages.success(request, _("The account was saved."))
            return redirect("org:user_detail", pk=user.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "org/user_edit.html", {"managed": user, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def user_deactivate(request, pk):
    user, allowed = _changeable_account(request, pk)
    if not allowed:
        return redirect("org:user_detail", pk=user.pk)
    if request.method == "POST":
        services.user_deactivate(actor=request.user, user=user)
        messages.success(
            request,
            _(
                "The account was deactivated. She cannot log in, her sessions have ended and "
                "her roles ended today."
            ),
        )
        return redirect("org:user_detail", pk=user.pk)
    roles = selectors.current_memberships_of(user)
    return render(request, "org/user_deactivate.html", {"managed": user, "roles": roles})


@login_required
@require_POST
def user_activate(request, pk):
    user, allowed = _changeable_account(request, pk)
    if allowed:
        services.user_activate(actor=request.user, user=user)
        messages.success(
            request,
            _(
                "The account is active again. Her old roles stay ended: give her the ones she "
                "needs."
            ),
        )
    return redirect("org:user_detail", pk=user.pk)


@login_required
@require_POST
def user_password_email(request, pk):
    user, allowed = _changeable_account(request, pk)
    if not allowed:
        return redirect("org:user_detail", pk=user.pk)
    try:
        services.user_send_password_reset(actor=request.user, user=user, request=request)
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(
            request,
            _(
                "A password e-mail was sent to %(email)s. The link in it lets her choose a new "
                "password; her second factor is still asked for."
            )
            % {"email": user.email},
        )
    return redirect("org:user_detail", pk=user.pk)


@login_required
@require_POST
def user_one_time_password(request, pk):
    _require(policy.may_manage_users(request.user))
    user = policy.access_managed_user(request.user, pk)
    try:
        password = services.user_set_one_time_password(actor=request.user, user=user)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect("org:user_detail", pk=user.pk)
    # Shown once, on this response only: never stored in the session or a message.
    return render(request, "org/one_time_password.html", {"managed": user, "password": password})


@login_required
@require_http_methods(["GET", "POST"])
def membership_detail(request, pk):
    membership = selectors.membership_detail(actor=request.user, membership_id=pk)
    form = MembershipEndDateForm(request.POST or None, initial={"ends_on": membership.ends_on})
    if request.method == "POST" and form.is_valid():
        changed = _call_service(
            form,
            services.membership_set_end,
            actor=request.user,
            membership=membership,
            ends_on=form.cleaned_data["ends_on"],
        )
        if changed is not None:
            messages.success(request, _("The end date was changed."))
            return redirect("org:membership_detail", pk=membership.pk)
    status = 400 if request.method == "POST" else 200
    decision_refusal = policy.decision_refusal(request.user, membership)
    context = {
        "membership": membership,
        "form": form,
        "may_decide": decision_refusal is None,
        "decision_refusal": decision_refusal,
        "is_own": membership.user_id == request.user.pk,
    }
    return render(request, "org/membership_detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def membership_end(request, pk):
    """ "End role" asks first: end it now, or from a later day. Ending a role that has already
    ended changes nothing."""
    membership = policy.access_membership(request.user, pk)
    # "End now" sends no field at all: bind the form to any POST, empty too.
    form = MembershipEndForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["later"]:
            ends_on = form.cleaned_data["ends_on"]
            changed = _call_service(
                form,
                services.membership_set_end,
                actor=request.user,
                membership=membership,
                ends_on=ends_on,
            )
            if changed is not None:
                messages.success(
                    request,
                    _(
                        "The role ends on %(date)s: access through it stops at the start of "
                        "that day."
                    )
                    % {"date": date_format(ends_on, "j. F Y")},
                )
                return redirect("org:user_detail", pk=membership.user_id)
        elif not membership.is_current:
            messages.info(request, _("The role had already ended. Nothing was changed."))
            return redirect("org:user_detail", pk=membership.user_id)
        else:
            try:
                services.membership_end(actor=request.user, membership=membership)
            except PermissionDenied as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("The role was ended. Access through it stopped now."))
            return redirect("org:user_detail", pk=membership.user_id)
    status = 400 if request.method == "POST" else 200
    context = {"membership": membership, "form": form}
    return render(request, "org/membership_end.html", context, status=status)


def _decide(request, pk, service, done):
    membership = policy.access_membership(request.user, pk)
    try:
        service(actor=request.user, membership=membership)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect("org:membership_detail", pk=membership.pk)
    messages.success(request, done)
    if request.POST.get("next") == "queue":
        return redirect("org:approvals")
    return redirect("org:user_detail", pk=membership.user_id)


@login_required
@require_POST
def membership_approve(request, pk):
    return _decide(
        request, pk, services.membership_approve, _("The role was approved and is in force now.")
    )


@login_required
@require_POST
def membership_reject(request, pk):
    return _decide(request, pk, services.membership_reject, _("The role was rejected."))


@login_required
def approvals(request):
    _require(policy.may_manage_users(request.user))
    pending = selectors.awaiting_decision(actor=request.user)
    return render(request, "org/approvals.html", {"pending": pending})


@login_required
def organization(request):
    _require(
        policy.may_manage_users(request.user) or policy.may_configure_organization(request.user)
    )
    units, partners, areas, places, measure_types = selectors.organization_overview(
        actor=request.user
    )
    context = {
        "units": units,
        "partners": partners,
        "areas": areas,
        "places": places,
        "measure_types": measure_types,
        "may_configure": policy.may_configure_organization(request.user),
    }
    return render(request, "org/organization.html", context)


CONFIGURABLE = {
    # kind: (model, form, create, update, new title, created message, changed message)
    "unit": (
        Unit,
        UnitForm,
        services.unit_create,
        services.unit_update,
        _lazy("New unit"),
        _lazy("The unit was created."),
        _lazy("The unit was saved."),
    ),
    "partner": (
        PartnerOrganization,
        PartnerForm,
        services.partner_create,
        services.partner_update,
        _lazy("New partner organization"),
        _lazy("The partner organization was created."),
        _lazy("The partner organization was saved."),
    ),
    # Areas of the municipality, which places belong to and outreach reports by.
    "area": (
        Area,
        AreaForm,
        services.area_create,
        services.area_update,
        _lazy("New area"),
        _lazy("The area was created."),
        _lazy("The area was saved."),
    ),
    "place": (
        Place,
        PlaceForm,
        services.place_create,
        services.place_update,
        _lazy("New place"),
        _lazy("The place was created."),
        _lazy("The place was saved."),
    ),
    # The catalog of measures action plans choose from (ungsam/plans): configured here, with the
    # rest of what an admin configures, under the same rules and audit.
    "measure_type": (
        MeasureType,
        MeasureTypeForm,
        services.measure_type_create,
        services.measure_type_update,
        _lazy("New measure"),
        _lazy("The measure was added to the catalog."),
        _lazy("The measure was saved."),
    ),
}


def _configure_view(request, kind):
    _require(policy.may_configure_organization(request.user))
    _, form_class, create, _update, title, done, _changed = CONFIGURABLE[kind]
    municipality = selectors.municipalities_administered(request.user).first()
    form = form_class(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        created = _call_service(
            form, create, actor=request.user, municipality=municipality, **form.cleaned_data
        )
        if created is not None:
            messages.success(request, done)
            return redirect("org:organization")
    status = 400 if request.method == "POST" else 200
    return render(request, "org/configure.html", {"form": form, "title": title}, status=status)


def _reconfigure_view(request, kind, pk):
    _require(policy.may_configure_organization(request.user))
    model, form_class, _create, update, _title, _done, changed = CONFIGURABLE[kind]
    obj = policy.access_configurable(request.user, model, pk)
    form = form_class(request.POST or None, municipality=obj.municipality, instance=obj)
    if request.method == "POST" and form.is_valid():
        saved = _call_service(form, update, actor=request.user, **{kind: obj}, **form.cleaned_data)
        if saved is not None:
            messages.success(request, changed)
            return redirect("org:organization")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "object": obj, "kind": kind}
    return render(request, "org/configure_edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request):
    return _configure_view(request, "unit")


@login_required
@require_http_methods(["GET", "POST"])
def partner_create(request):
    return _configure_view(request, "partner")


@login_required
@require_http_methods(["GET", "POST"])
def place_create(request):
    return _configure_view(request, "place")


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request, pk):
    return _reconfigure_view(request, "unit", pk)


@login_required
@require_http_methods(["GET", "POST"])
def partner_edit(request, pk):
    return _reconfigure_view(request, "partner", pk)


@login_required
@require_http_methods(["GET", "POST"])
def place_edit(request, pk):
    return _reconfigure_view(request, "place", pk)


@login_required
@require_http_methods(["GET", "POST"])
def measure_type_create(request):
    return _configure_view(request, "measure_type")


@login_required
@require_http_methods(["GET", "POST"])
def measure_type_edit(request, pk):
    return _reconfigure_view(request, "measure_type", pk)


@login_required
@require_http_methods(["GET", "POST"])
def area_create(request):
    return _configure_view(request, "area")


@login_required
@require_http_methods(["GET", "POST"])
def area_edit(request, pk):
    return _reconfigure_view(request, "area", pk)
