"""Inquiries without consent, anonymous guidance and the anonymous case discussion (issue 15,
item 2): nothing links to a youth, a national id is refused and a registered name must be
written out, the anonymity estimate warns below 5 (20 with a diagnosis) and never tells who,
only a unit's workers use the pages, and statistics count by service with small cells
withheld."""

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ungsam.access import policy
from ungsam.access.models import AuditAction, AuditEvent, AuditSubject
from ungsam.cases.models import Case
from ungsam.collab import inquiry_selectors, inquiry_services
from ungsam.collab.models import Inquiry
from ungsam.people.models import Youth

LIST, CREATE, DISCUSSION = "/henvendelser/", "/henvendelser/ny/", "/henvendelser/anonym-drofting/"
SCHOOL = "Testvik ungdomsskole"


def posted(**extra):
    today = timezone.localdate()
    data = {
        "kind": "inquiry",
        "service": "barnevern",
        "direction": "outgoing",
        "on_date": today.isoformat(),
        "topic": "school",
        "note": "",
    }
    data.update(extra)
    return data


def record(actor, unit, **extra):
    values = {
        "actor": actor,
        "unit_id": unit.pk,
        "service": "politi",
        "direction": "incoming",
        "on_date": timezone.localdate(),
        "topic": "crime",
    }
    values.update(extra)
    return inquiry_services.inquiry_record(**values)


def born_aged(age: int, days: int = 30) -> date:
    """A birth date that makes her `age` today."""
    today = timezone.localdate()
    return today.replace(year=today.year - age) - timedelta(days=days)


def register(personas, n, *, age=14, gender="girl", school=SCHOOL, first="Ung"):
    for i in range(n):
        Youth.objects.create(
            municipality=personas.municipality,
            first_name=f"{first}{i}",
            last_name="Registersen",
            birth_date=born_aged(age, days=10 + i),
            gender=gender,
            school=school,
        )


# --- The inquiry form ------------------------------------------------------------------------


def test_the_form_has_no_field_for_a_youth(personas, login):
    page = login(personas.los_a).get(CREATE).content.decode()
    assert "Registrer en henvendelse" in page
    assert 'name="youth"' not in page and 'name="case"' not in page
    related = {f.related_model for f in Inquiry._meta.get_fields() if f.is_relation}
    assert Youth not in related and Case not in related


def test_a_posted_youth_is_ignored_and_nothing_links(personas, login):
    client = login(personas.los_a)
    case = personas.youth_a.cases.get()
    response = client.post(CREATE, posted(youth=personas.youth_a.pk, case=case.pk))
    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert (inquiry.unit, inquiry.service, inquiry.direction) == (
        personas.unit_a,
        "barnevern",
        "outgoing",
    )
    assert inquiry.recorded_by == personas.los_a
    # The audit row of the write names nobody.
    created = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="collab.inquiry")
    assert not AuditSubject.objects.filter(event=created).exists()
    assert "Henvendelsen er registrert" in client.get(LIST).content.decode()


@pytest.mark.parametrize(
    "note",
    [
        "Gjelder 17051012345",
        "fnr 170510 12345 ble nevnt",
        "170510-123.45",
        "Telefon 12 34 56 78 901",
    ],
)
def test_it_refuses_a_national_id_in_the_note(personas, login, note):
    response = login(personas.los_a).post(CREATE, posted(note=note))
    assert response.status_code == 400
    assert "fødselsnummer" in response.content.decode()
    assert not Inquiry.objects.exists()


def test_it_takes_short_numbers_in_the_note(personas, login):
    response = login(personas.los_a).post(CREATE, posted(note="Møte 12.03 kl 1400, rom 12"))
    assert response.status_code == 302


@pytest.mark.parametrize("note", ["Spørsmål om Anna Fiktivsen", "gjelder anna fiktivsen i 9B"])
def test_it_warns_on_a_name_from_the_register(personas, login, note):
    response = login(personas.los_a).post(CREATE, posted(note=note))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Advarsel" in page and "navnet til en ungdom i registeret" in page
    assert not Inquiry.objects.exists()
    # The hit is a search naming nobody, under her role in the unit: her leader sees it.
    search = AuditEvent.objects.get(action=AuditAction.SEARCH)
    assert search.fields == ["register_name_check"]
    assert search.acting_membership.unit == personas.unit_a
    assert not AuditSubject.objects.filter(event=search).exists()


def test_the_name_check_reads_norwegian_letters_and_double_names(personas):
    Youth.objects.create(
        municipality=personas.municipality,
        first_name="Øyvind Åsmund",
        last_name="Ødegård-Bø",
        birth_date=date(2009, 1, 1),
    )
    check = inquiry_selectors.register_name_in
    assert check(actor=personas.los_a, text="møtte øyvind åsmund ødegård-bø i går")
    assert not check(actor=personas.los_a, text="Øyvind kom ikke")  # a first name alone
    assert not check(actor=personas.los_a, text="Ødegård-Bø skole")
    assert check(actor=personas.los_a, text="Anna-Fiktivsen")


def test_a_first_name_alone_is_taken(personas, login):
    assert login(personas.los_a).post(CREATE, posted(note="Anna-saken")).status_code == 302


def test_the_name_check_does_not_look_in_another_municipality(personas):
    from ungsam.org.models import Municipality

    other = Municipality.objects.create(name="Andrevik kommune", number="9997")
    Youth.objects.create(
        municipality=other, first_name="Kari", last_name="Annensted", birth_date=date(2010, 1, 1)
    )
    assert not inquiry_selectors.register_name_in(actor=personas.los_a, text="Kari Annensted")


ELEVEN = re.compile(r"\d{11}")


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    note=st.one_of(
        st.text(max_size=220),
        st.lists(
            st.one_of(st.sampled_from(["1", "7", "0", " ", "-", ".", "Anna", " Fiktivsen"])),
            max_size=30,
        ).map("".join),
    ),
    youth=st.one_of(st.none(), st.integers(), st.text(max_size=5)),
)
def test_any_note_is_saved_or_refused_never_a_500(personas, client, note, youth):
    client.force_login(personas.los_a)
    data = posted(note=note)
    if youth is not None:
        data["youth"] = youth
    before = Inquiry.objects.count()
    response = client.post(CREATE, data)
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        saved = Inquiry.objects.order_by("-id").first()
        assert Inquiry.objects.count() == before + 1
        # Never an 11-digit number, however it was spaced or dotted.
        assert not ELEVEN.search(re.sub(r"[\W_]", "", saved.note))
        words = set(re.findall(r"[^\W\d_]+", saved.note))
        assert not {"Anna", "Fiktivsen"} <= words
    else:
        assert Inquiry.objects.count() == before
        assert 'role="alert"' in response.content.decode()


def test_the_service_refuses_a_unit_she_does_not_work_in(personas):
    with pytest.raises(Http404):
        record(personas.los_b, personas.unit_a)
    with pytest.raises(Http404):
        record(personas.partner, personas.unit_a)
    for outsider in (personas.analyst, personas.admin, personas.los_b):
        with pytest.raises(Http404):
            inquiry_services.anonymous_guidance_record(
                actor=outsider,
                unit_id=personas.unit_a.pk,
                service="politi",
                direction="outgoing",
                on_date=timezone.localdate(),
                topic="crime",
                meeting="slt",
            )
    assert not Inquiry.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.SEARCH).exists()


def test_the_service_refuses_a_date_in_the_future(personas):
    with pytest.raises(ValidationError):
        record(personas.los_a, personas.unit_a, on_date=timezone.localdate() + timedelta(days=1))


# --- Access and the list ---------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["partner", "analyst", "admin"])
@pytest.mark.parametrize("url", [LIST, CREATE, DISCUSSION])
def test_only_workers_of_a_unit_use_the_pages(personas, login, persona, url):
    assert login(getattr(personas, persona)).get(url).status_code == 404


def test_a_unit_sees_only_its_own_inquiries(personas, login):
    record(personas.los_a, personas.unit_a, note="Fra Los A")
    record(personas.los_b, personas.unit_b, note="Fra OT B")
    page = login(personas.los_b).get(LIST).content.decode()
    assert "Fra OT B" in page and "Fra Los A" not in page
    leader = login(personas.leader_a).get(LIST).content.decode()
    assert "Fra Los A" in leader and "Fra OT B" not in leader


def test_the_list_filters_by_period_and_service(personas, login):
    today = timezone.localdate()
    record(personas.los_a, personas.unit_a, service="politi", note="Politiet nylig")
    record(
        personas.los_a,
        personas.unit_a,
        service="nav",
        on_date=today - timedelta(days=400),
        note="NAV i fjor",
    )
    client = login(personas.los_a)
    recent = client.get(LIST, {"date_from": (today - timedelta(days=30)).isoformat()})
    assert "Politiet nylig" in recent.content.decode()
    assert "NAV i fjor" not in recent.content.decode()
    nav = client.get(LIST, {"service": "nav"}).content.decode()
    assert "NAV i fjor" in nav and "Politiet nylig" not in nav
    bad = client.get(LIST, {"date_from": "2026-05-01", "date_to": "2026-01-01"})
    assert bad.status_code == 400
    assert "Startdatoen må være før sluttdatoen" in bad.content.decode()


def _list_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(LIST).status_code == 200
    return len(ctx)


def test_the_list_costs_the_same_queries_however_many_rows(personas, login):
    client = login(personas.leader_a)
    record(personas.los_a, personas.unit_a)
    _list_queries(client)  # the first request fills caches
    few = _list_queries(client)
    for _ in range(12):
        record(personas.los_a, personas.unit_a)
        record(personas.leader_a, personas.unit_a)
    assert _list_queries(client) == few


# --- The anonymous case discussion -----------------------------------------------------------


def estimate(personas, **values):
    return inquiry_selectors.anonymity_estimate(actor=personas.los_a, **values)


def test_four_who_fit_warn_and_five_do_not(personas):
    register(personas, 4)
    register(personas, 3, gender="boy")  # same age and school, other gender
    told = {"age": 14, "gender": "girl", "school": SCHOOL}
    four = estimate(personas, **told)
    assert not four.anonymous and four.shown is None
    assert "drop_gender" in four.suggestions
    register(personas, 1, first="Femte")
    five = estimate(personas, **told)
    assert five.anonymous and five.shown == 5 and five.suggestions == []


def test_a_diagnosis_needs_twenty_who_fit_the_rest(personas):
    register(personas, 5)
    with_diagnosis = estimate(personas, age=14, gender="girl", school=SCHOOL, diagnosis=True)
    assert not with_diagnosis.anonymous and with_diagnosis.needed == 20
    assert with_diagnosis.shown == 5 and with_diagnosis.suggestions == ["drop_diagnosis"]
    register(personas, 15, first="Flere")
    assert estimate(personas, age=14, gender="girl", school=SCHOOL, diagnosis=True).anonymous


def test_it_suggests_the_age_group_for_the_age(personas):
    register(personas, 3, age=14)
    register(personas, 3, age=15, first="Eldre")
    found = estimate(personas, age=14, gender="girl", school=SCHOOL)
    assert not found.anonymous and found.suggestions == ["use_age_group"]
    assert estimate(personas, age_group="ungdomsskole", gender="girl", school=SCHOOL).anonymous


def test_the_page_warns_without_the_count_and_audits_a_search_naming_nobody(personas, login):
    register(personas, 4)
    register(personas, 3, gender="boy", first="Gutt")  # the school is offered: 7 go there
    client = login(personas.los_a)
    data = {"age": "14", "gender": "girl", "school": SCHOOL, "action": "estimate"}
    response = client.post(DISCUSSION, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Advarsel: saken kan kjennes igjen" in page
    assert "Færre enn 5 ungdommer i registeret" in page
    assert "Ung0" not in page and "Registersen" not in page
    assert (
        "Record as anonymous guidance" not in page and "Registrer som anonym veiledning" not in page
    )
    search = AuditEvent.objects.get(action=AuditAction.SEARCH)
    assert search.fields == ["anonymity_estimate"]
    assert not AuditSubject.objects.filter(event=search).exists()


def test_the_discussion_is_recorded_only_when_anonymous_and_keeps_coarse_attributes(
    personas, login
):
    register(personas, 4)
    register(personas, 3, gender="boy", first="Gutt")  # the school is offered: 7 go there
    client = login(personas.los_a)
    data = {
        "age": "14",
        "gender": "girl",
        "school": SCHOOL,
        "diagnosis": "adhd",
        "action": "record",
        "meeting": "slt",
        "service": "politi",
        "direction": "outgoing",
        "on_date": timezone.localdate().isoformat(),
        "topic": "crime",
    }
    refused = client.post(DISCUSSION, data)
    assert refused.status_code == 400
    assert "Saken kan fortsatt kjennes igjen" in refused.content.decode()
    assert not Inquiry.objects.exists()
    register(personas, 20, first="Mange")
    assert client.post(DISCUSSION, data).status_code == 302
    saved = Inquiry.objects.get()
    assert (saved.kind, saved.meeting, saved.age_group, saved.gender) == (
        "anonymous_guidance",
        "slt",
        "ungdomsskole",
        "girl",
    )
    assert SCHOOL not in str(vars(saved)) and "adhd" not in str(vars(saved))


def test_the_discussion_page_refuses_bad_input_in_norwegian(personas, login):
    client = login(personas.los_a)
    response = client.post(DISCUSSION, {"age": "14", "age_group": "vgs", "school": "Ukjent"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Oppgi alderen eller aldersgruppen, ikke begge" in page
    assert not AuditEvent.objects.filter(action=AuditAction.SEARCH).exists()


# --- Statistics ------------------------------------------------------------------------------


def test_statistics_count_by_service_direction_and_kind_with_small_cells_withheld(personas, login):
    for _ in range(6):
        record(personas.los_a, personas.unit_a, service="politi", direction="incoming")
    record(personas.los_b, personas.unit_b, service="politi", direction="incoming")
    record(personas.los_a, personas.unit_a, service="skole", direction="outgoing")
    for _ in range(5):
        record(
            personas.field_c,
            personas.unit_c,
            service="politi",
            direction="outgoing",
            kind="anonymous_guidance",
        )
    record(
        personas.los_a,
        personas.unit_a,
        service="nav",
        on_date=date(timezone.localdate().year - 1, 6, 1),
    )
    rows, totals = inquiry_selectors_for_stats(personas)
    by_service = {r.service: r.counts for r in rows}
    assert by_service["politi"] == [7, 0, 0, 5]
    assert by_service["skole"] == [0, None, 0, 0]
    assert "nav" not in by_service  # last year: outside the period
    assert totals == [7, None, 0, 5]
    page = login(personas.analyst).get("/statistikk/").content.decode()
    assert "Henvendelser uten samtykke og anonym veiledning" in page
    assert "færre enn 5" in page
    last_year = timezone.localdate().year - 1
    older = login(personas.analyst).get(
        "/statistikk/", {"date_from": f"{last_year}-01-01", "date_to": f"{last_year}-12-31"}
    )
    assert "NAV" in older.content.decode()


def inquiry_selectors_for_stats(personas):
    from ungsam.stats.inquiry_selectors import inquiries_by_service

    today = timezone.localdate()
    return inquiries_by_service(
        actor=personas.analyst, date_from=date(today.year, 1, 1), date_to=today
    )


def test_statistics_count_in_one_query(personas):
    from ungsam.stats.inquiry_selectors import inquiries_by_service

    for service in ("politi", "nav", "skole", "barnevern"):
        record(personas.los_a, personas.unit_a, service=service)
    today = timezone.localdate()
    policy.memberships(personas.analyst)  # read once per request, by the page already
    with CaptureQueriesContext(connection) as ctx:
        inquiries_by_service(
            actor=personas.analyst, date_from=date(today.year, 1, 1), date_to=today
        )
    assert len(ctx) == 1


def test_her_leader_sees_the_estimates_in_the_audit_log_naming_nobody(personas, login):
    register(personas, 6)
    estimate(personas, age=14, gender="girl", school=SCHOOL, unit_id=personas.unit_a.pk)
    page = login(personas.leader_a).get("/logg/").content.decode()
    assert "hvor mange ungdommer i registeret som passer til en anonym sak" in page
    assert "Ung0" not in page and "Registersen" not in page


def test_the_school_list_names_only_schools_at_least_five_go_to(personas):
    register(personas, 5)
    register(personas, 4, school="Lille skole", first="Liten")
    assert inquiry_selectors.register_schools(actor=personas.los_a) == [SCHOOL]


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    data=st.fixed_dictionaries(
        {},
        optional={
            "unit": st.one_of(st.integers(), st.text(max_size=5)),
            "age": st.one_of(st.integers(-5, 200).map(str), st.text(max_size=5)),
            "age_group": st.one_of(st.sampled_from(["vgs", "over18", ""]), st.text(max_size=8)),
            "gender": st.one_of(st.sampled_from(["girl", "boy", "unknown"]), st.text(max_size=8)),
            "school": st.text(max_size=30),
            "diagnosis": st.one_of(st.sampled_from(["adhd", ""]), st.text(max_size=8)),
            "action": st.sampled_from(["estimate", "record", "other"]),
            "meeting": st.one_of(st.sampled_from(["slt", "bti"]), st.text(max_size=5)),
            "service": st.one_of(st.sampled_from(["politi", "nav"]), st.text(max_size=5)),
            "direction": st.sampled_from(["incoming", "outgoing", "x"]),
            "on_date": st.one_of(st.dates().map(str), st.text(max_size=10)),
            "topic": st.sampled_from(["crime", "school", ""]),
        },
    )
)
def test_any_discussion_post_answers_without_a_500(personas, client, data):
    client.force_login(personas.los_a)
    response = client.post(DISCUSSION, data)
    assert response.status_code in (200, 302, 400)
    for saved in Inquiry.objects.all():
        assert saved.kind == "anonymous_guidance" and saved.note == ""
