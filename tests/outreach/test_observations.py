"""Field observations and their trends (issue 16 item 8): recording with tags and a checked
text, the searchable list, counts per tag and month with the change from the period before,
and the leader's PDF for SLT partners, which holds counts and never a text."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from tests.access.test_subject_access_pdf import pdf_text
from tests.outreach.test_groups import member
from ungsam.access.models import AuditAction, AuditEvent
from ungsam.org.models import Area, Unit
from ungsam.outreach import observation_selectors, observation_services
from ungsam.outreach.models import Observation, ObservationTagging

TODAY = timezone.localdate()
SECRET = "Hemmelig detalj ved kiosken"


@pytest.fixture
def field(personas):
    p = personas
    p.liv = member(p, "liv", "leader", p.unit_c)
    p.station = Area.objects.create(municipality=p.municipality, name="Stasjonen")
    p.park = Area.objects.create(municipality=p.municipality, name="Parken")
    return p


def observe(p, day, tags, area=None, text="Mange ungdommer samlet", unit=None):
    o = Observation.objects.create(
        unit=unit or p.unit_c,
        area=area or p.station,
        date=day,
        text=text,
        recorded_by=p.field_c,
    )
    ObservationTagging.objects.bulk_create(ObservationTagging(observation=o, tag=t) for t in tags)
    return o


def post(client, **data):
    values = {"area": "", "date": TODAY.isoformat(), "tags": ["vaping"], "text": "Vaping ved døra"}
    values.update(data)
    return client.post("/feltarbeid/observasjoner/ny/", values)


def test_she_records_an_observation(field, login):
    p = field
    response = post(login(p.field_c), area=str(p.station.pk), tags=["vaping", "gathering"])
    assert response.status_code == 302
    o = Observation.objects.get()
    assert (o.unit, o.area, o.date) == (p.unit_c, p.station, TODAY)
    assert sorted(o.tags.values_list("tag", flat=True)) == ["gathering", "vaping"]
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(o.pk)).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"tags": []}, "Velg minst ett stikkord"),
        ({"tags": ["nope"]}, "Velg stikkordene fra listen"),
        ({"text": ""}, "Skriv hva teamet observerte"),
        ({"text": "x" * 1001}, "Høyst 1000 tegn"),
        ({"text": "Gutt med fnr 170510 12345 ved kiosken"}, "fødselsnummer"),
        ({"text": "Anna Fiktivsen var der"}, "Advarsel: teksten inneholder navnet"),
        ({"area": "999999"}, "Velg et område fra listen"),
        ({"date": "2999-01-01"}, "fram i tid"),
        ({"shift": "999999"}, "Velg"),
    ],
)
def test_bad_input_is_a_400_with_a_norwegian_message(field, login, data, message):
    p = field
    response = post(login(p.field_c), **{"area": str(p.station.pk), **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Observation.objects.exists()


def test_the_service_checks_the_text_itself(field):
    p = field
    with pytest.raises(ValidationError):
        observation_services.observation_record(
            actor=p.field_c,
            unit_id=p.unit_c.pk,
            area_id=p.station.pk,
            date=TODAY,
            tags=["vaping"],
            text="Ring 17051012345",
        )
    with pytest.raises(ValidationError):
        observation_services.observation_record(
            actor=p.field_c,
            unit_id=p.unit_c.pk,
            area_id=p.station.pk,
            date=TODAY,
            tags=["vaping"],
            text="Så anna fiktivsen ved kiosken",
        )
    assert not Observation.objects.exists()


@pytest.mark.parametrize("persona", ["los_a", "los_b", "partner", "analyst", "admin"])
def test_the_service_refuses_outsiders(field, persona):
    p = field
    with pytest.raises(Http404):
        observation_services.observation_record(
            actor=getattr(p, persona),
            unit_id=p.unit_c.pk,
            area_id=p.station.pk,
            date=TODAY,
            tags=["vaping"],
            text="Rolig kveld",
        )
    assert not Observation.objects.exists()


@pytest.mark.parametrize("persona", ["los_a", "los_b", "partner", "analyst", "admin"])
def test_outsiders_get_404(field, login, persona):
    client = login(getattr(field, persona))
    for url in (
        "/feltarbeid/observasjoner/",
        "/feltarbeid/observasjoner/ny/",
        "/feltarbeid/observasjoner/trender/",
        "/feltarbeid/observasjoner/trender.pdf",
    ):
        assert client.get(url).status_code == 404, url


def test_another_outreach_units_observations_are_not_shown(field, login):
    p = field
    other = Unit.objects.create(municipality=p.municipality, name="Ute D", kind="outreach")
    observe(p, TODAY, ["vaping"], text="Fra den andre enheten", unit=other)
    observe(p, TODAY, ["vaping"], text="Fra vår enhet")
    page = login(p.field_c).get("/feltarbeid/observasjoner/").content.decode()
    assert "Fra vår enhet" in page
    assert "Fra den andre enheten" not in page


def test_she_searches_by_words_tag_area_and_period(field, login):
    p = field
    observe(p, TODAY, ["vaping"], text="Vaping bak skuret ved stasjonen")
    observe(p, TODAY, ["party_place"], area=p.park, text="Fest i parken, musikk")
    observe(p, TODAY - timedelta(days=200), ["vaping"], text="Vaping ved benken")
    client = login(p.field_c)

    def texts(**query):
        response = client.get("/feltarbeid/observasjoner/", query)
        assert response.status_code == 200
        return sorted(o.text for o in response.context["rows"])

    assert texts(q="skuret vaping") == ["Vaping bak skuret ved stasjonen"]
    assert texts(tag="party_place") == ["Fest i parken, musikk"]
    assert texts(area=str(p.park.pk)) == ["Fest i parken, musikk"]
    assert texts(tag="vaping", date_from=(TODAY - timedelta(days=30)).isoformat()) == [
        "Vaping bak skuret ved stasjonen"
    ]
    bad = client.get(
        "/feltarbeid/observasjoner/", {"date_from": "2020-02-02", "date_to": "2019-01-01"}
    )
    assert bad.status_code == 400
    assert "Startdatoen" in bad.content.decode() or "før" in bad.content.decode()


def test_the_list_does_not_query_per_observation(field, login, django_assert_max_num_queries):
    p = field
    for i in range(30):
        observe(p, TODAY - timedelta(days=i), ["vaping", "alcohol"], text=f"Observasjon {i}")
    client = login(p.field_c)
    with django_assert_max_num_queries(18):
        response = client.get("/feltarbeid/observasjoner/")
    assert response.status_code == 200
    assert len(response.context["rows"]) == observation_selectors.PER_PAGE


def test_trends_count_tags_per_month_and_the_change_from_the_period_before(field):
    p = field
    start, end = date(2026, 1, 1), date(2026, 3, 31)  # 89 days; before: 2 Oct–31 Dec 2025
    observe(p, date(2026, 1, 5), ["vaping"])
    observe(p, date(2026, 1, 20), ["vaping", "alcohol"])
    observe(p, date(2026, 3, 2), ["vaping"])
    observe(p, date(2026, 3, 3), ["cannabis"], area=p.park)
    observe(p, date(2025, 11, 10), ["vaping"])
    observe(p, date(2025, 12, 1), ["cannabis"])
    observe(p, date(2025, 12, 2), ["cannabis"])
    observe(p, date(2025, 9, 1), ["cannabis"])  # before the period before: not counted

    t = observation_selectors.trends(actor=p.field_c, unit=p.unit_c, date_from=start, date_to=end)

    assert (t.previous_from, t.previous_to) == (date(2025, 10, 3), date(2025, 12, 31))
    assert t.month_labels == ["01.26", "02.26", "03.26"]
    tags = {x.tag: x for x in t.tags}
    assert tags["vaping"].per_month == [2, 0, 1]
    assert (tags["vaping"].total, tags["vaping"].previous, tags["vaping"].change) == (3, 1, 2)
    assert tags["vaping"].change_percent == 200
    assert (tags["cannabis"].total, tags["cannabis"].previous, tags["cannabis"].change) == (
        1,
        2,
        -1,
    )
    assert tags["alcohol"].change_percent is None  # nothing before: no percentage
    assert t.observations_per_month == [2, 0, 2]
    assert (t.observations, t.observations_previous) == (4, 3)

    park = observation_selectors.trends(
        actor=p.field_c, unit=p.unit_c, area=p.park, date_from=start, date_to=end
    )
    assert [(x.tag, x.total) for x in park.tags] == [("cannabis", 1)]


def test_the_trends_page_shows_counts_and_never_the_text(field, login):
    p = field
    observe(p, TODAY, ["vaping"], text=SECRET)
    response = login(p.field_c).get("/feltarbeid/observasjoner/trender/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Vaping" in page
    assert SECRET not in page
    # The default period is the last 12 months.
    assert len(response.context["trends"].months) == 12
    assert "trender.pdf" not in page  # Fred does not lead the unit


def test_the_leader_shares_the_trends_as_a_pdf_without_any_text(field, login):
    p = field
    observe(p, TODAY, ["vaping", "party_place"], text=SECRET)
    client = login(p.liv)
    assert "trender.pdf" in client.get("/feltarbeid/observasjoner/trender/").content.decode()

    response = client.get("/feltarbeid/observasjoner/trender.pdf", {"area": str(p.station.pk)})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Ute C" in text
    assert "Stasjonen" in text
    assert "Vaping" in text and "Festplass" in text
    assert TODAY.strftime("%d.%m.%Y") in text  # the date it was made
    assert "Hemmelig" not in text and "kiosken" not in text
    exports = AuditEvent.objects.filter(actor=p.liv, action=AuditAction.EXPORT)
    assert [e.fields for e in exports] == [["observation_trends", "pdf"]]


def test_a_field_worker_cannot_download_the_pdf(field, login):
    assert login(field.field_c).get("/feltarbeid/observasjoner/trender.pdf").status_code == 404


def test_a_bad_period_is_a_400(field, login):
    client = login(field.field_c)
    response = client.get(
        "/feltarbeid/observasjoner/trender/", {"date_from": "2026-05-01", "date_to": "2026-01-01"}
    )
    assert response.status_code == 400
    assert "Startdatoen" in response.content.decode()
    too_long = client.get(
        "/feltarbeid/observasjoner/trender/", {"date_from": "2010-01-01", "date_to": "2026-01-01"}
    )
    assert too_long.status_code == 400
    assert "høyst tre år" in too_long.content.decode()


def test_a_long_period_prints_totals_without_month_columns(field, login):
    p = field
    observe(p, date(2025, 3, 1), ["cannabis"], text=SECRET)
    response = login(p.liv).get(
        "/feltarbeid/observasjoner/trender.pdf",
        {"date_from": "2024-01-01", "date_to": "2025-12-31"},
    )
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Cannabis" in text and "01.24" not in text
    assert "Hemmelig" not in text


def test_a_bad_period_on_the_pdf_is_a_400_not_a_file(field, login):
    response = login(field.liv).get(
        "/feltarbeid/observasjoner/trender.pdf",
        {"date_from": "2026-05-01", "date_to": "2026-01-01"},
    )
    assert response.status_code == 400
    assert "Startdatoen" in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()
