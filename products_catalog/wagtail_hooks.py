"""Admin registration: groups and localities (snippets), flat product and producer listings."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from products_catalog.models import Locality, ProducerPage, ProductGroup, ProductPage


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


class ProductListingViewSet(PageListingViewSet):
    """A flat admin listing of every product, filterable, beside the page explorer."""

    model = ProductPage
    icon = "tag"
    menu_label = _("OCOP products")
    add_to_admin_menu = True
    menu_order = 150
    name = "ocop_products"
    list_display = ["title", "producer", "group", "locality", "live"]
    list_filter = ["group", "locality", "producer__producer_type", "live"]
    search_fields = ["title"]


class ProducerListingViewSet(PageListingViewSet):
    model = ProducerPage
    icon = "group"
    menu_label = _("Producers")
    add_to_admin_menu = True
    menu_order = 151
    name = "ocop_producers"
    list_display = ["title", "producer_type", "locality", "publish_contact"]
    list_filter = ["producer_type", "locality", "publish_contact"]
    search_fields = ["title"]


@hooks.register("register_admin_viewset")
def register_page_listings():
    return [ProductListingViewSet(), ProducerListingViewSet()]
