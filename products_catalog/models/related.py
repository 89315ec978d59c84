"""One shape for "this page involves these catalogue pages": orderable product / producer rows.

A page type that shows related products or producers (news items, campaigns,
events, the home page's featured products) declares a row class on these
bases with a ``ParentalKey`` to itself, and picks them in the admin with a
``MultipleChooserPanel`` (see :func:`product_chooser_panel`)::

    class NewsRelatedProduct(RelatedProductBase):
        page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="related_products")

Visitors see only live, public pages, in the editor's order:
:func:`products_in_order` and :func:`producers_in_order`, each page in the reader's
language when it is translated (a translated page keeps the source's rows, which
wagtail-localize copies as they are: issue 13).
"""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import MultipleChooserPanel, PageChooserPanel
from wagtail.models import Locale, Orderable

from core.i18n import language_code
from core.localize import in_locale
from products_catalog.models.pages import ProducerPage, ProductPage


class RelatedProductBase(Orderable):
    """Abstract row: a product chosen for a page (``page`` is the subclass's ``ParentalKey``)."""

    product = models.ForeignKey(
        "products_catalog.ProductPage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("product"),
    )
    panels = [PageChooserPanel("product")]

    class Meta(Orderable.Meta):
        abstract = True


class RelatedProducerBase(Orderable):
    """Abstract row: a producer chosen for a page."""

    producer = models.ForeignKey(
        "products_catalog.ProducerPage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("producer"),
    )
    panels = [PageChooserPanel("producer")]

    class Meta(Orderable.Meta):
        abstract = True


def product_chooser_panel(relation, heading):
    """The admin panel choosing the rows of ``relation`` (several at once)."""
    return MultipleChooserPanel(
        relation, chooser_field_name="product", heading=heading, label=_("product")
    )


def producer_chooser_panel(relation, heading):
    return MultipleChooserPanel(
        relation, chooser_field_name="producer", heading=heading, label=_("producer")
    )


def products_in_order(rows, *, in_force=False, queryset=None):
    """The listed products of ``rows`` (related-product rows) with card data, in row order.

    ``in_force``: only products that may carry the OCOP mark today (what a
    campaign or the home page promotes). Two queries whatever the number of rows.
    """
    ids = [row.product_id for row in rows]
    products = ProductPage.objects.for_cards() if queryset is None else queryset
    if in_force:
        products = products.in_force()
    # Row order, not the database's: an ORDER BY on a card query makes Django hash every
    # selected column of its dozen joined tables (2–4 ms of CPU, issue 14).
    by_id = {p.pk: p for p in products.filter(pk__in=ids).order_by()}
    return _in_reader_language([by_id[pk] for pk in ids if pk in by_id], products)


def producers_in_order(rows):
    """The live, public producers of ``rows`` (locality joined), in row order."""
    ids = [row.producer_id for row in rows]
    producers = ProducerPage.objects.live().public().select_related("locality")
    by_id = {p.pk: p for p in producers.filter(pk__in=ids).order_by()}
    return _in_reader_language([by_id[pk] for pk in ids if pk in by_id], producers)


def _in_reader_language(pages, queryset):
    """``pages`` in the active language where translated (one query; none in the default
    language, whose pages the rows already are)."""
    active = language_code(translation.get_language())
    if not pages or not active or active == language_code(settings.LANGUAGE_CODE):
        return pages
    return in_locale(pages, Locale.get_active(), queryset)


def lapsed_products(rows, today=None):
    """The products of ``rows`` whose certificate is not in force (expired, revoked, none),
    in row order, each with ``cur_status``: what an editor is warned about when promoting
    them (visitors never see them in a promoted list). One query."""
    ids = [row.product_id for row in rows if row.product_id]
    if not ids:
        return []
    in_force = set(
        ProductPage.objects.filter(pk__in=ids).in_force(today).values_list("pk", flat=True)
    )
    lapsed = {
        product.pk: product
        for product in ProductPage.objects.filter(pk__in=set(ids) - in_force).with_certification(
            today
        )
    }
    return [lapsed[pk] for pk in dict.fromkeys(ids) if pk in lapsed]
