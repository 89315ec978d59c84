"""Issue 16: Editors and Moderators get the permissions on councils, rounds, training, inspections.

Re-applies :func:`programme.roles.apply_roles` (idempotent) now that the models exist.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from programme.roles import apply_roles

    apply_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("programme", "0005_councils_rounds_training"),
        ("products_catalog", "0013_inspection"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
