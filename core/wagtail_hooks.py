"""Admin pieces of core: the outbox listing (Settings menu) and the personal-data tool."""

from wagtail import hooks

from core.viewsets import OutboxViewSet


@hooks.register("register_admin_viewset")
def register_outbox_viewset():
    return OutboxViewSet()
