"""Decision documents (step 4): old per-line fields go, revocations and summaries come."""

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("products_catalog", "0010_group_lines_into_decisions")]

    operations = [
        migrations.RemoveField(
            model_name="decisionline",
            name="criteria_version",
        ),
        migrations.RemoveField(
            model_name="decisionline",
            name="decision_date",
        ),
        migrations.RemoveField(
            model_name="decisionline",
            name="decision_number",
        ),
        migrations.RemoveField(
            model_name="decisionline",
            name="decision_year",
        ),
        migrations.RemoveField(
            model_name="decisionline",
            name="document",
        ),
        migrations.RemoveField(
            model_name="decisionline",
            name="issuing_body",
        ),
        migrations.RemoveField(
            model_name="decisionline",
            name="level",
        ),
        migrations.RemoveField(
            model_name="decisionline",
            name="valid_until",
        ),
        migrations.RemoveField(
            model_name="decisionline",
            name="valid_until_approximate",
        ),
        migrations.AlterField(
            model_name="decisionline",
            name="decision",
            field=modelcluster.fields.ParentalKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="lines",
                to="products_catalog.certificationdecision",
            ),
        ),
        migrations.CreateModel(
            name="CertificationSummary",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("translation_key", models.UUIDField(unique=True)),
                ("stars", models.PositiveSmallIntegerField(blank=True, db_index=True, null=True)),
                ("stars_published", models.BooleanField(default=True)),
                ("score", models.PositiveSmallIntegerField(blank=True, null=True)),
                ("potential_five", models.BooleanField(db_index=True, default=False)),
                ("level", models.CharField(blank=True, max_length=12)),
                ("criteria_version", models.CharField(blank=True, max_length=12)),
                ("decision_number", models.CharField(blank=True, max_length=80)),
                ("issuing_body", models.CharField(blank=True, max_length=200)),
                ("decision_date", models.DateField(blank=True, null=True)),
                (
                    "decision_year",
                    models.PositiveSmallIntegerField(blank=True, db_index=True, null=True),
                ),
                ("valid_until", models.DateField(blank=True, db_index=True, null=True)),
                ("valid_until_approximate", models.BooleanField(default=True)),
                ("revoked_on", models.DateField(blank=True, db_index=True, null=True)),
                ("revocation_reason", models.TextField(blank=True)),
                ("first_year", models.PositiveSmallIntegerField(blank=True, null=True)),
                ("decisions_count", models.PositiveSmallIntegerField(default=0)),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "verbose_name": "certification summary",
                "verbose_name_plural": "certification summaries",
            },
        ),
        migrations.CreateModel(
            name="RevocationDecision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "number",
                    models.CharField(
                        blank=True,
                        help_text="e.g. 1234/QĐ-UBND",
                        max_length=80,
                        verbose_name="decision number",
                    ),
                ),
                (
                    "number_key",
                    models.CharField(blank=True, db_index=True, editable=False, max_length=80),
                ),
                (
                    "decision_date",
                    models.DateField(blank=True, null=True, verbose_name="decision date"),
                ),
                (
                    "issuing_body",
                    models.CharField(
                        blank=True,
                        help_text="e.g. UBND tỉnh Phú Yên",
                        max_length=200,
                        verbose_name="issuing body",
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=255, verbose_name="note")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("reason", models.TextField(verbose_name="reason")),
            ],
            options={
                "verbose_name": "revocation decision",
                "verbose_name_plural": "revocation decisions",
                "ordering": ["-decision_date", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="RevocationLine",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
            ],
            options={
                "verbose_name": "revoked product",
                "verbose_name_plural": "revoked products",
                "ordering": ["sort_order"],
                "abstract": False,
            },
        ),
        migrations.AddConstraint(
            model_name="decisionline",
            constraint=models.UniqueConstraint(
                fields=("decision", "product"), name="one_line_per_product"
            ),
        ),
        migrations.AddField(
            model_name="certificationsummary",
            name="line",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="products_catalog.decisionline",
            ),
        ),
        migrations.AddField(
            model_name="productpage",
            name="certification",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="pages",
                to="products_catalog.certificationsummary",
                verbose_name="certification",
            ),
        ),
        migrations.AddField(
            model_name="revocationdecision",
            name="document",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="wagtaildocs.document",
                verbose_name="decision document",
            ),
        ),
        migrations.AddField(
            model_name="certificationsummary",
            name="revocation",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="products_catalog.revocationdecision",
            ),
        ),
        migrations.AddField(
            model_name="revocationline",
            name="product",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="revocation_lines",
                to="products_catalog.productpage",
                verbose_name="product",
            ),
        ),
        migrations.AddField(
            model_name="revocationline",
            name="revocation",
            field=modelcluster.fields.ParentalKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="lines",
                to="products_catalog.revocationdecision",
            ),
        ),
        migrations.AddIndex(
            model_name="certificationsummary",
            index=models.Index(fields=["stars", "valid_until"], name="summary_stars_valid"),
        ),
    ]
