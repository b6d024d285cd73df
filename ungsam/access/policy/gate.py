"""The one door every gatekeeper opens: a row of an already-scoped queryset, or 404.

Missing, forbidden and malformed ids all answer alike, so ids leak nothing; a refused probe is
recorded (`access_denied`, with the id tried), so a leader sees someone trying ids."""

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.http import Http404

from ungsam.access import audit
from ungsam.access.models import AuditAction, Purpose
from ungsam.people.models import Youth

# The relations that lead from a record of casework to its youth: a journal entry's case, an
# attachment's entry, a goal's plan, and so on.
_TOWARD_YOUTH = ("youth", "case", "entry", "plan", "assessment", "review", "goal")


def _youth_path(model, depth: int = 0) -> str | None:
    """The lookup from `model` to its youth's id ("youth", "case__youth", …), or None."""
    if model is Youth:
        return "pk"
    if depth > 3:
        return None
    for name in _TOWARD_YOUTH:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.concrete and field.is_relation:
            rest = _youth_path(field.related_model, depth + 1)
            if rest is not None:
                return name if rest == "pk" else f"{name}__{rest}"
    return None


def _probed_youth(model, pk) -> tuple[audit.Subject, ...]:
    """The youth a refused probe aimed at, if it exists: the youth's own export then shows it,
    and her unit's leader sees it in the log."""
    path = _youth_path(model)
    if path is None:
        return ()
    found = model.objects.filter(pk=pk).values_list(path, flat=True).first()
    return (audit.Subject(found),) if found is not None else ()


def deny(user, model, pk, *, purpose: str = Purpose.CASEWORK):
    """Record the refused probe and answer 404."""
    try:
        subjects = _probed_youth(model, int(pk))
    except (ValueError, TypeError, OverflowError):
        subjects = ()
    audit.record(
        user,
        audit.Entry(
            AuditAction.ACCESS_DENIED,
            purpose,
            # What was asked for, as far as the column holds it: a query parameter may carry a
            # NUL (which PostgreSQL refuses in text) or more than the column's 40 characters.
            object_ref=(model._meta.label_lower, str(pk).replace("\x00", "")[:40]),
            subjects=subjects,
        ),
    )
    raise Http404


def get_or_404(user, queryset, pk, *, purpose: str = Purpose.CASEWORK):
    try:
        return queryset.get(pk=int(pk))
    except (ObjectDoesNotExist, ValueError, TypeError, OverflowError):
        pass
    deny(user, queryset.model, pk, purpose=purpose)
