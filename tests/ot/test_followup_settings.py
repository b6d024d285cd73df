"""An OT unit's deadlines (issue 18, point 4): its leader sees the defaults and changes them;
bad input is a Norwegian message and nothing written; anyone else is refused, also when the
service is called directly; a change is recorded in the audit log."""

from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.ot.followup_world import world  # noqa: F401 (a fixture)
from ungsam.access.models import AuditEvent
from ungsam.ot.followup_services import ot_deadlines_set
from ungsam.ot.models import OTUnitSettings

URL = reverse("ot:deadline_settings")
GOOD = {
    "first_contact_days": "7",
    "follow_up_days_unknown": "10",
    "follow_up_days_guidance": "21",
    "follow_up_days_activity": "60",
}


def test_the_leader_sees_the_defaults_and_changes_them(world, login):  # noqa: F811
    client = login(world.otto)
    page = client.get(URL)
    assert page.status_code == 200
    assert page.context["form"].initial["first_contact_days"] == 14  # the default: no row yet
    response = client.post(URL, {**GOOD, "enhet": world.p.unit_b.pk})
    assert response.status_code == 302
    row = OTUnitSettings.objects.get(unit=world.p.unit_b)
    assert (row.first_contact_days, row.follow_up_days_guidance) == (7, 21)
    assert row.changed_by == world.otto
    event = AuditEvent.objects.filter(object_type="ot.otunitsettings").get()
    assert event.actor_id == world.otto.pk and event.purpose == "administration"
    # Changing one field records that field only; the same values again record nothing.
    client.post(URL, {**GOOD, "first_contact_days": "10", "enhet": world.p.unit_b.pk})
    latest = AuditEvent.objects.filter(object_type="ot.otunitsettings").order_by("-id")
    assert latest.count() == 2 and latest.first().fields == ["first_contact_days"]
    client.post(URL, {**GOOD, "first_contact_days": "10", "enhet": world.p.unit_b.pk})
    assert latest.count() == 2


def test_bad_input_is_a_norwegian_message_and_nothing_is_written(world, login):  # noqa: F811
    client = login(world.otto)
    response = client.post(URL, {**GOOD, "first_contact_days": "0", "enhet": world.p.unit_b.pk})
    assert response.status_code == 400
    assert "Verdien må være større enn eller lik 1" in response.content.decode()
    assert not OTUnitSettings.objects.exists()
    assert not AuditEvent.objects.filter(object_type="ot.otunitsettings").exists()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    field=st.sampled_from(sorted(GOOD)),
    value=st.one_of(st.text(max_size=12), st.integers(-1000, 100000).map(str)),
)
def test_no_input_breaks_the_form(world, login, field, value):  # noqa: F811
    response = login(world.otto).post(URL, {**GOOD, field: value, "enhet": world.p.unit_b.pk})
    assert response.status_code in (302, 400)
    stored = OTUnitSettings.objects.values_list(field, flat=True).first()
    if response.status_code == 302:
        assert stored == int(value)
    elif stored is not None and value.strip().lstrip("+-").isdigit():
        assert stored != int(value)  # the refused value was not written


def test_nobody_else_sees_or_changes_the_deadlines(world, login):  # noqa: F811
    p = world.p
    for user in (p.los_b, p.leader_a, p.admin):
        client = login(user)
        assert client.get(URL).status_code == 404
        assert client.post(URL, {**GOOD, "enhet": p.unit_b.pk}).status_code == 404
    # Otto asking for a unit he does not lead.
    assert login(world.otto).get(URL, {"enhet": p.unit_a.pk}).status_code == 404
    assert not OTUnitSettings.objects.exists()


def test_the_service_refuses_anyone_but_the_units_leader(world):  # noqa: F811
    import pytest
    from django.core.exceptions import PermissionDenied

    p = world.p
    for actor, unit in ((p.los_b, p.unit_b), (p.leader_a, p.unit_b), (p.leader_a, p.unit_a)):
        with pytest.raises(PermissionDenied):
            ot_deadlines_set(actor=actor, unit=unit, first_contact_days=3)
    assert not OTUnitSettings.objects.exists()
    assert not AuditEvent.objects.filter(object_type="ot.otunitsettings").exists()
