"""The constraint `membership_role_matches_place` is now built from the role sets in
ungsam/org/models.py (UNIT_ROLES, PARTNER_ROLES, MUNICIPALITY_ROLES), the same sets
`place_errors` checks, instead of repeating the role names. The only difference Django sees is
the partner clause, `role = 'partner'` before and `role IN ('partner')` now: the same rows pass
and fail, so no existing row can break the new constraint. Django has no operation that swaps a
check constraint's condition in place, so it is dropped and added again."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0002_approval_and_own_password"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="membership",
            name="membership_role_matches_place",
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("role__in", ["field_worker", "caseworker", "leader"]),
                        ("unit__isnull", False),
                    ),
                    models.Q(("partner__isnull", False), ("role__in", ["partner"])),
                    models.Q(
                        ("partner__isnull", True),
                        ("role__in", ["analyst", "admin"]),
                        ("unit__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="membership_role_matches_place",
            ),
        ),
    ]
