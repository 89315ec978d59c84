"""Admin registration: news categories as a snippet with their own menu item."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from news.models import NewsCategory


class NewsCategoryViewSet(SnippetViewSet):
    model = NewsCategory
    icon = "tag"
    menu_label = _("News categories")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    search_backend_name = None


register_snippet(NewsCategoryViewSet)
