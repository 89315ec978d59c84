"""The home page's hero button becomes the shared call to action (core.pieces.CallToActionMixin).

``hero_cta_text`` → ``cta_text`` and ``hero_cta_page`` → ``cta_page`` are renamed
(values kept, revisions too); ``cta_url`` is new (empty).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

RENAMES = {"hero_cta_text": "cta_text", "hero_cta_page": "cta_page"}


def rename_in_revisions(apps, renames):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    content_type = ContentType.objects.filter(app_label="home", model="homepage").first()
    if content_type is None:
        return
    for revision in Revision.objects.filter(content_type=content_type):
        content = revision.content
        if any(old in content for old in renames):
            for old, new in renames.items():
                if old in content:
                    content[new] = content.pop(old)
            revision.save(update_fields=["content"])


def forwards(apps, schema_editor):
    rename_in_revisions(apps, RENAMES)


def backwards(apps, schema_editor):
    rename_in_revisions(apps, {new: old for old, new in RENAMES.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_i18n_verbose_names"),
        ("wagtailcore", "0094_alter_page_locale"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.RenameField("homepage", "hero_cta_text", "cta_text"),
        migrations.RenameField("homepage", "hero_cta_page", "cta_page"),
        migrations.AlterField(
            model_name="homepage",
            name="cta_text",
            field=models.CharField(blank=True, max_length=80, verbose_name="call to action text"),
        ),
        migrations.AlterField(
            model_name="homepage",
            name="cta_page",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.WAGTAIL_PAGE_MODEL,
                verbose_name="or call to action page",
            ),
        ),
        migrations.AddField(
            model_name="homepage",
            name="cta_url",
            field=models.URLField(
                blank=True, max_length=500, verbose_name="call to action address"
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
