"""The OT register's pages (issue 18, point 3): who sees the list and a registration (the OT
unit's leader all of it, a worker her own youth, everyone else 404), one audit row naming
everyone shown, pinned query counts, the menu item, the leader's notices and the dashboard's
count (which costs nobody else a query)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.ot.test_register_status import build_region, register
from ungsam.access.models import AuditEvent, AuditSubject
from ungsam.ot.models import RoutingNotice

LIST = reverse("ot:register_list")


@pytest.fixture
def ot(db):
    return build_region()


def names_on(response) -> set[str]:
    return set(re.findall(r">Fiktivsen, (\w+)</a>", response.content.decode()))


def test_the_leader_sees_the_whole_register_and_a_worker_her_own(ot, client):
    register(ot, "Anna", contact=ot.oda)
    register(ot, "Berit", contact=ot.ola)
    register(ot, "Cecilie")  # on the waiting list, no contact person yet
    client.force_login(ot.leader)
    assert names_on(client.get(LIST)) == {"Anna", "Berit", "Cecilie"}
    client.force_login(ot.oda)
    assert names_on(client.get(LIST)) == {"Anna"}
    client.force_login(ot.ola)
    assert names_on(client.get(LIST)) == {"Berit"}


@pytest.mark.parametrize("who", ["los_leader", "counselor", "admin"])
def test_nobody_outside_ot_gets_the_register(ot, client, who):
    reg = register(ot, "Anna", contact=ot.oda)
    client.force_login(getattr(ot, who))
    assert client.get(LIST).status_code == 404
    assert client.get(reverse("ot:register_detail", args=[reg.pk])).status_code == 404


def test_a_registration_answers_404_to_a_worker_who_is_not_her_contact(ot, client):
    reg = register(ot, "Anna", contact=ot.oda)
    url = reverse("ot:register_detail", args=[reg.pk])
    client.force_login(ot.ola)
    assert client.get(url).status_code == 404
    assert client.get(reverse("ot:register_detail", args=[reg.pk + 999])).status_code == 404
    client.force_login(ot.oda)
    page = client.get(url)
    assert page.status_code == 200
    assert reverse("cases:case_detail", args=[reg.case_id]) in page.content.decode()
    viewed = AuditEvent.objects.filter(actor_id=ot.oda.pk, action="view").last()
    assert AuditSubject.objects.filter(event=viewed, youth_id=reg.case.youth_id).exists()


def test_the_list_writes_one_audit_row_naming_everyone_shown(ot, client):
    regs = [register(ot, name) for name in ("Anna", "Berit", "Cecilie")]
    client.force_login(ot.leader)
    before = AuditEvent.objects.count()
    client.get(LIST)
    rows = AuditEvent.objects.order_by("id")[before:]
    listed = [e for e in rows if e.action == "list"]
    assert len(listed) == 1
    named = set(AuditSubject.objects.filter(event=listed[0]).values_list("youth_id", flat=True))
    assert named == {r.case.youth_id for r in regs}


def test_the_list_filters_by_group_and_code(ot, client):
    today = timezone.localdate()
    from ungsam.ot.register_services import registration_set_status

    student = register(ot, "Anna", contact=ot.oda)
    registration_set_status(actor=ot.oda, registration_id=student.pk, code="OTEV", on=today)
    register(ot, "Berit", contact=ot.oda)
    client.force_login(ot.leader)
    assert names_on(client.get(LIST, {"gruppe": 3})) == {"Anna"}
    assert names_on(client.get(LIST, {"gruppe": 1})) == {"Berit"}
    assert names_on(client.get(LIST, {"kode": "OTEV"})) == {"Anna"}
    assert names_on(client.get(LIST, {"kode": "OTNO"})) == set()


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(LIST).status_code == 200
    return len(ctx.captured_queries)


def test_the_list_costs_the_same_queries_for_3_and_25_registrations(ot, client):
    for i in range(3):
        register(ot, f"Anna{i}", contact=ot.oda)
    client.force_login(ot.leader)
    _list_queries(client)
    few = _list_queries(client)
    for i in range(22):
        register(ot, f"Berit{i}", contact=ot.ola)
    many = _list_queries(client)
    assert many == few


def test_the_menu_offers_the_register_to_ot_workers_only(ot, client):
    client.force_login(ot.oda)
    assert f'href="{LIST}"' in client.get(reverse("web:dashboard")).content.decode()
    client.force_login(ot.los_leader)
    assert f'href="{LIST}"' not in client.get(reverse("web:dashboard")).content.decode()


def test_the_leader_sees_unseen_notices_and_marks_them_seen(ot, client):
    reg = register(ot, "Anna")
    notice = RoutingNotice.objects.get(registration=reg)
    client.force_login(ot.oda)
    assert client.get(reverse("ot:register_notices")).status_code == 404
    assert client.post(reverse("ot:register_notice_seen", args=[notice.pk])).status_code == 404
    client.force_login(ot.leader)
    page = client.get(reverse("ot:register_notices")).content.decode()
    assert "Fiktivsen" in page
    dashboard = client.get(reverse("web:dashboard")).content.decode()
    assert reverse("ot:register_notices") in dashboard
    client.post(reverse("ot:register_notice_seen", args=[notice.pk]))
    notice.refresh_from_db()
    assert notice.seen_at is not None and notice.seen_by == ot.leader
    assert "Fiktivsen" not in client.get(reverse("ot:register_notices")).content.decode()


@pytest.mark.parametrize("who", ["oda", "los_leader", "counselor", "admin"])
def test_the_dashboard_asks_nobody_but_an_ot_leader_about_notices(ot, client, who):
    register(ot, "Anna", contact=ot.oda)
    client.force_login(getattr(ot, who))
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("web:dashboard")).status_code == 200
    assert not [q for q in ctx.captured_queries if "ot_routingnotice" in q["sql"]]


def test_the_registration_page_changes_the_status_with_a_contact(ot, client):
    reg = register(ot, "Anna", contact=ot.oda)
    client.force_login(ot.oda)
    url = reverse("ot:register_status", args=[reg.pk])
    today = timezone.localdate().isoformat()
    refused = client.post(url, {"code": "OTOV", "on": today})
    assert refused.status_code == 400
    reg.refresh_from_db()
    assert reg.status == "OTUK"
    done = client.post(
        url,
        {
            "code": "OTOV",
            "on": today,
            "contact_on": today,
            "contact_kind": "conversation",
            "contact_note": "Møttes på kontoret.",
        },
    )
    assert done.status_code == 302
    reg.refresh_from_db()
    assert reg.status == "OTOV"


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    gruppe=st.text(max_size=5),
    kode=st.text(max_size=10),
    sorter=st.text(max_size=10),
    side=st.text(max_size=5),
)
def test_the_list_never_breaks_on_bad_filters(ot, client, gruppe, kode, sorter, side):
    client.force_login(ot.leader)
    data = {"gruppe": gruppe, "kode": kode, "sorter": sorter, "side": side}
    data = {k: v.replace("\x00", "") for k, v in data.items()}
    assert client.get(LIST, data).status_code == 200


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(code=st.text(max_size=12), on=st.text(max_size=12), contact=st.text(max_size=6))
def test_the_status_form_answers_bad_input_with_400(ot, client, code, on, contact):
    reg = _one_registration(ot)
    client.force_login(ot.oda)
    data = {"code": code, "on": on, "contact": contact}
    data = {k: v.replace("\x00", "") for k, v in data.items()}
    response = client.post(reverse("ot:register_status", args=[reg.pk]), data)
    assert response.status_code in (302, 400)


def _one_registration(ot):
    """One registration per test: hypothesis runs the body many times in one fixture."""
    if not hasattr(ot, "registration"):
        ot.registration = register(ot, "Hypo", contact=ot.oda)
    return ot.registration


def test_the_registration_shows_an_overdue_first_contact_and_the_next_steps(ot, client):
    """Registered 20 days ago and never reached: the page says the first contact (due after
    the default 14 days) is 6 days overdue, and offers to ask outreach and to set up meetings."""
    from datetime import timedelta

    from tests.ot.test_register_status import at

    reg = register(ot, "Anna", contact=ot.oda, at=at(timezone.localdate() - timedelta(days=20)))
    client.force_login(ot.oda)
    page = client.get(reverse("ot:register_detail", args=[reg.pk])).content.decode()
    assert "6 dager på overtid" in page
    assert reverse("ot:find_requests", args=[reg.pk]) in page
    assert reverse("ot:handover_meetings", args=[reg.pk]) in page
