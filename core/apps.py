from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Site core")

    def ready(self):
        from wagtail.permissions import register_permission_policy

        # Imported for their checks and signal handlers (invalidation: content
        # changes bump the cache generation).
        from core import checks, fastpath, invalidation, links, lookups  # noqa: F401

        fastpath.install()
        lookups.install()
        invalidation.install()
        from core.models import OutboxMessage
        from core.viewsets import OutboxPermissionPolicy

        register_permission_policy(OutboxMessage, OutboxPermissionPolicy(OutboxMessage))
