"""School data (issue 18, point 1): who imports a school's figures about its students, and who
sees the uploads.

An admin of the municipality imports for any of its schools (configuration work for the
early warning: she reads back only counts and line numbers, no student). A school's partner
(the counselor) imports for her own school only; a row for another school is refused as an
error of its line. The system (the command, the demo) imports for every school. The imported
figures are then read on the counselor's lists under the basis "the student's school"."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from ungsam.access.audit import SystemActor
from ungsam.access.models import Basis
from ungsam.access.policy.cases import SYSTEM_GRANT
from ungsam.access.policy.grants import Grant
from ungsam.access.policy.identity import memberships
from ungsam.org.models import Municipality, Role, ServiceCode
from ungsam.ot.models import SchoolImportJob


@dataclass(frozen=True)
class SchoolImportGrant:
    """The ground of an import: the grant recorded on its audit row, and the schools whose rows
    it may bring (None: every school of the municipality)."""

    grant: Grant
    school_ids: frozenset[int] | None

    @property
    def school_id(self) -> int | None:
        """The one school of a counselor's import (recorded on the import), else None."""
        if self.school_ids is not None and len(self.school_ids) == 1:
            return next(iter(self.school_ids))
        return None


def _school_memberships(user, municipality_id: int | None = None):
    for m in memberships(user):
        if (
            m.role == Role.PARTNER
            and m.partner.kind == ServiceCode.SCHOOL
            and m.partner.active
            and (municipality_id is None or m.partner.municipality_id == municipality_id)
        ):
            yield m


def school_import_grant(actor, municipality: Municipality) -> SchoolImportGrant | None:
    """May the actor import school data into the municipality, and for which schools."""
    if isinstance(actor, SystemActor):
        return SchoolImportGrant(SYSTEM_GRANT, None)
    for m in memberships(actor):
        if m.role == Role.ADMIN and m.municipality_id == municipality.pk:
            return SchoolImportGrant(Grant("", m), None)
    schools = list(_school_memberships(actor, municipality.pk))
    if schools:
        return SchoolImportGrant(
            Grant(Basis.SCHOOL, schools[0]), frozenset(m.partner_id for m in schools)
        )
    return None


def may_import_school_data(user) -> bool:
    """For the menu: read from her roles, no query."""
    return any(m.role == Role.ADMIN for m in memberships(user)) or any(
        True for _m in _school_memberships(user)
    )


def school_import_municipality_ids(user) -> set[int]:
    admin = {m.municipality_id for m in memberships(user) if m.role == Role.ADMIN}
    return admin | {m.partner.municipality_id for m in _school_memberships(user)}


def school_import_jobs_visible_to(user) -> QuerySet[SchoolImportJob]:
    """An admin sees her municipality's uploads; a counselor her school's."""
    admin = {m.municipality_id for m in memberships(user) if m.role == Role.ADMIN}
    schools = {m.partner_id for m in _school_memberships(user)}
    if not admin and not schools:
        return SchoolImportJob.objects.none()
    return SchoolImportJob.objects.filter(Q(municipality_id__in=admin) | Q(school_id__in=schools))
