# One open request to find a youth per registration and team (issue 18, point 5).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("ot", "0002_otregister_registered_index"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="findrequest",
            constraint=models.UniqueConstraint(
                condition=models.Q(("answered_at__isnull", True)),
                fields=("registration", "outreach_unit"),
                name="findrequest_one_open_per_team",
            ),
        ),
    ]
