"""Writes of cases. The actor is a user, or a SystemActor for the system's own work; the
policy is asked here, not trusted to the caller."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction
from ungsam.cases.models import Case, CaseContact
from ungsam.org.models import Unit
from ungsam.people.models import Youth


def case_open(*, actor, purpose: str, youth: Youth, unit: Unit, contact_persons, opened_on=None):
    """Opens a case in the unit with its contact persons, the first one primary."""
    contact_persons = list(contact_persons)
    grant = policy.case_opening_grant(actor, unit, youth, contact_persons)
    if grant is None:
        raise PermissionDenied
    with transaction.atomic():
        case = Case(youth=youth, unit=unit)
        if opened_on:
            case.opened_on = opened_on
        case.full_clean()
        case.save()
        CaseContact.objects.bulk_create(
            CaseContact(case=case, user=person, primary=(i == 0))
            for i, person in enumerate(contact_persons)
        )
        audit.record(
            actor,
            grant.entry(
                AuditAction.CREATE,
                purpose,
                obj=case,
                youth_id=youth.pk,
                fields=("unit", "contact_persons"),
                municipality_id=unit.municipality_id,
            ),
        )
    return case
