"""Indexes that only PostgreSQL gets, for the queries Wagtail's PostgreSQL search
backend writes (``search/migrations``; why each one: its migration's docstring)."""

from django.db import migrations


def postgres_index(name, definition):
    """A migration operation creating index ``name`` as ``CREATE INDEX … {definition}``
    on PostgreSQL (dropped when reversed); nothing on other databases."""

    def create(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} {definition}")

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(create, drop, elidable=False)
