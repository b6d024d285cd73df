"""One audit chain per municipality, keyed hashes, and a table of the youth each row names.

Rows written before this migration keep their SHA-256 hashes (hash_version 0) in chain 0, in
their old order, and `verify_audit` still checks them. Anyone with the database could recompute
unkeyed hashes, so run `manage.py audit_checkpoint` right after migrating: its signed checkpoint
of chain 0 seals them under the key (docs/operations.md, "Upgrading")."""

import django.db.models.deletion
from django.db import migrations, models


def number_legacy_rows(apps, schema_editor):
    AuditEvent = apps.get_model("access", "AuditEvent")
    AuditSubject = apps.get_model("access", "AuditSubject")
    batch, subjects = [], []
    for sequence, event in enumerate(AuditEvent.objects.order_by("id").iterator(), start=1):
        event.chain, event.sequence, event.hash_version = 0, sequence, 0
        batch.append(event)
        if event.youth_id is not None:
            subjects.append(AuditSubject(event_id=event.pk, youth_id=event.youth_id))
        if len(batch) >= 2000:
            AuditEvent.objects.bulk_update(batch, ["chain", "sequence", "hash_version"])
            batch = []
    AuditEvent.objects.bulk_update(batch, ["chain", "sequence", "hash_version"])
    AuditSubject.objects.bulk_create(subjects, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0002_initial"),
        ("org", "0002_approval_and_own_password"),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditSubject",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("youth_id", models.BigIntegerField(db_index=True)),
                (
                    "basis",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("contact_person", "Contact person"),
                            ("unit_leader", "Leader of the unit"),
                            ("care_team", "Care team"),
                            ("consent", "Consent"),
                            ("break_glass", "Emergency access"),
                            ("system", "The system"),
                        ],
                        max_length=20,
                    ),
                ),
                ("consent_id", models.BigIntegerField(blank=True, null=True)),
                (
                    "event",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="subjects",
                        to="access.auditevent",
                    ),
                ),
                (
                    "membership",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.membership",
                    ),
                ),
            ],
            options={
                "verbose_name": "audit subject",
                "verbose_name_plural": "audit subjects",
                "ordering": ["event_id", "id"],
            },
        ),
        migrations.AddField(
            model_name="auditevent",
            name="chain",
            field=models.BigIntegerField(default=0, verbose_name="chain"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="sequence",
            field=models.BigIntegerField(null=True, verbose_name="sequence number"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash_version",
            field=models.PositiveSmallIntegerField(default=1),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="acting_membership",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.membership",
                verbose_name="acting for",
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(max_length=64),
        ),
        migrations.RunPython(number_legacy_rows, migrations.RunPython.noop),
        migrations.RemoveField(model_name="auditevent", name="youth_id"),
        migrations.AlterField(
            model_name="auditevent",
            name="sequence",
            field=models.BigIntegerField(verbose_name="sequence number"),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("view", "Viewed"),
                    ("list", "Seen in a list"),
                    ("create", "Created"),
                    ("update", "Changed"),
                    ("delete", "Deleted"),
                    ("export", "Exported"),
                    ("approve", "Approved"),
                    ("reject", "Rejected"),
                    ("access_denied", "Access refused"),
                    ("login", "Logged in"),
                    ("login_failed", "Failed login"),
                    ("logout", "Logged out"),
                ],
                max_length=20,
                verbose_name="action",
            ),
        ),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.UniqueConstraint(
                fields=("chain", "sequence"), name="auditevent_chain_sequence"
            ),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["chain", "object_type", "id"], name="access_audi_chain_4f9be3_idx"),
        ),
    ]
