from django.db import migrations, models
from django.utils.text import slugify


def fill_slugs(apps, schema_editor):
    # The same rule as Unit.save (ungsam.org.models.unique_unit_slug), frozen here.
    Unit = apps.get_model("org", "Unit")
    taken: dict[int, set[str]] = {}
    for unit in Unit.objects.order_by("id"):
        spelled = unit.name.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
        base = slugify(spelled)[:56] or "enhet"
        used = taken.setdefault(unit.municipality_id, set())
        slug, n = base, 2
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
        used.add(slug)
        unit.slug = slug
        unit.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [("org", "0008_areas_and_retired_places")]

    operations = [
        migrations.AddField(
            model_name="unit",
            name="slug",
            field=models.SlugField(blank=True, default="", max_length=60, verbose_name="short name"),
            preserve_default=False,
        ),
        migrations.RunPython(fill_slugs, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="unit",
            constraint=models.UniqueConstraint(
                fields=("municipality", "slug"), name="unit_unique_slug"
            ),
        ),
    ]
