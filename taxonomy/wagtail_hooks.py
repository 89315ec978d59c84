"""Admin: product groups and localities as snippets, in the "OCOP catalogue" menu."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from taxonomy.models import Locality, ProductGroup


class ProductGroupViewSet(SnippetViewSet):
    model = ProductGroup
    icon = "folder-open-inverse"
    menu_label = _("Product groups")
    list_display = ["name", "code", "criteria_version", "parent"]
    list_filter = ["criteria_version"]
    search_fields = ["name"]
    ordering = ["criteria_version", "parent__sort_order", "sort_order"]


class LocalityViewSet(SnippetViewSet):
    model = Locality
    icon = "site"
    menu_label = _("Localities")
    list_display = ["name", "level", "parent", "abolished_on", "successor"]
    list_filter = ["level"]
    search_fields = ["name"]


class CatalogueGroup(SnippetViewSetGroup):
    items = (ProductGroupViewSet, LocalityViewSet)
    menu_icon = "tag"
    menu_label = _("OCOP catalogue")
    menu_name = "ocop-catalogue"


register_snippet(CatalogueGroup)
