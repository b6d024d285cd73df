"""The unit's short name (slug) in the admin's unit form (issue 17): optional, made from the
name when left empty, unique in the municipality, kept when the unit is renamed."""

from ungsam.org.models import Municipality, Unit


def form(**values):
    data = {"name": "Utekontakten Sør", "kind": "outreach", "district": "", "slug": ""}
    data.update(values)
    return data


def test_a_new_unit_without_a_short_name_gets_one_from_its_name(personas, login):
    response = login(personas.admin).post("/organisasjon/enheter/ny/", form())
    assert response.status_code == 302
    assert Unit.objects.get(name="Utekontakten Sør").slug == "utekontakten-sor"


def test_a_short_name_given_is_kept(personas, login):
    response = login(personas.admin).post("/organisasjon/enheter/ny/", form(slug="ute-sor"))
    assert response.status_code == 302
    assert Unit.objects.get(name="Utekontakten Sør").slug == "ute-sor"


def test_a_short_name_another_unit_of_the_municipality_has_is_refused(personas, login):
    client = login(personas.admin)
    response = client.post("/organisasjon/enheter/ny/", form(slug="los-a"))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["slug"]
    assert not Unit.objects.filter(name="Utekontakten Sør").exists()
    # Another municipality's unit may have it.
    other = Municipality.objects.create(name="Andrevik kommune", number="9997")
    assert Unit.objects.create(municipality=other, name="Los A", kind="los").slug == "los-a"


def test_a_short_name_not_in_lower_case_letters_digits_and_hyphens_is_refused(personas, login):
    client = login(personas.admin)
    for slug in ("Ute Sør", "ute_sor", "-ute", "ute--sor", "UTE"):
        response = client.post("/organisasjon/enheter/ny/", form(slug=slug))
        assert response.status_code == 400, slug
        assert list(response.context["form"].errors) == ["slug"], slug
    assert not Unit.objects.filter(name="Utekontakten Sør").exists()


def test_the_edit_form_shows_the_short_name_and_a_rename_keeps_it(personas, login):
    client = login(personas.admin)
    url = f"/organisasjon/enheter/{personas.unit_a.pk}/"
    assert 'value="los-a"' in client.get(url).content.decode()
    data = form(name="Los Sentrum", kind="los", active="on")
    assert client.post(url, data).status_code == 302
    personas.unit_a.refresh_from_db()
    assert (personas.unit_a.name, personas.unit_a.slug) == ("Los Sentrum", "los-a")
    assert client.post(url, dict(data, slug="los-sentrum")).status_code == 302
    personas.unit_a.refresh_from_db()
    assert personas.unit_a.slug == "los-sentrum"
    # Its own short name is no clash.
    assert client.post(url, dict(data, slug="los-sentrum")).status_code == 302
    assert client.post(url, dict(data, slug="ot-b")).status_code == 400
