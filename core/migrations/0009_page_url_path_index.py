"""An index on ``wagtailcore_page.url_path`` (issue 14).

Routing a request (:func:`core.fastpath.route`) finds the page and its
ancestors by ``url_path`` in one query; Wagtail indexes ``path`` but not
``url_path``, so at 31,000 pages (the 20,000-product benchmark) that query read
the whole table: 9 ms of every page view. SQLite and PostgreSQL both take the
same statement.
"""

from django.db import migrations

INDEX = "ocop_page_url_path"


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0008_tag_name_en"),
        ("wagtailcore", "0096_referenceindex_referenceindex_source_object_and_more"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page (url_path)",
            f"DROP INDEX IF EXISTS {INDEX}",
            elidable=False,
        )
    ]
