"""Admin registration: flat product and producer listings beside the page explorer."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.pages import PageListingViewSet

from products_catalog.models import ProducerPage, ProductPage


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
