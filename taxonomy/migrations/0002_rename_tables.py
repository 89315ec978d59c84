"""Give the moved tables their own names and carry content types (and so permissions) over."""

from django.db import migrations

MODELS = ("locality", "productgroup")


def move_content_types(apps, schema_editor):
    # Groups' permissions and admin log entries point at these content types:
    # renaming keeps them instead of leaving stale rows behind.
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if ContentType.objects.filter(app_label="taxonomy", model=model).exists():
            continue
        ContentType.objects.filter(app_label="products_catalog", model=model).update(
            app_label="taxonomy"
        )


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="taxonomy", model__in=MODELS).update(
        app_label="products_catalog"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("taxonomy", "0001_initial"),
        ("products_catalog", "0006_move_taxonomy"),
    ]

    operations = [
        migrations.RunPython(move_content_types, restore_content_types),
        migrations.AlterModelTable(name="locality", table=None),
        migrations.AlterModelTable(name="productgroup", table=None),
    ]
