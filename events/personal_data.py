"""Event registrations as personal data (:mod:`core.personal_data`): export, anonymise.

Anonymising blanks the person (name, organisation, e-mail, phone, message)
and keeps the event, role, status and date (attendance figures stay right).
The e-mail becomes ``anonymised-<id>@invalid``: one registration per address
and event is a database constraint.
"""

from django.utils.translation import gettext_lazy as _

from core import personal_data
from events.models import Registration

FIELDS = ["name", "organisation", "role", "email", "phone", "message", "status"]


def export(registration):
    row = {name: getattr(registration, name) for name in FIELDS}
    row["event"] = registration.event.title
    row["created_at"] = registration.created_at.isoformat()
    row["consent_at"] = registration.consent_at.isoformat() if registration.consent_at else None
    return row


def anonymise(registration, now):
    Registration.objects.filter(pk=registration.pk).update(
        name="—",
        organisation="",
        email=f"anonymised-{registration.pk}@invalid",
        phone="",
        message="",
        anonymised_at=now,
    )


personal_data.register(
    personal_data.Holder(
        label=_("Event registrations"),
        find=lambda email: Registration.objects.filter(
            email__iexact=email, anonymised_at__isnull=True
        ).select_related("event"),
        export=export,
        anonymise=anonymise,
        older_than=lambda cutoff: Registration.objects.filter(
            created_at__lt=cutoff, anonymised_at__isnull=True
        ),
    )
)
