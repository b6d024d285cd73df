"""What the fieldwork views share: the outreach units the user works in (404 for everyone
else) and the one a page is about (`?enhet=`, else her first)."""

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
