"""Recompute ``sort_title`` with :func:`core.text.sort_key` (Vietnamese dictionary order)."""

from django.db import migrations

from core.text import sort_key


def recompute(apps, schema_editor):
    for name in ("ProductPage", "ProducerPage"):
        model = apps.get_model("products_catalog", name)
        for pk, title in model.objects.values_list("pk", "title"):
            model.objects.filter(pk=pk).update(sort_title=sort_key(title)[:255])


class Migration(migrations.Migration):
    dependencies = [("products_catalog", "0006_move_taxonomy")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
