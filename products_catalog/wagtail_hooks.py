"""Admin registration: flat product and producer listings beside the page explorer, and the
"OCOP catalogue" menu (certification and revocation decisions, product groups, localities)."""

import django_filters
from django.contrib import messages
from django.db.models import Count
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.ui.tables.pages import BulkActionsColumn, PageStatusColumn, PageTitleColumn
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from products_catalog.document_access import check_document
from products_catalog.models import (
    CertificationDecision,
    ProducerPage,
    ProducerType,
    ProductPage,
    RevocationDecision,
)
from products_catalog.models.related import lapsed_products
from products_catalog.rules import Status
from taxonomy.viewsets import LocalityViewSet, ProductGroupViewSet


def page_columns(*columns):
    """A flat page listing's columns: Wagtail's title column (a link to the edit view, the
    page's actions and its language), ``columns``, then the status.

    ``list_display`` would give a plain-text title and ``True`` for ``live``.
    """
    return [
        BulkActionsColumn("bulk_actions"),
        PageTitleColumn("title", label=_("Title"), sort_key="title", classname="title"),
        *columns,
        PageStatusColumn("status", label=_("Status"), sort_key="live", width="12%"),
    ]


class ProductListingFilterSet(PageFilterSet):
    """The product listing's filters; the producer's type named once (django-filter would
    compose "Chủ thể loại hình chủ thể" from the relation and the field)."""

    producer_type = django_filters.ChoiceFilter(
        field_name="producer__producer_type",
        label=capfirst(_("producer type")),
        choices=ProducerType.choices,
    )

    class Meta:
        model = ProductPage
        fields = ["group", "locality", "producer_type", "live"]


class ProductListingViewSet(PageListingViewSet):
    """A flat admin listing of every product, filterable, beside the page explorer."""

    model = ProductPage
    icon = "tag"
    menu_label = _("OCOP products")
    add_to_admin_menu = True
    menu_order = 150
    name = "ocop_products"
    columns = page_columns(
        Column("producer", label=capfirst(_("producer"))),
        Column("group", label=capfirst(_("product group"))),
        Column("locality", label=capfirst(_("locality"))),
    )
    filterset_class = ProductListingFilterSet
    search_fields = ["title"]


class ProducerListingViewSet(PageListingViewSet):
    model = ProducerPage
    icon = "group"
    menu_label = _("Producers")
    add_to_admin_menu = True
    menu_order = 151
    name = "ocop_producers"
    columns = page_columns(
        Column(
            "producer_type",
            label=capfirst(_("producer type")),
            accessor="get_producer_type_display",
        ),
        Column("locality", label=capfirst(_("locality"))),
        BooleanColumn("publish_contact", label=capfirst(_("publish contact"))),
    )
    list_filter = ["producer_type", "locality", "publish_contact"]
    search_fields = ["title"]


@hooks.register("register_admin_viewset")
def register_page_listings():
    return [ProductListingViewSet(), ProducerListingViewSet()]


def date_or_year(decision):
    """ "20/03/2025", or the year alone when the day is not known."""
    if decision.decision_date:
        return decision.decision_date.strftime("%d/%m/%Y")
    return decision.decision_year or "—"


class CertificationDecisionViewSet(SnippetViewSet):
    """Decisions as documents; the edit form checks each line with the rules."""

    model = CertificationDecision
    icon = "doc-full"
    menu_label = _("Certification decisions")
    # The first column is Wagtail's title column (the edit link and the row's actions) only
    # when named by a string; "__str__" also names decisions published without a number.
    list_display = [
        "__str__",
        Column("when", label=_("date or year"), accessor=date_or_year, sort_key="decision_year"),
        "issuing_body",
        "level",
        "batch",
        Column("line_count", label=_("products"), sort_key="line_count"),
    ]
    list_filter = ["level", "decision_year", "criteria_version"]
    search_fields = ["number", "issuing_body", "batch"]
    # The database ORM: field-restricted search works on every backend, no index needed.
    search_backend_name = None

    def get_queryset(self, request):
        return CertificationDecision.objects.annotate(line_count=Count("lines"))


class RevocationDecisionViewSet(SnippetViewSet):
    model = RevocationDecision
    icon = "cross"
    menu_label = _("Revocation decisions")
    list_display = [
        "__str__",  # the title column, as for certification decisions
        "decision_date",
        "issuing_body",
        Column("line_count", label=_("products"), sort_key="line_count"),
    ]
    list_filter = ["decision_date"]
    search_fields = ["number", "issuing_body", "reason"]
    search_backend_name = None

    def get_queryset(self, request):
        return RevocationDecision.objects.annotate(line_count=Count("lines"))


class CatalogueGroup(SnippetViewSetGroup):
    items = (
        CertificationDecisionViewSet,
        RevocationDecisionViewSet,
        ProductGroupViewSet,
        LocalityViewSet,
    )
    menu_icon = "tag"
    menu_label = _("OCOP catalogue")
    menu_name = "ocop-catalogue"


register_snippet(CatalogueGroup)


def warn_lapsed_promotions(request, page):
    """After saving a page that promotes products (its class lists the relations in
    ``promoted_product_relations``), warn when a chosen product's certificate is not in
    force: visitors will not see it in that list (issue 15)."""
    relations = getattr(page.specific_class, "promoted_product_relations", ())
    page = page.specific
    for relation in relations:
        lapsed = lapsed_products(getattr(page, relation).all())
        if lapsed:
            names = ", ".join(
                f"{product.title} ({Status.LABELS.get(product.cur_status, product.cur_status)})"
                for product in lapsed
            )
            messages.warning(
                request,
                _(
                    "Not shown to visitors: these chosen products have no certificate in "
                    "force: %(names)s. Choose products with a valid certificate."
                )
                % {"names": names},
            )


hooks.register("after_create_page", warn_lapsed_promotions)
hooks.register("after_edit_page", warn_lapsed_promotions)

# Documents of private pages only for those who may see the page (issue 12).
hooks.register("before_serve_document", check_document)
