"""Admin pieces of core: the main-menu snippet, the outbox listing, the personal-data tool."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem as AdminMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core import pagecache
from core.admin_views import can_manage, personal_data_view
from core.models import MenuItem
from core.viewsets import OutboxViewSet


class MenuItemViewSet(SnippetViewSet):
    model = MenuItem
    icon = "list-ul"
    menu_label = _("Main menu")
    list_display = ["__str__", "page"]
    ordering = ["sort_order"]


register_snippet(MenuItemViewSet)


# Marks Wagtail page responses as storable by the anonymous page cache.
hooks.register("before_serve_page", pagecache.mark_page)


@hooks.register("register_admin_viewset")
def register_outbox_viewset():
    return OutboxViewSet()


@hooks.register("register_admin_urls")
def register_personal_data_url():
    return [path("personal-data/", personal_data_view, name="core_personal_data")]


class SuperuserMenuItem(AdminMenuItem):
    def is_shown(self, request):
        return can_manage(request.user)


@hooks.register("register_settings_menu_item")
def register_personal_data_menu_item():
    return SuperuserMenuItem(
        _("Personal data"), reverse("core_personal_data"), icon_name="user", order=900
    )
