"""The tally on a phone: choose the place, then one tap per contact (tally.js sends it as JSON
and keeps it on the phone until the server has it); without script the grid is a plain form.
Contacts entered afterwards for a past shift have their own page.

The JSON endpoints answer 401 (not a redirect to the login page) when the session is gone, so
the phone can tell "log in again" from "no network"; 404 for a unit she does not work in."""

import json
import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from ungsam.access import policy
from ungsam.lib.forms import call_service
from ungsam.outreach import shift_selectors, tally_selectors, tally_services
from ungsam.outreach.common import chosen_unit, units_or_404
from ungsam.outreach.models import AgeGroup, ContactChannel, Depth, Gender
from ungsam.outreach.tally_forms import EntryForm, PageTapForm, TapForm, UndoForm

MAX_BODY = 4096
# The grid's row labels, short enough for five rows of buttons on a 360 px screen (the full
# age group is read out with each button).
GRID_AGE_LABELS = {
    AgeGroup.BARNESKOLE: gettext_lazy("Primary"),
    AgeGroup.UNGDOMSSKOLE: gettext_lazy("Lower secondary"),
    AgeGroup.VGS: gettext_lazy("Upper secondary"),
}


def _readable_csrf_cookie() -> str:
    """The CSRF cookie's name when script may read it (tally.js reads the token at send time:
    a login in between rotates it); blank when it is HttpOnly or kept in the session, and the
    page's own token is used."""
    if settings.CSRF_COOKIE_HTTPONLY or settings.CSRF_USE_SESSIONS:
        return ""
    return settings.CSRF_COOKIE_NAME


def _tally_url(unit, units, place_id=None, channel=None) -> str:
    query = {}
    if len(units) > 1:
        query["enhet"] = unit.pk
    if place_id:
        query["sted"] = place_id
    if channel and channel != ContactChannel.FIELD:
        query["kanal"] = channel
    url = reverse("outreach:tally")
    return f"{url}?{urlencode(query)}" if query else url


@login_required
@require_http_methods(["GET", "POST"])
def tally(request):
    units = units_or_404(request.user)
    unit = chosen_unit(request, units)
    if request.method == "POST":
        return _post_from_page(request, unit, units)
    shift = shift_selectors.current_shift(request.user, unit)
    place = None
    if request.GET.get("sted"):
        place = tally_selectors.place_for_tally(unit=unit, place_id=request.GET["sted"])
        if place is None:
            raise Http404
    channel = request.GET.get("kanal")
    if channel not in ContactChannel.values:
        channel = ContactChannel.FIELD
    context = {
        "unit": unit,
        "units": units if len(units) > 1 else [],
        "shift": shift,
        "place": place,
        "channel": channel,
        "recent": tally_selectors.recent_tallies(actor=request.user, unit_id=unit.pk),
        "change_place_url": _tally_url(unit, units, channel=channel),
        "csrf_cookie_name": _readable_csrf_cookie(),
        "login_url": f"{reverse('account_login')}?{urlencode({'next': request.get_full_path()})}",
    }
    if place is None:
        context["places"] = tally_selectors.places_for_tally(
            actor=request.user, unit=unit, shift=shift
        )
    else:
        counts = tally_selectors.counts_today(
            actor=request.user, unit_id=unit.pk, place_id=place.pk
        )
        context.update(
            channels=ContactChannel.choices,
            depths=Depth.choices,
            genders=Gender.choices,
            grid=[
                (
                    a,
                    a_label,
                    GRID_AGE_LABELS.get(a, a_label),
                    [(g, g_label, counts.get((g, a), 0)) for g, g_label in Gender.choices],
                )
                for a, a_label in AgeGroup.choices
            ],
            new_key=uuid.uuid4(),
            today=timezone.localdate(),
        )
    return render(request, "outreach/tally.html", context)


def _post_from_page(request, unit, units):
    """The grid and the undo buttons without script: a form post, then back to the grid."""
    if "undo" in request.POST:
        form = UndoForm({"key": request.POST.get("undo")})
        if form.is_valid():
            try:
                tally_services.tally_undo(actor=request.user, key=form.cleaned_data["key"])
            except PermissionDenied:
                raise Http404 from None
            messages.success(request, _("The contact was undone."))
        return redirect(
            _tally_url(unit, units, request.POST.get("place"), request.POST.get("channel"))
        )
    form = PageTapForm(request.POST)
    if form.is_valid():
        gender, age_group = form.cleaned_data["cell"]
        try:
            tally_services.tally_tap(
                actor=request.user,
                key=form.cleaned_data["key"],
                unit_id=unit.pk,
                place_id=form.cleaned_data["place"],
                channel=form.cleaned_data["channel"],
                gender=gender,
                age_group=age_group,
                depth=form.cleaned_data["depth"],
                tapped_at=timezone.now(),
            )
        except tally_services.TallyConflict:
            pass  # the same page posted twice with its one key: counted once
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Saved."))
        return redirect(
            _tally_url(unit, units, form.cleaned_data["place"], form.cleaned_data["channel"])
        )
    messages.error(request, _("The contact was not saved. Choose a place, then tap again."))
    return redirect(_tally_url(unit, units))


# --- JSON endpoints (tally.js) ------------------------------------------------------------


def _json_error(message, status, errors=None) -> JsonResponse:
    body = {"error": str(message)}
    if errors:
        body["errors"] = {k: [str(m) for m in v] for k, v in errors.items()}
    return JsonResponse(body, status=status)


def _json_body(request) -> dict | None:
    """The posted object with its scalar values as text (as a form post gives them); None for
    anything else (not JSON, not an object, a list or object as a value)."""
    if len(request.body) > MAX_BODY:
        return None
    try:
        body = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(body, dict):
        return None
    data = {}
    for name, value in body.items():
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            return None
        data[name] = str(value)
    return data


def _json_gate(request):
    """401 without a session (also after the idle timeout), 404 for someone without fieldwork,
    400 for a body that is no JSON object; else None and the posted data."""
    if not request.user.is_authenticated:
        return _json_error(_("Log in again. The taps are kept on the phone."), 401), None
    if not policy.may_do_fieldwork(request.user):
        return _json_error(_("Not found."), 404), None
    data = _json_body(request)
    if data is None:
        return _json_error(_("The data sent are not valid."), 400), None
    return None, data


def _form_error(form) -> JsonResponse:
    first = next(iter(form.errors.values()))[0]
    return _json_error(_("The tap was not saved: %(reason)s") % {"reason": first}, 400, form.errors)


@require_POST
def tally_tap(request):
    refusal, data = _json_gate(request)
    if refusal:
        return refusal
    form = TapForm(data)
    if not form.is_valid():
        return _form_error(form)
    try:
        tally, created = tally_services.tally_tap(actor=request.user, **form.values())
    except PermissionDenied:
        return _json_error(_("Not found."), 404)
    except tally_services.TallyConflict:
        return _json_error(_("This key belongs to another tap."), 409)
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        first = next(iter(errors.values()))[0]
        return _json_error(_("The tap was not saved: %(reason)s") % {"reason": first}, 400, errors)
    return JsonResponse(
        {"key": str(tally.key), "date": tally.date.isoformat(), "created": created},
        status=201 if created else 200,
    )


@require_POST
def tally_undo(request):
    refusal, data = _json_gate(request)
    if refusal:
        return refusal
    form = UndoForm(data)
    if not form.is_valid():
        return _form_error(form)
    try:
        tally = tally_services.tally_undo(actor=request.user, key=form.cleaned_data["key"])
    except PermissionDenied:
        return _json_error(_("Not found."), 404)
    return JsonResponse({"key": str(tally.key), "undone": True})


# --- Contacts entered afterwards ----------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def tally_entry(request):
    units = units_or_404(request.user)
    unit = chosen_unit(request, units)
    form = EntryForm(
        request.POST if request.method == "POST" else None,
        places=tally_selectors.places_for_tally(actor=request.user, unit=unit),
        shifts=tally_selectors.shifts_for_entry(actor=request.user, unit_id=unit.pk),
    )
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            tally_services.tally_enter,
            actor=request.user,
            unit_id=unit.pk,
            on_date=form.cleaned_data["on_date"],
            shift_id=form.cleaned_data["shift"] or None,
            place_id=form.cleaned_data["place"],
            channel=form.cleaned_data["channel"],
            depth=form.cleaned_data["depth"],
            counts=form.counts(),
        )
        if done is not None:
            n = sum(t.count for t in done)
            messages.success(
                request,
                _("%(n)s contacts were saved.") % {"n": n},
            )
            url = reverse("outreach:tally_entry")
            return redirect(f"{url}?enhet={unit.pk}" if len(units) > 1 else url)
    context = {
        "form": form,
        "unit": unit,
        "units": units if len(units) > 1 else [],
        "genders": Gender.choices,
        "recent": tally_selectors.recent_tallies(actor=request.user, unit_id=unit.pk),
    }
    return render(request, "outreach/tally_entry.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def tally_entry_undo(request):
    """Undo from the entry page's list (a plain form): back to that page."""
    units = units_or_404(request.user)
    unit = chosen_unit(request, units)
    form = UndoForm({"key": request.POST.get("undo")})
    if not form.is_valid():
        raise Http404
    try:
        tally_services.tally_undo(actor=request.user, key=form.cleaned_data["key"])
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("The contact was undone."))
    url = reverse("outreach:tally_entry")
    return redirect(f"{url}?enhet={unit.pk}" if len(units) > 1 else url)
