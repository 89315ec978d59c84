"""Buyer inquiries as personal data (:mod:`core.personal_data`): export, anonymise.

Anonymising blanks the buyer (name, organisation, e-mail, phone, message,
internal note) and keeps what the statistics need (date, product, producer,
products wanted, quantity, country, status).
"""

from django.utils.translation import gettext_lazy as _

from buyers.models import Inquiry
from core import personal_data

FIELDS = [
    "reference_code",
    "created_at",
    "subject_title",
    "page_url",
    "buyer_name",
    "organisation",
    "country",
    "email",
    "phone",
    "products_wanted",
    "quantity",
    "quantity_unit",
    "delivery_wanted",
    "message",
    "consent",
    "consent_at",
    "language",
    "status",
]


def export(inquiry):
    row = {}
    for name in FIELDS:
        value = getattr(inquiry, name)
        row[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return row


def anonymise(inquiry, now):
    Inquiry.objects.filter(pk=inquiry.pk).update(
        buyer_name="—",
        organisation="",
        email="",
        phone="",
        message="",
        internal_note="",
        anonymised_at=now,
    )


personal_data.register(
    personal_data.Holder(
        label=_("Buyer inquiries"),
        find=lambda email: Inquiry.objects.filter(email__iexact=email, anonymised_at__isnull=True),
        export=export,
        anonymise=anonymise,
        older_than=lambda cutoff: Inquiry.objects.filter(
            created_at__lt=cutoff, anonymised_at__isnull=True
        ),
    )
)
