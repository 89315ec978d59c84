"""Per-product decision rows become lines of decision documents (step 1: rename)."""

from django.db import migrations

OLD_PREFIX = "products_catalog_certificationdecision"
NEW_PREFIX = "products_catalog_decisionline"


def rename_indexes(apps, schema_editor):
    # PostgreSQL keeps index names through a table rename; the new decision
    # document table (same old name) would then collide with them.
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = %s AND indexname LIKE %s",
            [NEW_PREFIX, OLD_PREFIX + "%"],
        )
        for (name,) in cursor.fetchall():
            new_name = (NEW_PREFIX + name[len(OLD_PREFIX) :])[:63]
            cursor.execute(f'ALTER INDEX "{name}" RENAME TO "{new_name}"')


class Migration(migrations.Migration):
    dependencies = [("products_catalog", "0007_vietnamese_sort_keys")]

    operations = [
        migrations.RenameModel("CertificationDecision", "DecisionLine"),
        migrations.RenameField("DecisionLine", "page", "product"),
        migrations.RunPython(rename_indexes, migrations.RunPython.noop),
    ]
