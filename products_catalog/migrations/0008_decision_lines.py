"""Per-product decision rows become lines of decision documents (step 1: rename).

On PostgreSQL a renamed table keeps its index and constraint names
("products_catalog_certificationdecision_…"); 0009 creates a new table of the
old name whose indexes would get the very same names. So the renamed
table's names are moved out of the way first (other databases: nothing to do).
"""

import hashlib

from django.db import migrations

TABLE = "products_catalog_decisionline"
OLD_PREFIXES = ("products_catalog_certificationdecision", "products_catalog_cer")


def rename_constraints(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, TABLE)
    quote = schema_editor.quote_name
    for name, info in constraints.items():
        if not name.startswith(OLD_PREFIXES):
            continue
        new_name = f"pc_decisionline_{hashlib.md5(name.encode()).hexdigest()[:16]}"
        if info["primary_key"] or info["unique"] or info["foreign_key"] or info["check"]:
            sql = f"ALTER TABLE {quote(TABLE)} RENAME CONSTRAINT {quote(name)} TO {quote(new_name)}"
        else:
            sql = f"ALTER INDEX {quote(name)} RENAME TO {quote(new_name)}"
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("products_catalog", "0007_vietnamese_sort_keys")]

    operations = [
        migrations.RenameModel("CertificationDecision", "DecisionLine"),
        migrations.RenameField("DecisionLine", "page", "product"),
        migrations.RunPython(rename_constraints, migrations.RunPython.noop),
    ]
