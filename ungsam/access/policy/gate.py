"""The one door every gatekeeper opens: a row of an already-scoped queryset, or 404.

Missing, forbidden and malformed ids all answer alike, so ids leak nothing; a refused probe is
recorded (`access_denied`, with the id tried), so a leader sees someone trying ids."""

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404

from ungsam.access import audit
from ungsam.access.models import AuditAction, Purpose
from ungsam.cases.models import Case
from ungsam.people.models import Youth


def _probed_youth(model, pk) -> tuple[audit.Subject, ...]:
    """The youth a refused probe aimed at, if it exists: the youth's own export then shows it."""
    if model is Youth:
        found = Youth.objects.filter(pk=pk).values_list("pk", flat=True).first()
    elif model is Case:
        found = Case.objects.filter(pk=pk).values_list("youth_id", flat=True).first()
    else:
        return ()
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
            object_ref=(model._meta.label_lower, str(pk)),
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
