"""A case worker's own deadlines (issue 18, point 4): the OT registrations she is contact
person for whose next contact is overdue or due within a week, soonest first; nobody else's."""

from datetime import timedelta

from django.urls import reverse

from tests.ot.followup_world import world  # noqa: F401 (a fixture)
from ungsam.access.models import AuditEvent, AuditSubject
from ungsam.ot import followup_selectors as selectors

URL = reverse("ot:own_deadlines")


def _names(page):
    return [row.case.youth.first_name for row in page.object_list]


def test_she_sees_her_overdue_and_coming_deadlines_soonest_first(world, login):  # noqa: F811
    w, p = world, world.p
    w.register("Soon", 10, worker=p.los_b)  # first contact due in 4 days
    w.register("Later", 2, worker=p.los_b)  # due in 12 days: not yet
    late = w.register("Late", 60, worker=p.los_b, status="OTOV", first_contact=50)
    w.journal(late, p.los_b, "home_visit", 35)  # due 30 days after: 5 days ago
    w.register("Nobodys", 30)  # overdue, but not hers
    w.register("Declined", 90, worker=p.los_b, status="OTNO")  # group 4: nothing owed
    page = selectors.own_deadlines(actor=p.los_b, today=w.today)
    assert _names(page) == ["Late", "Soon"]
    late_row, soon_row = page.object_list
    assert late_row.due.on == w.today - timedelta(days=5) and late_row.days_late == 5
    assert soon_row.due.kind == "first_contact" and soon_row.days_left == 4
    response = login(p.los_b).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Late Otsen" in html and "Nobodys" not in html
    event = AuditEvent.objects.filter(action="list", actor=p.los_b).latest("id")
    assert set(AuditSubject.objects.filter(event=event).values_list("basis", flat=True)) == {
        "contact_person"
    }
    # A day later the clock has moved: "Later" is still 11 days off, "Soon" 3.
    page = selectors.own_deadlines(actor=p.los_b, today=w.today + timedelta(days=1))
    assert _names(page) == ["Late", "Soon"]


def test_only_ot_workers_have_the_page(world, login):  # noqa: F811
    p = world.p
    assert login(p.los_a).get(URL).status_code == 404
    assert login(p.partner).get(URL).status_code == 404
    assert login(world.otto).get(URL).status_code == 200


def test_the_register_page_can_show_one_registrations_deadline(world):  # noqa: F811
    w, p = world, world.p
    case = w.register("Nora", 20)
    due = selectors.deadline_of(case, w.today)
    assert (due.kind, due.on) == ("first_contact", w.today - timedelta(days=6))
    w.journal(case, p.los_b, "phone", 1)  # not yet recorded as the first contact
    assert selectors.deadline_of(case, w.today).kind == "first_contact"
    assert selectors.deadline_of(w.case("Kari", p.unit_a, 5), w.today) is None


def test_the_query_count_does_not_grow_with_her_deadlines(world, login):  # noqa: F811
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    w, p = world, world.p
    client = login(p.los_b)
    client.get(URL)  # the session's first request records the session itself

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL)
        return len(queries), len(response.context["page"].object_list)

    for i in range(3):
        w.register(f"Ung{i}", 20 + i, worker=p.los_b)
    few, rows = count()
    assert rows == 3
    for i in range(3, 15):
        case = w.register(f"Ung{i}", 20 + i, worker=p.los_b, status="OTOV", first_contact=45)
        w.journal(case, p.los_b, "meeting", 40)
    many, rows = count()
    assert rows == 15
    assert many == few
