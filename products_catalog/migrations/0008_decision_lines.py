"""Per-product decision rows become lines of decision documents (step 1: rename)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("products_catalog", "0007_vietnamese_sort_keys")]

    operations = [
        migrations.RenameModel("CertificationDecision", "DecisionLine"),
        migrations.RenameField("DecisionLine", "page", "product"),
    ]
