"""Subject access has one gatekeeper (`policy.access_youth_for_subject_access`) and one selector
(`subject_access_export`) that goes through it itself, so a caller that forgot the policy
still gets nothing."""

import pytest
from django.http import Http404

from ungsam.access import policy
from ungsam.access.models import AuditEvent
from ungsam.access.selectors import subject_access_export


def test_it_exports_a_youths_trail_to_her_units_leader(personas):
    policy.access_youth(personas.los_a, personas.youth_a.pk, purpose="casework")
    youth, rows = subject_access_export(actor=personas.leader_a, youth_id=personas.youth_a.pk)
    assert youth == personas.youth_a
    assert AuditEvent.objects.filter(action="export", object_id=str(youth.pk)).count() == 1
    reads = [r for r in rows if r.event.action == "view" and r.event.actor_id == personas.los_a.pk]
    assert len(reads) == 1  # Lise's read is in the trail


@pytest.mark.parametrize("persona", ["los_a", "los_b", "partner", "analyst", "admin"])
def test_it_refuses_anyone_else_though_the_caller_asked_no_policy(personas, persona):
    with pytest.raises(Http404):
        subject_access_export(actor=getattr(personas, persona), youth_id=personas.youth_a.pk)
    assert not AuditEvent.objects.filter(action="export").exists()
    assert AuditEvent.objects.filter(action="access_denied").exists()
