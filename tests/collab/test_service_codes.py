"""Service codes (DESIGN.md, "Code lists"): partner organisations carry one as their kind, the
old "helse" becomes "helsestasjon_ungdom", and units derive theirs from their kind."""

import importlib

from django.apps import apps

from ungsam.org.models import PartnerOrganization, ServiceCode, UnitKind

DESIGN_LIST = (
    "barnevern barnevernsinstitusjon foresatte bup_dps konfliktradet psykisk_helse_familiestotte "
    "ung_i_jobb skole tidlig_inn helsestasjon_ungdom familieteamet politi rustjeneste "
    "oppfolgingstjenesten oppsokende_tjeneste fritid_med_bistand frivillig_organisasjon "
    "friomsorgen nav ppt fastlege annet"
).split()


def test_the_codes_are_design_s_list_in_its_order_with_norwegian_labels():
    assert ServiceCode.values == DESIGN_LIST
    assert str(ServiceCode("helsestasjon_ungdom").label) == "Helsestasjon for ungdom"
    assert str(ServiceCode("bup_dps").label) == "BUP/DPS"


def test_the_migration_moves_helse_to_the_youth_health_centre(personas):
    old = PartnerOrganization.objects.create(
        municipality=personas.municipality, name="Helse Testvik", kind="helse"
    )
    migration = importlib.import_module("ungsam.org.migrations.0006_service_codes")
    migration.helse_to_service_code(apps, None)
    old.refresh_from_db()
    assert old.kind == "helsestasjon_ungdom"
    personas.school.refresh_from_db()
    assert personas.school.kind == "skole"


def test_every_unit_kind_has_a_service_code(personas):
    assert personas.unit_a.service_code == "oppsokende_tjeneste"  # los
    assert personas.unit_b.service_code == "oppfolgingstjenesten"  # ot
    assert personas.unit_c.get_service_code_display() == "Oppsøkende tjeneste"
    from ungsam.org.models import UNIT_SERVICE_CODES

    assert set(UNIT_SERVICE_CODES) == set(UnitKind.values)
    assert set(UNIT_SERVICE_CODES.values()) <= set(ServiceCode.values)


def test_the_partner_form_offers_the_codes(personas, login):
    page = login(personas.admin).get("/organisasjon/samarbeidsparter/ny/").content.decode()
    assert 'value="helsestasjon_ungdom"' in page and "Familieteamet" in page
    assert 'value="helse"' not in page
