"""Inquiry e-mails move to the site's one outbox (core.OutboxMessage), history kept.

Every InquiryEmail row becomes an outbox message about its inquiry: ``sent``
stays sent (with its time and attempts), ``failed`` becomes ``dead`` (retry
from the admin), ``pending`` stays pending and is written from the inquiry
when first sent (a migration cannot render the templates). Consent given
before this migration is dated with the inquiry.
"""

import uuid

from django.conf import settings
from django.db import migrations, models

STATES = {"pending": "pending", "sent": "sent", "failed": "dead"}


def message_id(sender):
    domain = sender.rpartition("@")[2].strip(" >") or "localhost"
    return f"<{uuid.uuid4().hex}@{domain}>"


def forwards(apps, schema_editor):
    InquiryEmail = apps.get_model("buyers", "InquiryEmail")
    Inquiry = apps.get_model("buyers", "Inquiry")
    OutboxMessage = apps.get_model("core", "OutboxMessage")
    ContentType = apps.get_model("contenttypes", "ContentType")
    inquiry_type, _ = ContentType.objects.get_or_create(app_label="buyers", model="inquiry")
    OutboxMessage.objects.bulk_create(
        OutboxMessage(
            kind=row.kind,
            state=STATES.get(row.state, "pending"),
            recipient=row.recipient,
            message_id=message_id(settings.DEFAULT_FROM_EMAIL),
            source_type_id=inquiry_type.pk,
            source_id=row.inquiry_id,
            created_at=row.inquiry.created_at,
            attempts=row.attempts,
            last_attempt_at=row.last_attempt_at,
            last_error=row.last_error,
            sent_at=row.sent_at,
        )
        for row in InquiryEmail.objects.select_related("inquiry").order_by("pk")
    )
    Inquiry.objects.filter(consent=True).update(consent_at=models.F("created_at"))


def backwards(apps, schema_editor):
    InquiryEmail = apps.get_model("buyers", "InquiryEmail")
    OutboxMessage = apps.get_model("core", "OutboxMessage")
    ContentType = apps.get_model("contenttypes", "ContentType")
    inquiry_type = ContentType.objects.filter(app_label="buyers", model="inquiry").first()
    if inquiry_type is None:
        return
    rows = OutboxMessage.objects.filter(source_type_id=inquiry_type.pk)
    InquiryEmail.objects.bulk_create(
        InquiryEmail(
            inquiry_id=row.source_id,
            kind=row.kind,
            recipient=row.recipient,
            state={"dead": "failed"}.get(row.state, row.state),
            attempts=row.attempts,
            last_error=row.last_error,
            last_attempt_at=row.last_attempt_at,
            sent_at=row.sent_at,
        )
        for row in rows
    )
    rows.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("buyers", "0003_i18n_verbose_names"),
        ("core", "0005_outbox"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="inquiry",
            name="anonymised_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="anonymised at"),
        ),
        migrations.AddField(
            model_name="inquiry",
            name="consent_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="consent given at"),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="InquiryEmail"),
    ]
