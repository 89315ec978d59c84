"""Admin pieces of core: the outbox listing and the personal-data tool (Settings menu)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from core.admin_views import can_manage, personal_data_view
from core.viewsets import OutboxViewSet


@hooks.register("register_admin_viewset")
def register_outbox_viewset():
    return OutboxViewSet()


@hooks.register("register_admin_urls")
def register_personal_data_url():
    return [path("personal-data/", personal_data_view, name="core_personal_data")]


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return can_manage(request.user)


@hooks.register("register_settings_menu_item")
def register_personal_data_menu_item():
    return SuperuserMenuItem(
        _("Personal data"), reverse("core_personal_data"), icon_name="user", order=900
    )
