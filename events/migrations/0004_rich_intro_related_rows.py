"""Event intros become rich text (plain text kept as ``<p>`` paragraphs, revisions too);
participating rows use the shared related-page base (``related_name="+"``, no SQL)."""

import html as htmllib
import re

import django.db.models.deletion
import wagtail.fields
from django.db import migrations, models
from django.utils.html import escape, strip_tags

PAGE_MODELS = ("eventindexpage", "eventpage")


def to_rich_text(text):
    """``"a\\n\\nb"`` → ``"<p>a</p><p>b</p>"``; single line breaks become ``<br/>``."""
    if not text or text.lstrip().startswith("<"):
        return text
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]
    return "".join(f"<p>{escape(part).replace(chr(10), '<br/>')}</p>" for part in paragraphs)


def to_plain_text(html):
    if not html:
        return html
    html = re.sub(r"<br\s*/?>", "\n", html)
    paragraphs = [strip_tags(p) for p in re.findall(r"<p[^>]*>(.*?)</p>", html, re.S)]
    return htmllib.unescape("\n\n".join(paragraphs) if paragraphs else strip_tags(html))


def convert(apps, convert_text):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    for name in PAGE_MODELS:
        model = apps.get_model("events", name)
        for page in model.objects.exclude(intro=""):
            new = convert_text(page.intro)
            if new != page.intro:
                model.objects.filter(pk=page.pk).update(intro=new)
        content_type = ContentType.objects.filter(app_label="events", model=name).first()
        if content_type is None:
            continue
        for revision in Revision.objects.filter(content_type=content_type):
            intro = revision.content.get("intro")
            if intro:
                revision.content["intro"] = convert_text(intro)
                revision.save(update_fields=["content"])


def forwards(apps, schema_editor):
    convert(apps, to_rich_text)


def backwards(apps, schema_editor):
    convert(apps, to_plain_text)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_alter_eventpage_locality"),
        ("products_catalog", "0012_build_summaries"),
        ("taxonomy", "0002_rename_tables"),  # the locality table has its new name by now
        ("wagtailcore", "0094_alter_page_locale"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterField(
            model_name="eventindexpage",
            name="intro",
            field=wagtail.fields.RichTextField(blank=True, verbose_name="introduction"),
        ),
        migrations.AlterField(
            model_name="eventpage",
            name="intro",
            field=wagtail.fields.RichTextField(blank=True, verbose_name="introduction"),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.AlterField(
            model_name="eventproducer",
            name="producer",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="products_catalog.producerpage",
                verbose_name="producer",
            ),
        ),
        migrations.AlterField(
            model_name="eventproduct",
            name="product",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="products_catalog.productpage",
                verbose_name="product",
            ),
        ),
    ]
