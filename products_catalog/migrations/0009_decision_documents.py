"""Decision documents (step 2): the document model, lines get a nullable link to it."""

import django.db.models.deletion
import modelcluster.fields
import modelsearch.index
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("products_catalog", "0008_decision_lines"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [
        migrations.CreateModel(
            name="CertificationDecision",
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
                (
                    "decision_year",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        db_index=True,
                        help_text="When only the year is known.",
                        null=True,
                        verbose_name="decision year",
                    ),
                ),
                (
                    "level",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("district", "District"),
                            ("provincial", "Provincial"),
                            ("central", "Central"),
                        ],
                        max_length=12,
                        verbose_name="level",
                    ),
                ),
                (
                    "criteria_version",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("1048-2019", "Decision 1048/QĐ-TTg (2019)"),
                            ("148-2023", "Decision 148/QĐ-TTg (2023)"),
                        ],
                        max_length=12,
                        verbose_name="criteria version",
                    ),
                ),
                (
                    "batch",
                    models.CharField(
                        blank=True,
                        help_text="e.g. đợt 1 năm 2022",
                        max_length=120,
                        verbose_name="batch",
                    ),
                ),
                (
                    "acknowledged",
                    models.JSONField(
                        blank=True, default=list, verbose_name="acknowledged warnings"
                    ),
                ),
                (
                    "document",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="wagtaildocs.document",
                        verbose_name="decision document",
                    ),
                ),
            ],
            options={
                "verbose_name": "certification decision",
                "verbose_name_plural": "certification decisions",
                "ordering": ["-decision_year", "-decision_date", "-pk"],
            },
            bases=(modelsearch.index.Indexed, models.Model),
        ),
        migrations.AddField(
            model_name="decisionline",
            name="decision",
            field=modelcluster.fields.ParentalKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="lines",
                to="products_catalog.certificationdecision",
            ),
        ),
        migrations.AlterField(
            model_name="decisionline",
            name="product",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="decision_lines",
                to="products_catalog.productpage",
                verbose_name="product",
            ),
        ),
        migrations.AlterModelOptions(
            name="decisionline",
            options={
                "ordering": ["sort_order"],
                "verbose_name": "certified product",
                "verbose_name_plural": "certified products",
            },
        ),
    ]
