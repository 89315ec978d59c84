"""Decision documents (step 3): group the old per-product rows into decision documents.

Rows that are the same decision (:func:`products_catalog.rules.decision_identity`:
the same normalised number on the same date or year, or, without a number,
the same date or year, issuing body and level) become one document listing
each product; nothing is lost: a second row of the same product in the same
decision gets a document of its own, and per-row notes stay on the lines.
"""

from django.db import migrations

from products_catalog import rules


def group(apps, schema_editor):
    Line = apps.get_model("products_catalog", "DecisionLine")
    Decision = apps.get_model("products_catalog", "CertificationDecision")
    documents = {}  # (identity, copy number) → decision
    for line in Line.objects.order_by("pk"):
        identity = rules.decision_identity(
            line.decision_number,
            line.decision_date,
            line.decision_year,
            line.issuing_body,
            line.level,
        ) + (line.criteria_version, line.document_id)
        copy = 0
        while (identity, copy) in documents and Line.objects.filter(
            decision=documents[(identity, copy)], product_id=line.product_id
        ).exists():
            copy += 1
        decision = documents.get((identity, copy))
        if decision is None:
            decision = Decision.objects.create(
                number=line.decision_number,
                number_key=rules.decision_number_key(line.decision_number)[:80],
                decision_date=line.decision_date,
                decision_year=line.decision_date.year if line.decision_date else line.decision_year,
                issuing_body=line.issuing_body,
                level=line.level,
                criteria_version=line.criteria_version,
                document_id=line.document_id,
            )
            documents[(identity, copy)] = decision
        line.decision = decision
        line.save(update_fields=["decision"])


def ungroup(apps, schema_editor):
    Line = apps.get_model("products_catalog", "DecisionLine")
    for line in Line.objects.select_related("decision"):
        decision = line.decision
        line.decision_number = decision.number
        line.decision_date = decision.decision_date
        line.decision_year = decision.decision_year
        line.issuing_body = decision.issuing_body
        line.level = decision.level
        line.criteria_version = decision.criteria_version
        line.document_id = decision.document_id
        line.save()


class Migration(migrations.Migration):
    dependencies = [("products_catalog", "0009_decision_documents")]

    operations = [migrations.RunPython(group, ungroup)]
