"""PostgreSQL only: a GIN index on ``title || body`` of Wagtail's search index table.

Wagtail's PostgreSQL backend matches ``(title || body) @@ query``; its own GIN
indexes are on each column, which that expression cannot use, so every search
read every index entry (85 ms at 10,000 products, see README "Benchmarks").
With this expression index the matching entries are found through the index.
Other databases: nothing to do.
"""

from django.db import migrations

from search.pg_indexes import postgres_index


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [
        postgres_index(
            "search_indexentry_title_body_gin",
            "ON wagtailsearch_indexentry USING gin ((title || body))",
        )
    ]
