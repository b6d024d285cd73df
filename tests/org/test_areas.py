"""Areas and places (issue 16, section 1): admins configure a municipality's areas like its
places (created, renamed, deactivated, audited); a place belongs to an area of the same
municipality, may be of the kind "other", and is retired (with the day) when taken out of use,
keeping every contact counted there."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError
from django.http import Http404
from django.utils import timezone

from tests.conftest import admin_of_another_municipality
from ungsam.access.models import AuditEvent
from ungsam.org import services
from ungsam.org.models import Area, Place
from ungsam.outreach.models import ContactTally


@pytest.fixture
def areas(personas):
    m = personas.municipality
    return (
        Area.objects.create(municipality=m, name="Sentrum"),
        Area.objects.create(municipality=m, name="Nordby"),
    )


def place_form(**changes):
    data = {"name": "Skateparken", "kind": "other", "area": "", "district": "", "active": "on"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_an_admin_creates_renames_and_deactivates_an_area(personas, login):
    client = login(personas.admin)
    assert client.post("/organisasjon/omrader/ny/", {"name": "Sentrum"}).status_code == 302
    area = Area.objects.get(municipality=personas.municipality)
    created = AuditEvent.objects.get(object_type="org.area", action="create")
    assert created.actor == personas.admin and created.fields == ["name"]
    response = client.post(f"/organisasjon/omrader/{area.pk}/", {"name": "Sentrum og havna"})
    assert response.status_code == 302
    area.refresh_from_db()
    assert (area.name, area.active) == ("Sentrum og havna", False)
    changed = AuditEvent.objects.get(object_type="org.area", action="update")
    assert changed.fields == ["name", "active"]
    overview = client.get("/organisasjon/").content.decode()
    section = overview.split('id="areas-heading"', 1)[1].split("</table>", 1)[0]
    assert "Sentrum og havna" in section and "Inaktiv" in section


def test_an_area_name_is_once_per_municipality(personas, login, areas):
    response = login(personas.admin).post("/organisasjon/omrader/ny/", {"name": "sentrum"})
    assert response.status_code == 400
    assert "Et område med dette navnet finnes allerede." in response.content.decode()
    other, their_admin = admin_of_another_municipality()
    services.area_create(actor=their_admin, municipality=other, name="Sentrum")
    assert Area.objects.filter(name="Sentrum").count() == 2


def test_only_the_municipalitys_admin_configures_its_areas(personas, login, areas):
    sentrum, _ = areas
    _, their_admin = admin_of_another_municipality()
    for user in (personas.leader_a, personas.field_c, personas.analyst, their_admin):
        client = login(user)
        if user is not their_admin:  # who creates areas in her own municipality
            assert client.get("/organisasjon/omrader/ny/").status_code == 404
        assert client.get(f"/organisasjon/omrader/{sentrum.pk}/").status_code == 404
        with pytest.raises((PermissionDenied, Http404)):
            services.area_create(actor=user, municipality=personas.municipality, name="Snarvei")
        with pytest.raises((PermissionDenied, Http404)):
            services.area_update(actor=user, area=sentrum, name="Snarvei", active=False)
    sentrum.refresh_from_db()
    assert (sentrum.name, sentrum.active) == ("Sentrum", True)
    assert not Area.objects.filter(name="Snarvei").exists()


def test_a_place_belongs_to_an_area_of_its_municipality(personas, login, areas):
    sentrum, _ = areas
    client = login(personas.admin)
    form = client.get("/organisasjon/steder/ny/").content.decode()
    assert "Nordby" in form and "Annet" in form  # the kind "other"
    missing = client.post("/organisasjon/steder/ny/", place_form())
    assert missing.status_code == 400
    assert "Velg området stedet hører til." in missing.content.decode()
    other, _ = admin_of_another_municipality()
    theirs = Area.objects.create(municipality=other, name="Andrevik sentrum")
    foreign = client.post("/organisasjon/steder/ny/", place_form(area=theirs.pk))
    assert foreign.status_code == 400
    assert not Place.objects.exists()
    with pytest.raises(ValidationError) as refused:
        services.place_create(
            actor=personas.admin,
            municipality=personas.municipality,
            name="Skateparken",
            kind="other",
            district=None,
            area=theirs,
        )
    assert "area" in refused.value.message_dict
    assert client.post("/organisasjon/steder/ny/", place_form(area=sentrum.pk)).status_code == 302
    place = Place.objects.get()
    assert (place.area, place.kind) == (sentrum, "other")
    overview = client.get("/organisasjon/").content.decode()
    places = overview.split('id="places-heading"', 1)[1].split("</table>", 1)[0]
    assert "Skateparken" in places and "Sentrum" in places and "Annet" in places


def test_retiring_a_place_dates_it_and_keeps_its_contacts(personas, login, areas):
    sentrum, nordby = areas
    place = Place.objects.create(
        municipality=personas.municipality, name="Gamle klubben", kind="youth_club", area=sentrum
    )
    now = timezone.now()
    tally = ContactTally.objects.create(
        unit=personas.unit_c,
        place=place,
        tapped_at=now - timedelta(days=30),
        date=(now - timedelta(days=30)).date(),
        channel="field",
        gender="girl",
        age_group="vgs",
        recorded_by=personas.field_c,
    )
    client = login(personas.admin)
    response = client.post(
        f"/organisasjon/steder/{place.pk}/",
        place_form(name="Gamle klubben", kind="youth_club", area=nordby.pk, active=None),
    )
    assert response.status_code == 302
    place.refresh_from_db()
    today = timezone.localdate()
    assert (place.active, place.retired_on, place.area) == (False, today, nordby)
    row = AuditEvent.objects.get(object_type="org.place", action="update")
    assert set(row.fields) == {"active", "area", "retired_on"}
    overview = client.get("/organisasjon/").content.decode()
    assert f"Tatt ut av bruk {today:%d.%m.%Y}" in overview
    # Its contacts stay, and it cannot be deleted from under them.
    assert ContactTally.objects.get(pk=tally.pk).place == place
    with pytest.raises(ProtectedError):
        place.delete()
    # Back in use: no longer retired.
    response = client.post(
        f"/organisasjon/steder/{place.pk}/",
        place_form(name="Gamle klubben", kind="youth_club", area=nordby.pk),
    )
    place.refresh_from_db()
    assert (place.active, place.retired_on) == (True, None)


def test_a_place_keeps_its_area_when_the_area_is_deactivated(personas, login, areas):
    sentrum, _ = areas
    place = Place.objects.create(
        municipality=personas.municipality, name="Torget", kind="street", area=sentrum
    )
    services.area_update(actor=personas.admin, area=sentrum, name="Sentrum", active=False)
    client = login(personas.admin)
    page = client.get(f"/organisasjon/steder/{place.pk}/").content.decode()
    area_select = page.split('id="id_area"', 1)[1].split("</select>", 1)[0]
    assert "Sentrum" in area_select  # still its own
    new = client.get("/organisasjon/steder/ny/").content.decode()
    assert "Sentrum" not in new.split('id="id_area"', 1)[1].split("</select>", 1)[0]
    place.refresh_from_db()
    assert place.area == sentrum
