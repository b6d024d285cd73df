"""The leader's list "No next step" (issue 18, point 4; seed 002: youth who met a service once
and whom no party followed up): which youth appear and why, who touched each case last, that
another unit's leader sees none of them, that a case worker gets 404, one audit row naming
everyone shown, and a query count that does not grow with the rows."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tests.ot.followup_world import World, at, world  # noqa: F401 (a fixture)
from ungsam.access.models import AuditEvent, AuditSubject
from ungsam.cases.models import Appointment, CaseContact
from ungsam.org.models import Membership
from ungsam.ot import followup_selectors as selectors
from ungsam.ot.followup_rules import FIRST_CONTACT, FOLLOW_UP, NO_CONTACT, NO_OWNER
from ungsam.ot.models import OTStatusChange

URL = reverse("ot:followup_list")


def _rows(actor, w, **kw):
    found = selectors.followup_list(actor=actor, today=w.today, now=timezone.now(), **kw)
    return {row.case.youth.first_name: row for row in found.page.object_list}, found


def _reasons(row):
    return {(r.kind, r.days) for r in row.reasons}


@pytest.fixture
def register(world):  # noqa: F811
    w, p = world, world.p
    w.nora = w.register("Nora", 20)  # never contacted, nobody assigned
    w.register("Sander", 3, worker=p.los_b)  # first contact due in 11 days
    w.amalie = w.register("Amalie", 60, worker=p.los_b, status="OTOV", first_contact=50)
    w.journal(w.amalie, p.los_b, "conversation", 40)
    w.journal(w.amalie, p.los_b, "other", 2)  # "sent a text, no answer": no contact
    w.register("Henrik", 400, status="OTNO")  # declined follow-up: group 4, nothing owed
    w.kari = w.case("Kari", p.unit_a, 40, worker=p.los_a)  # followed, silent for 40 days
    w.case("Per", p.unit_a, 5, stage="waiting")  # waiting list: no contact person yet
    return w


def test_it_lists_the_youth_without_a_next_step_and_why(register):
    w, p = register, register.p
    rows, found = _rows(w.otto, w)
    assert list(rows) == ["Nora", "Amalie"]  # most overdue first; Sander and Henrik are fine
    assert _reasons(rows["Nora"]) == {(NO_OWNER, 20), (FIRST_CONTACT, 6)}
    # The last real contact was the conversation 40 days ago (the text message is not one);
    # under follow-up (OTOV) the next was due 30 days after it.
    assert _reasons(rows["Amalie"]) == {(FOLLOW_UP, 10)}
    assert rows["Amalie"].last_contact == w.today - timedelta(days=40)
    assert rows["Nora"].last_contact is None
    assert rows["Amalie"].registration.status == "OTOV"
    assert found.counts == {NO_OWNER: 1, FIRST_CONTACT: 1, FOLLOW_UP: 1}

    rows, _found = _rows(p.leader_a, w)
    assert set(rows) == {"Kari", "Per"}  # Anna has her contact person and opened today
    assert _reasons(rows["Kari"]) == {(NO_CONTACT, 40)}
    assert _reasons(rows["Per"]) == {(NO_OWNER, 5)}
    assert rows["Kari"].registration is None


def test_it_shows_who_touched_each_case_last(register):
    w = register
    rows, _found = _rows(w.otto, w)
    touched = rows["Amalie"].touched
    assert touched.who == "Bea Testperson"
    assert touched.what == _("wrote in the journal")
    assert touched.at == at(w.today - timedelta(days=2))
    # Registered by the system, nobody since.
    assert rows["Nora"].touched.who == _("the system")
    # A status change by the leader today is later than anything else.
    OTStatusChange.objects.create(
        registration=w.nora.ot_registration, code="OTUK", previous="OTUK", by=w.otto
    )
    rows, _found = _rows(w.otto, w)
    assert rows["Nora"].touched.who == "Otto Ot"
    assert rows["Nora"].touched.what == _("changed the OT status")


def test_real_contact_resets_the_clock_and_a_no_show_does_not(register):
    w, p = register, register.p
    appointment = Appointment.objects.create(
        case=w.amalie, starts_at=at(w.today - timedelta(days=5)), place="Kontoret",
        outcome="no_show", created_by=p.los_b,
    )  # fmt: skip
    assert "Amalie" in _rows(w.otto, w)[0]
    Appointment.objects.filter(pk=appointment.pk).update(outcome="attended")
    assert "Amalie" not in _rows(w.otto, w)[0]
    Appointment.objects.filter(pk=appointment.pk).delete()
    # A status change that names a recorded contact counts, whatever kind the entry is.
    reply = w.journal(w.amalie, p.los_b, "other", 1)
    assert "Amalie" in _rows(w.otto, w)[0]
    OTStatusChange.objects.create(
        registration=w.amalie.ot_registration, code="OTOV", previous="OTOV", contact=reply
    )
    assert "Amalie" not in _rows(w.otto, w)[0]


def test_another_units_leader_sees_none_of_it(register, login):
    w, p = register, register.p
    rows, _found = _rows(p.leader_a, w)
    assert not {"Nora", "Amalie"} & set(rows)
    rows, _found = _rows(w.otto, w)
    assert not {"Kari", "Per"} & set(rows)
    # Asking for a unit she does not lead answers like one that does not exist.
    response = login(w.otto).get(URL, {"enhet": p.unit_a.pk})
    assert response.status_code == 400
    assert "Kari" not in response.content.decode()


def test_a_case_worker_gets_404(register, login):
    assert login(register.p.los_b).get(URL).status_code == 404
    assert login(register.p.los_a).get(URL).status_code == 404


def test_the_page_links_each_youth_to_her_case_and_records_one_audit_row(register, login):
    w = register
    before = AuditEvent.objects.filter(action="list").count()
    response = login(w.otto).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("cases:case_detail", args=[w.nora.pk]) in html
    assert "Nora Otsen" in html and "Amalie Otsen" in html
    assert "Bea Testperson" in html
    events = AuditEvent.objects.filter(action="list").order_by("-id")
    assert events.count() == before + 1
    event = events.first()
    assert event.actor_id == w.otto.pk and event.purpose == "follow_up_service"
    named = set(AuditSubject.objects.filter(event=event).values_list("youth_id", "basis"))
    assert named == {(w.nora.youth_id, "unit_leader"), (w.amalie.youth_id, "unit_leader")}


def test_it_filters_by_reason_and_refuses_a_bad_filter(register, login):
    w = register
    client = login(w.otto)
    html = client.get(URL, {"grunn": FIRST_CONTACT}).content.decode()
    assert "Nora Otsen" in html and "Amalie Otsen" not in html
    bad = client.get(URL, {"grunn": "alle<script>", "enhet": "x"})
    assert bad.status_code == 400
    assert "<script>" not in bad.content.decode()


def _count_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_the_rows(world, login):  # noqa: F811
    w, p = world, world.p
    client = login(w.otto)
    client.get(URL)  # the session's first request records the session itself
    for i in range(3):
        case = w.register(f"Ung{i}", 20 + i, worker=p.los_b, status="OTOV", first_contact=45)
        w.journal(case, p.los_b, "phone", 40)
    few = _count_queries(client)
    for i in range(3, 30):
        case = w.register(f"Ung{i}", 20 + i, worker=p.los_b, status="OTOV", first_contact=45)
        w.journal(case, p.los_b, "phone", 40)
        Appointment.objects.create(
            case=case, starts_at=at(w.today - timedelta(days=3)), place="Kontoret",
            created_by=p.los_b,
        )  # fmt: skip
    assert (
        selectors.followup_list(
            actor=w.otto, today=w.today, now=timezone.now()
        ).page.paginator.count
        == 30
    )
    assert _count_queries(client) == few


def test_an_outreach_conversation_is_contact_and_a_touch(world):  # noqa: F811
    from ungsam.outreach.models import Conversation

    w, p = world, world.p
    case = w.case("Ola", p.unit_c, 60, worker=p.field_c)
    Membership.objects.create(
        status="direct", user=p.leader_a, municipality=p.municipality, role="leader",
        unit=p.unit_c,
    )  # fmt: skip
    rows, _found = _rows(p.leader_a, w)
    assert _reasons(rows["Ola"]) == {(NO_CONTACT, 60)}
    Conversation.objects.create(
        unit=p.unit_c, date=w.today - timedelta(days=3), channel="street", case=case,
        held_by=p.field_c, created_at=at(w.today - timedelta(days=3)),
    )  # fmt: skip
    rows, _found = _rows(p.leader_a, w)
    assert "Ola" not in rows
    # The conversation is also the last write on her case.
    w.case("Siri", p.unit_c, 1)  # listed (no contact person), so the page has a row to read
    Conversation.objects.create(
        unit=p.unit_c, date=w.today, channel="street", case=case, held_by=p.field_c
    )
    CaseContact.objects.filter(case=case).delete()
    rows, _found = _rows(p.leader_a, w)
    assert rows["Ola"].touched.who == "Fred Testperson"
    assert rows["Ola"].touched.what == _("held a conversation")
