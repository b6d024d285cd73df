"""Writes of cases. `actor=None` means the system itself (a management command)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction
from ungsam.cases.models import Case, CaseContact
from ungsam.org.models import Unit
from ungsam.people.models import Youth


def case_open(*, actor, purpose: str, youth: Youth, unit: Unit, contact_persons, opened_on=None):
    """Opens a case in the unit with its contact persons, the first one primary."""
    if actor is not None and unit.pk not in policy.unit_ids(actor, "caseworker", "leader"):
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
            audit.Entry(
                AuditAction.CREATE,
                purpose,
                obj=case,
                youth_id=youth.pk,
                fields=("unit", "contact_persons"),
            ),
        )
    return case
