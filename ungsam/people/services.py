"""Writes of youth records. The actor is a user, or a SystemActor for the system's own work
(demo data, imports); either way the policy is asked here, not trusted to the caller."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction
from ungsam.org.models import Municipality
from ungsam.people.models import Youth


def youth_create(
    *,
    actor,
    purpose: str,
    municipality: Municipality,
    first_name: str,
    last_name: str,
    birth_date,
    address: str = "",
    phone: str = "",
    protected_address: bool = False,
) -> Youth:
    grant = policy.registration_grant(actor, municipality)
    if grant is None:
        raise PermissionDenied
    with transaction.atomic():
        youth = Youth(
            municipality=municipality,
            first_name=first_name,
            last_name=last_name,
            birth_date=birth_date,
            address=address,
            phone=phone,
            protected_address=protected_address,
        )
        youth.full_clean()
        youth.save()
        audit.record(
            actor,
            grant.entry(
                AuditAction.CREATE,
                purpose,
                obj=youth,
                youth_id=youth.pk,
                fields=Youth.PERSONAL_DATA_FIELDS,
                municipality_id=municipality.pk,
            ),
        )
    return youth
