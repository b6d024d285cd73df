"""Fieldwork groups (issue 16 item 7): the counts per group and kind for a period, a group's
sessions, recording a session with named attendees through the cases she follows and an
anonymous head count. A colleague's youth is never shown to her, though counted."""

from datetime import date, timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from tests.conftest import give_totp
from ungsam.access.models import AuditAction, AuditEvent
from ungsam.cases.models import Case, CaseContact
from ungsam.org.models import Membership, User
from ungsam.outreach import group_services
from ungsam.outreach.models import Group, GroupAttendance, GroupSession
from ungsam.people.models import Youth

TODAY = timezone.localdate()


def member(p, username, role, unit):
    user = User.objects.create_user(
        username=username, password="x" * 12, first_name=username.title(), last_name="Ute"
    )
    Membership.objects.create(
        status="direct",
        user=user,
        municipality=p.municipality,
        role=role,
        unit=unit,
        starts_on=date(2025, 1, 1),
    )
    give_totp(user)
    return user


def youth_with_case(p, first, contact, unit=None):
    youth = Youth.objects.create(
        municipality=p.municipality,
        first_name=first,
        last_name="Feltsen",
        birth_date=date(2010, 3, 1),
    )
    case = Case.objects.create(youth=youth, unit=unit or p.unit_c)
    CaseContact.objects.create(case=case, user=contact, primary=True)
    return case


@pytest.fixture
def field(personas):
    """Fred and his colleague Una in Ute C, each following one youth; Liv leads Ute C."""
    p = personas
    p.una = member(p, "una", "field_worker", p.unit_c)
    p.liv = member(p, "liv", "leader", p.unit_c)
    p.fred_case = youth_with_case(p, "Frida", p.field_c)
    p.una_case = youth_with_case(p, "Ulrik", p.una)
    p.group = Group.objects.create(unit=p.unit_c, name="Jentegruppa", kind="girls")
    return p


def session(group, day, cases=(), anonymous=0, by=None):
    s = GroupSession.objects.create(
        group=group, date=day, anonymous_count=anonymous, recorded_by=by or group_by(group)
    )
    GroupAttendance.objects.bulk_create(GroupAttendance(session=s, case=c) for c in cases)
    return s


def group_by(group):
    return Membership.objects.filter(unit=group.unit).first().user


def test_it_counts_sessions_participants_and_participations_per_group_and_kind(field, login):
    p = field
    gaming = Group.objects.create(unit=p.unit_c, name="Mandagsgaming", kind="gaming")
    this_year = date(TODAY.year, 1, 2)
    session(p.group, this_year, [p.fred_case, p.una_case], anonymous=2)
    session(p.group, this_year + timedelta(days=7), [p.fred_case])
    session(p.group, this_year + timedelta(days=14), [], anonymous=5)
    session(gaming, this_year, [p.fred_case], anonymous=10)
    session(p.group, date(TODAY.year - 1, 6, 1), [p.fred_case], anonymous=40)  # last year

    response = login(p.field_c).get("/feltarbeid/grupper/")

    assert response.status_code == 200
    rows = {r.label: r for r in response.context["overview"].groups}
    girls = rows["Jentegruppa"]
    assert (girls.sessions, girls.unique_named, girls.named, girls.anonymous, girls.total) == (
        3,
        2,
        3,
        7,
        10,
    )
    games = rows["Mandagsgaming"]
    assert (games.sessions, games.unique_named, games.named, games.anonymous, games.total) == (
        1,
        1,
        1,
        10,
        11,
    )
    overall = response.context["overview"].all
    # Frida came to both groups: one unique youth, counted once.
    assert (overall.sessions, overall.unique_named, overall.named, overall.total) == (4, 2, 4, 21)
    kinds = {r.label: r.total for r in response.context["overview"].kinds}
    assert kinds == {"Jentegruppe": 10, "Gaming": 11}

    last_year = login(p.field_c).get(
        "/feltarbeid/grupper/",
        {"date_from": f"{TODAY.year - 1}-01-01", "date_to": f"{TODAY.year - 1}-12-31"},
    )
    assert last_year.context["overview"].all.total == 41


def test_the_overview_does_not_query_per_group(field, login, django_assert_max_num_queries):
    p = field
    for i in range(12):
        g = Group.objects.create(unit=p.unit_c, name=f"Gruppe {i}", kind="other")
        for week in range(3):
            session(g, TODAY - timedelta(days=week), [p.fred_case, p.una_case], anonymous=week)
    client = login(p.field_c)
    with django_assert_max_num_queries(20):
        response = client.get("/feltarbeid/grupper/")
    assert response.status_code == 200
    assert len(response.context["overview"].groups) == 13


def test_a_group_page_does_not_query_per_session(field, login, django_assert_max_num_queries):
    p = field
    for week in range(15):
        session(p.group, TODAY - timedelta(days=7 * week), [p.fred_case], anonymous=1)
    client = login(p.field_c)
    with django_assert_max_num_queries(22):
        response = client.get(f"/feltarbeid/grupper/{p.group.pk}/")
    assert response.status_code == 200
    assert len(response.context["rows"]) == 15


def test_she_never_sees_a_colleagues_youth_though_the_counts_include_them(field, login):
    p = field
    session(p.group, TODAY, [p.fred_case, p.una_case], anonymous=1)
    client = login(p.field_c)

    page = client.get(f"/feltarbeid/grupper/{p.group.pk}/").content.decode()
    assert "Frida" in page
    assert "Ulrik" not in page
    assert client.get(f"/feltarbeid/grupper/{p.group.pk}/").context["rows"][0].total == 3

    form = client.get(f"/feltarbeid/grupper/{p.group.pk}/ny-samling/").content.decode()
    assert "Frida" in form
    assert "Ulrik" not in form
    # The leader sees every case of the unit.
    leader_page = login(p.liv).get(f"/feltarbeid/grupper/{p.group.pk}/").content.decode()
    assert "Frida" in leader_page and "Ulrik" in leader_page


def test_reading_the_named_attendees_is_audited_naming_only_those_shown(field, login):
    p = field
    session(p.group, TODAY, [p.fred_case, p.una_case])
    login(p.field_c).get(f"/feltarbeid/grupper/{p.group.pk}/")
    event = AuditEvent.objects.filter(actor=p.field_c, action=AuditAction.LIST).latest("id")
    assert "group_attendance" in event.fields
    assert [s.youth_id for s in event.subjects.all()] == [p.fred_case.youth_id]


def test_she_records_a_session_and_it_is_audited(field, login):
    p = field
    response = login(p.field_c).post(
        f"/feltarbeid/grupper/{p.group.pk}/ny-samling/",
        {"date": TODAY.isoformat(), "attendees": [str(p.fred_case.pk)], "anonymous_count": "4"},
    )
    assert response.status_code == 302
    s = GroupSession.objects.get(group=p.group)
    assert s.anonymous_count == 4
    assert list(s.attendance.values_list("case_id", flat=True)) == [p.fred_case.pk]
    event = AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(s.pk)).get()
    assert [x.youth_id for x in event.subjects.all()] == [p.fred_case.youth_id]


def test_a_colleagues_youth_cannot_be_posted_as_an_attendee(field, login):
    p = field
    response = login(p.field_c).post(
        f"/feltarbeid/grupper/{p.group.pk}/ny-samling/",
        {"date": TODAY.isoformat(), "attendees": [str(p.una_case.pk)], "anonymous_count": "0"},
    )
    assert response.status_code == 400  # not a choice of hers
    assert not GroupSession.objects.exists()
    with pytest.raises(Http404):
        group_services.session_record(
            actor=p.field_c, group_id=p.group.pk, date=TODAY, case_ids=[p.una_case.pk]
        )
    assert not GroupSession.objects.exists()


def test_a_case_of_another_unit_cannot_attend(field):
    p = field
    # Lise's youth is in Los A: even a leader of Ute C cannot put her in a group of Ute C.
    other = Case.objects.get(youth=p.youth_a)
    with pytest.raises(Http404):
        group_services.session_record(
            actor=p.liv, group_id=p.group.pk, date=TODAY, case_ids=[other.pk]
        )


@pytest.mark.parametrize("persona", ["los_a", "los_b", "partner", "analyst", "admin"])
def test_outsiders_get_404(field, login, persona):
    p = field
    client = login(getattr(p, persona))
    for url in (
        "/feltarbeid/grupper/",
        f"/feltarbeid/grupper/{p.group.pk}/",
        f"/feltarbeid/grupper/{p.group.pk}/ny-samling/",
        f"/feltarbeid/grupper/{p.group.pk}/endre/",
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("persona", ["los_a", "los_b", "partner", "analyst", "admin"])
def test_the_services_refuse_outsiders(field, persona):
    p = field
    actor = getattr(p, persona)
    with pytest.raises(Http404):
        group_services.group_create(actor=actor, unit_id=p.unit_c.pk, name="X", kind="girls")
    with pytest.raises(Http404):
        group_services.group_update(actor=actor, group_id=p.group.pk, name="X", kind="girls")
    with pytest.raises(Http404):
        group_services.group_set_active(actor=actor, group_id=p.group.pk, active=False)
    with pytest.raises(Http404):
        group_services.session_record(
            actor=actor, group_id=p.group.pk, date=TODAY, anonymous_count=3
        )
    assert Group.objects.count() == 1
    assert Group.objects.get().active
    assert not GroupSession.objects.exists()


def test_she_creates_edits_and_retires_a_group(field, login):
    p = field
    client = login(p.field_c)
    response = client.post("/feltarbeid/grupper/ny/", {"name": "Guttegruppa", "kind": "boys"})
    assert response.status_code == 302
    group = Group.objects.get(name="Guttegruppa")
    assert group.unit == p.unit_c
    client.post(f"/feltarbeid/grupper/{group.pk}/endre/", {"name": "Gutta", "kind": "boys"})
    group.refresh_from_db()
    assert group.name == "Gutta"
    client.post(f"/feltarbeid/grupper/{group.pk}/avslutt/")
    group.refresh_from_db()
    assert not group.active
    refused = client.post(
        f"/feltarbeid/grupper/{group.pk}/ny-samling/",
        {"date": TODAY.isoformat(), "anonymous_count": "3"},
    )
    assert refused.status_code == 400
    assert "Gruppen er avsluttet" in refused.content.decode()


@pytest.mark.parametrize(
    ("url", "data", "message"),
    [
        ("/feltarbeid/grupper/ny/", {"name": "", "kind": "girls"}, "Gi gruppen et navn"),
        ("/feltarbeid/grupper/ny/", {"name": "Jentegruppa", "kind": "girls"}, "allerede en gruppe"),
        ("/feltarbeid/grupper/ny/", {"name": "Ny", "kind": "zzz"}, "Velg"),
        ("SESSION", {"date": "2999-01-01", "anonymous_count": "1"}, "fram i tid"),
        ("SESSION", {"date": "i går", "anonymous_count": "1"}, "dato"),
        ("SESSION", {"date": "TODAY", "anonymous_count": "-3"}, "0"),
        ("SESSION", {"date": "TODAY", "anonymous_count": "0"}, "minst én deltaker"),
    ],
)
def test_bad_input_is_a_400_with_a_norwegian_message(field, login, url, data, message):
    p = field
    url = f"/feltarbeid/grupper/{p.group.pk}/ny-samling/" if url == "SESSION" else url
    data = {k: TODAY.isoformat() if v == "TODAY" else v for k, v in data.items()}
    response = login(p.field_c).post(url, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Group.objects.count() == 1
    assert not GroupSession.objects.exists()
