from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BuyersConfig(AppConfig):
    """Buyer-facing features: inquiries, certificate check, QR labels, open data."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "buyers"
    verbose_name = _("Buyers")

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from buyers import delivery, personal_data  # noqa: F401  (outbox receiver, personal data)
        from buyers.models import Inquiry
        from buyers.viewsets import InquiryPermissionPolicy

        register_permission_policy(Inquiry, InquiryPermissionPolicy(Inquiry))
