"""Campaign channels become translatable rows (issue 13): each row gets the locale of its
campaign and its own translation key; a translated campaign's rows are its own."""

import uuid

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    channel_model = apps.get_model("news", "CampaignChannel")
    page_model = apps.get_model("wagtailcore", "Page")
    for channel in channel_model.objects.all():
        channel.locale_id = page_model.objects.get(pk=channel.page_id).locale_id
        channel.translation_key = uuid.uuid4()
        channel.save(update_fields=["locale", "translation_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0002_seed_categories"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="campaignchannel",
            name="locale",
            field=models.ForeignKey(
                null=True,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AddField(
            model_name="campaignchannel",
            name="translation_key",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="campaignchannel",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterField(
            model_name="campaignchannel",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterUniqueTogether(
            name="campaignchannel",
            unique_together={("translation_key", "locale")},
        ),
    ]
