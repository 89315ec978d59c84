from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Site core")

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from core import checks, links  # noqa: F401  (register the checks and signal handlers)
        from core.models import OutboxMessage
        from core.viewsets import OutboxPermissionPolicy

        register_permission_policy(OutboxMessage, OutboxPermissionPolicy(OutboxMessage))
