"""Import jobs (issue 17): a leader's uploads of an import bundle. They are hers and the other
leaders' of the unit (policy/transfer.py says who may import); nobody else sees them, not even
that they exist: their error lists quote the bundle's cells, which may name a youth."""

from django.db.models import QuerySet

from ungsam.access.policy.identity import led_unit_ids
from ungsam.transfer.models import ImportJob


def import_jobs_visible_to(user) -> QuerySet[ImportJob]:
    return ImportJob.objects.filter(unit_id__in=led_unit_ids(user))
