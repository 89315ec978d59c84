"""Editors view certification and revocation decisions; Moderators also add and change them.

Re-applies :func:`programme.roles.apply_roles` (idempotent).
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from programme.roles import apply_roles

    apply_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("programme", "0007_target_rule_en"),
        ("products_catalog", "0014_merge_0013_export_facts_0013_inspection"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
