"""The OT register's list sorts on the registration time (issue 18, point 3: helper otregister)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("ot", "0001_initial")]

    operations = [
        migrations.AddIndex(
            model_name="otregistration",
            index=models.Index(fields=["registered_at"], name="ot_otregist_registe_4d5490_idx"),
        ),
    ]
