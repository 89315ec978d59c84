"""Admin: product groups and localities as snippets.

The viewsets are registered by ``products_catalog.wagtail_hooks`` in the one
"OCOP catalogue" menu group, beside the certification decisions (a lower app
cannot name the decisions; the higher one gathers the menu).
"""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

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
