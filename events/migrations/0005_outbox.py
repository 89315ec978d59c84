"""Registration confirmations move to the site's one outbox (core.OutboxMessage).

Each confirmation never sent (and not cancelled) becomes a pending outbox
message, keeping its attempts and last error; it is written from the
registration when first sent (a migration cannot render the templates).
Those sent keep ``confirmation_sent_at``. Then the per-row retry fields go.
"""

import uuid

from django.conf import settings
from django.db import migrations, models


def forwards(apps, schema_editor):
    Registration = apps.get_model("events", "Registration")
    OutboxMessage = apps.get_model("core", "OutboxMessage")
    ContentType = apps.get_model("contenttypes", "ContentType")
    registration_type, _ = ContentType.objects.get_or_create(
        app_label="events", model="registration"
    )
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(" >") or "localhost"
    unsent = Registration.objects.filter(confirmation_sent_at__isnull=True).exclude(
        status="cancelled"
    )
    OutboxMessage.objects.bulk_create(
        OutboxMessage(
            kind="confirmation",
            state="pending",
            recipient=row.email,
            message_id=f"<{uuid.uuid4().hex}@{domain}>",
            source_type_id=registration_type.pk,
            source_id=row.pk,
            created_at=row.created_at,
            attempts=row.email_attempts,
            last_error=row.email_error,
        )
        for row in unsent.order_by("pk")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0004_rich_intro_related_rows"),
        ("core", "0005_outbox"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.RemoveField(model_name="registration", name="email_attempts"),
        migrations.RemoveField(model_name="registration", name="email_error"),
        migrations.AddField(
            model_name="registration",
            name="anonymised_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="anonymised at"),
        ),
        migrations.AddField(
            model_name="registration",
            name="consent_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="consent given at"),
        ),
    ]
