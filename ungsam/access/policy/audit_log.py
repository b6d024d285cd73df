"""Reading the audit log and answering subject access (DESIGN.md, "Access"; rule 7's flag to
the leader, the review of emergency accesses, is in `emergency.py`)."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from ungsam.access.models import (
    READ_ACTIONS,
    AuditAction,
    AuditEvent,
    AuditSubject,
    Basis,
    Purpose,
)
from ungsam.access.policy.gate import get_or_404
from ungsam.access.policy.grants import Grant, grant_for
from ungsam.access.policy.identity import has_role, led_unit_ids
from ungsam.cases.models import Case
from ungsam.org.models import Membership, Role
from ungsam.people.models import Youth

# A leader sees these about her units' youth whoever did them; other actions only when one of
# her units' current members did them.
SEEN_FROM_ANYONE = (*READ_ACTIONS, AuditAction.ACCESS_DENIED)


def may_view_audit_log(user) -> bool:
    return has_role(user, Role.LEADER)


def audit_events_visible_to(user) -> QuerySet[AuditEvent]:
    """A leader sees: reads of her units' youth (and refused attempts at them), by anyone; and
    what her units' current members did to her units' youth. Not what someone did elsewhere,
    nor what a former member did after leaving."""
    led = led_unit_ids(user)
    if not led:
        return AuditEvent.objects.none()
    her_youth = Case.objects.filter(unit_id__in=led).values("youth_id")
    members = Membership.objects.active().filter(unit_id__in=led).values("user_id")
    names_her_youth = AuditSubject.objects.filter(event=OuterRef("pk"), youth_id__in=her_youth)
    about_her_youth = Q(Exists(names_her_youth)) & (
        Q(action__in=SEEN_FROM_ANYONE) | Q(actor_id__in=members)
    )
    # An emergency search that found nobody names no youth: it is still her unit's member's
    # search in her unit (rule 7), so she sees it, and repeated tries are not hidden.
    searched_in_her_units = Q(action=AuditAction.SEARCH, acting_membership__unit_id__in=led)
    return AuditEvent.objects.filter(about_her_youth | searched_in_her_units)


def _subject_access_answerable_by(user) -> QuerySet[Youth]:
    """A leader of a unit that holds a case for the youth answers the youth's subject access and
    reviews who read the youth's data."""
    led = led_unit_ids(user)
    if not led:
        return Youth.objects.none()
    return Youth.objects.filter(Exists(Case.objects.filter(youth=OuterRef("pk"), unit_id__in=led)))


def may_export_subject_access(user, youth: Youth) -> bool:
    return _subject_access_answerable_by(user).filter(pk=youth.pk).exists()


def access_youth_for_subject_access(user, youth_id) -> Youth:
    """The gatekeeper of subject access: the youth whose audit trail the user may read or
    export; else 404. The read is recorded by the selector that reads the trail
    (`ungsam.access.selectors.subject_access_export`), so no "viewed" row is written here."""
    return get_or_404(
        user, _subject_access_answerable_by(user), youth_id, purpose=Purpose.SUBJECT_ACCESS
    )


def grant_for_subject_access(user, youth: Youth) -> Grant:
    """The leader's grant for answering the youth's subject access: her leadership of a unit
    that holds a case for the youth."""
    unit_id = (
        Case.objects.filter(youth=youth, unit_id__in=led_unit_ids(user))
        .order_by("id")
        .values_list("unit_id", flat=True)
        .first()
    )
    return grant_for(user, Basis.UNIT_LEADER, unit_id)
