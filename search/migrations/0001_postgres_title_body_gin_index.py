"""PostgreSQL only: a GIN index on ``title || body`` of Wagtail's search index table.

Wagtail's PostgreSQL backend matches ``(title || body) @@ query``; its own GIN
indexes are on each column, which that expression cannot use, so every search
read every index entry (85 ms at 10,000 products, see README "Benchmarks").
With this expression index the matching entries are found through the index.
Other databases: nothing to do.
"""

from django.db import migrations

INDEX = "search_indexentry_title_body_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry "
            "USING gin ((title || body))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
