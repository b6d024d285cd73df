"""What the fieldwork views and services share: the outreach units the user works in (404 for
everyone else), the one a page is about (`?enhet=`, else her first), and her role in the unit a
service is asked to write in."""

from django.http import Http404

from ungsam.access import policy


def units_or_404(user) -> list:
    units = list(policy.fieldwork_units(user))
    if not units:
        raise Http404
    return units


def chosen_unit(request, units):
    """The unit named by `?enhet=` (or a posted `enhet`) among hers, else her first; a unit
    she does not work in answers 404 like one that does not exist."""
    raw = request.POST.get("enhet") or request.GET.get("enhet")
    if not raw:
        return units[0]
    for unit in units:
        if str(unit.pk) == raw:
            return unit
    raise Http404


def active_fieldwork_membership(actor, unit_id):
    """Her role in the active outreach unit `unit_id` (whatever a form or a request sent), or
    None; each service refuses None in its own way (404, or a form's error)."""
    try:
        unit_id = int(unit_id)
    except (TypeError, ValueError, OverflowError):
        return None
    membership = policy.fieldwork_membership(actor, unit_id) if actor else None
    if membership is None or not membership.unit.active:
        return None
    return membership
