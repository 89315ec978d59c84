"""Build every product's certification summary from its decision lines (same code as live)."""

from collections import defaultdict

from django.db import migrations

from products_catalog.certification import fill


def build(apps, schema_editor):
    Page = apps.get_model("products_catalog", "ProductPage")
    Line = apps.get_model("products_catalog", "DecisionLine")
    Summary = apps.get_model("products_catalog", "CertificationSummary")
    lines = defaultdict(list)
    for line in Line.objects.select_related("decision", "product"):
        lines[line.product.translation_key].append(line)
    for key in set(Page.objects.values_list("translation_key", flat=True)):
        summary = Summary.objects.filter(translation_key=key).first() or Summary(
            translation_key=key
        )
        fill(summary, lines[key], [])
        summary.save()
        Page.objects.filter(translation_key=key).update(certification=summary)


class Migration(migrations.Migration):
    dependencies = [("products_catalog", "0011_revocations_and_summaries")]

    operations = [migrations.RunPython(build, migrations.RunPython.noop)]
