"""What the national report form needs from the organisation: a district's two-digit number,
and a unit's and partner organisation's postal address and organisation number, set by an
admin on the organisation pages (the number checked by its modulus 11 digit)."""

import pytest
from django.core.exceptions import ValidationError

from ungsam.org.models import District, validate_organization_number


@pytest.mark.parametrize("number", ["991000003", "991010963", "974760673"])
def test_it_takes_a_valid_organisation_number(number):
    validate_organization_number(number)


@pytest.mark.parametrize("number", ["991000004", "99100000", "9910000031", "99100000x", ""])
def test_it_refuses_a_wrong_organisation_number(number):
    with pytest.raises(ValidationError):
        validate_organization_number(number)


def test_a_district_is_numbered_00_until_given_one(personas):
    district = District.objects.create(municipality=personas.municipality, name="Vest")
    assert district.number == "00"
    district.number = "7"
    with pytest.raises(ValidationError):
        district.full_clean()


def test_an_admin_gives_a_unit_its_address_and_organisation_number(personas, login):
    client = login(personas.admin)
    form = {"name": "Los A", "kind": "los", "active": "on"}
    bad = client.post(
        f"/organisasjon/enheter/{personas.unit_a.pk}/",
        {**form, "organization_number": "991000004"},
    )
    assert bad.status_code == 400
    assert "Dette er ikke et gyldig organisasjonsnummer" in bad.content.decode()
    personas.unit_a.refresh_from_db()
    assert personas.unit_a.organization_number == ""
    good = client.post(
        f"/organisasjon/enheter/{personas.unit_a.pk}/",
        {**form, "organization_number": "991000003", "address": "Losveien 2, 9998 Testvik"},
    )
    assert good.status_code == 302
    personas.unit_a.refresh_from_db()
    assert personas.unit_a.organization_number == "991000003"
    assert personas.unit_a.address == "Losveien 2, 9998 Testvik"


def test_an_admin_gives_a_partner_its_address_and_organisation_number(personas, login):
    response = login(personas.admin).post(
        f"/organisasjon/samarbeidsparter/{personas.school.pk}/",
        {
            "name": "Testvik skole",
            "kind": "skole",
            "active": "on",
            "address": "Skoleveien 1, 9998 Testvik",
            "organization_number": "991008225",
        },
    )
    assert response.status_code == 302
    personas.school.refresh_from_db()
    assert personas.school.organization_number == "991008225"
    page = login(personas.admin).get(f"/organisasjon/samarbeidsparter/{personas.school.pk}/")
    assert "Organisasjonsnummer" in page.content.decode()
