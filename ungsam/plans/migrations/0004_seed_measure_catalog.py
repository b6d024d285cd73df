"""Every existing municipality gets seed 000's measures as its catalog (a frozen copy of
ungsam/plans/catalog.py: a migration must do the same on every database, whatever the list
says later). New municipalities get it from `measure_catalog_seed`."""

from django.db import migrations

SEED_MEASURES = (
    "Leksehjelp",
    "Vekking og følge til skolen",
    "Foreldreveiledningsgruppe (ICDP)",
    "Veiledning av foresatte",
    "Tilpasset undervisning",
    "Alternativ mestringsarena",
    "Deltidsjobb eller sommerjobb",
    "Mentor eller miljøarbeider",
    "Frivillig rusprøvekontrakt",
    "Samtaler om rusbruk og hasjavvenning",
    "Fritidsaktivitet",
    "Hjelp til botilbud",
    "Bistand i kontakt med hjelpeapparatet",
    "Faste oppfølgingssamtaler med skole og hjem",
    "Oppfølging ved skolestart",
)


def seed(apps, schema_editor):
    Municipality = apps.get_model("org", "Municipality")
    MeasureType = apps.get_model("plans", "MeasureType")
    for municipality in Municipality.objects.all():
        have = set(
            MeasureType.objects.filter(municipality=municipality).values_list("name", flat=True)
        )
        MeasureType.objects.bulk_create(
            MeasureType(municipality=municipality, name=name)
            for name in SEED_MEASURES
            if name not in have
        )


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0003_action_plans"),
        ("org", "0005_alert_settings"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
