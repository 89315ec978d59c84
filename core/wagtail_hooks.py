"""Admin registration of the site's main menu (a snippet: page + short label, drag to order)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core.models import MenuItem


class MenuItemViewSet(SnippetViewSet):
    model = MenuItem
    icon = "list-ul"
    menu_label = _("Main menu")
    list_display = ["__str__", "page"]
    ordering = ["sort_order"]


register_snippet(MenuItemViewSet)
