"""Admins change and deactivate units, partner organizations and places (issue 12, section 3):
renamed, re-kinded, moved to a district, or deactivated without losing history; an inactive one
is offered for no new role and is shown as inactive."""

import pytest
from django.core.exceptions import ValidationError

from tests.conftest import admin_of_another_municipality
from ungsam.access.models import AuditEvent
from ungsam.org import services
from ungsam.org.models import District, Membership, Municipality, Place


def unit_form(unit, **changes):
    data = {"name": unit.name, "kind": unit.kind, "district": "", "active": "on"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_it_lets_an_admin_rename_and_move_a_unit(personas, login):
    district = District.objects.create(municipality=personas.municipality, name="Sentrum")
    client = login(personas.admin)
    page = client.get(f"/organisasjon/enheter/{personas.unit_a.pk}/").content.decode()
    assert 'value="Los A"' in page
    response = client.post(
        f"/organisasjon/enheter/{personas.unit_a.pk}/",
        unit_form(personas.unit_a, name="Los Sentrum", kind="ot", district=district.pk),
    )
    assert response.status_code == 302
    personas.unit_a.refresh_from_db()
    assert (personas.unit_a.name, personas.unit_a.kind) == ("Los Sentrum", "ot")
    assert personas.unit_a.district == district
    row = AuditEvent.objects.get(object_type="org.unit", action="update")
    assert row.fields == ["name", "kind", "district"]
    assert row.actor == personas.admin


def test_it_records_nothing_when_nothing_changed(personas, login):
    response = login(personas.admin).post(
        f"/organisasjon/enheter/{personas.unit_a.pk}/", unit_form(personas.unit_a)
    )
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(object_type="org.unit").exists()


def test_it_refuses_a_name_another_unit_has(personas, login):
    response = login(personas.admin).post(
        f"/organisasjon/enheter/{personas.unit_a.pk}/", unit_form(personas.unit_a, name="ot b")
    )
    assert response.status_code == 400
    assert "finnes allerede" in response.content.decode()


def test_it_lets_a_unit_keep_its_own_name_in_other_letters(personas, login):
    response = login(personas.admin).post(
        f"/organisasjon/enheter/{personas.unit_a.pk}/", unit_form(personas.unit_a, name="LOS A")
    )
    assert response.status_code == 302


def test_a_deactivated_unit_keeps_its_roles_and_is_offered_for_no_new_one(personas, login):
    client = login(personas.admin)
    response = client.post(
        f"/organisasjon/enheter/{personas.unit_c.pk}/", unit_form(personas.unit_c, active=None)
    )
    assert response.status_code == 302
    personas.unit_c.refresh_from_db()
    assert not personas.unit_c.active
    # History and current roles stay.
    assert Membership.objects.active().filter(unit=personas.unit_c).exists()
    # Shown as inactive, offered nowhere.
    overview = client.get("/organisasjon/").content.decode()
    assert "Ute C" in overview and "Inaktiv" in overview
    form = client.get("/brukere/ny/").content.decode()
    unit_select = form.split('id="id_unit"', 1)[1].split("</select>", 1)[0]
    assert "Ute C" not in unit_select and "Los A" in unit_select
    response = client.post(
        f"/brukere/{personas.los_b.pk}/", {"role": "field_worker", "unit": personas.unit_c.pk}
    )
    assert response.status_code == 400
    assert not Membership.objects.filter(user=personas.los_b, unit=personas.unit_c).exists()


def test_the_service_gives_no_role_in_a_deactivated_unit(personas):
    services.unit_update(
        actor=personas.admin,
        unit=personas.unit_c,
        name="Ute C",
        kind="outreach",
        district=None,
        active=False,
    )
    with pytest.raises(ValidationError):
        services.membership_add(
            actor=personas.admin,
            user=personas.los_b,
            role="field_worker",
            municipality=personas.municipality,
            unit=personas.unit_c,
        )


def test_a_deactivated_partner_is_shown_inactive_and_offered_for_no_role(personas, login):
    client = login(personas.admin)
    response = client.post(
        f"/organisasjon/samarbeidsparter/{personas.school.pk}/",
        {"name": "Testvik skole", "kind": "skole"},  # "active" unticked
    )
    assert response.status_code == 302
    personas.school.refresh_from_db()
    assert not personas.school.active
    overview = client.get("/organisasjon/").content.decode()
    partners = overview.split('id="partners-heading"', 1)[1].split("</table>", 1)[0]
    assert "Testvik skole" in partners and "Inaktiv" in partners
    form = client.get("/brukere/ny/").content.decode()
    partner_select = form.split('id="id_partner"', 1)[1].split("</select>", 1)[0]
    assert "Testvik skole" not in partner_select
    with pytest.raises(ValidationError):
        services.membership_add(
            actor=personas.admin,
            user=personas.los_b,
            role="partner",
            municipality=personas.municipality,
            partner=personas.school,
        )


def test_it_lets_an_admin_change_and_deactivate_a_place(personas, login):
    place = Place.objects.create(municipality=personas.municipality, name="Torget", kind="street")
    client = login(personas.admin)
    response = client.post(
        f"/organisasjon/steder/{place.pk}/", {"name": "Stortorget", "kind": "station"}
    )
    assert response.status_code == 302
    place.refresh_from_db()
    assert (place.name, place.kind, place.active) == ("Stortorget", "station", False)
    overview = client.get("/organisasjon/").content.decode()
    places = overview.split('id="places-heading"', 1)[1].split("</table>", 1)[0]
    assert "Stortorget" in places and "Tatt ut av bruk" in places
    row = AuditEvent.objects.get(object_type="org.place", action="update")
    assert row.fields == ["name", "kind", "active", "retired_on"]


def test_the_overview_links_each_to_its_page_for_admins_only(personas, login):
    edit = f'href="/organisasjon/enheter/{personas.unit_a.pk}/"'
    assert edit in login(personas.admin).get("/organisasjon/").content.decode()
    assert edit not in login(personas.leader_a).get("/organisasjon/").content.decode()


def test_it_hides_another_municipalitys_unit_and_records_the_probe(personas, login):
    _, their_admin = admin_of_another_municipality()
    response = login(their_admin).get(f"/organisasjon/enheter/{personas.unit_a.pk}/")
    assert response.status_code == 404
    assert AuditEvent.objects.filter(
        action="access_denied", object_type="org.unit", object_id=str(personas.unit_a.pk)
    ).exists()


def test_it_refuses_a_district_of_another_municipality(personas):
    other = Municipality.objects.create(name="Andrevik kommune", number="9997")
    theirs = District.objects.create(municipality=other, name="Nord")
    with pytest.raises(ValidationError):
        services.unit_update(
            actor=personas.admin,
            unit=personas.unit_a,
            name="Los A",
            kind="los",
            district=theirs,
            active=True,
        )
    personas.unit_a.refresh_from_db()
    assert personas.unit_a.district is None
