"""The home page and the standard content page ("About the OCOP programme")."""

from django.db import models
from django.db.models import Case, Count, F, Max, Value, When
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from core.blocks import BodyBlock
from core.models import BasePage
from core.search import FoldedSearchMixin
from products_catalog.models import ProducerIndexPage, ProductIndexPage, ProductPage
from products_catalog.rules import OCOP_STARS

FEATURED_LIMIT = 4


class HomePage(FoldedSearchMixin, BasePage):
    """Site root: hero, live star counts, featured products, links onward.

    Featured products are the editor's choice; when none are chosen the
    newest 4★/5★ products with a current certificate stand in, topped up to
    four with the newest other current products.
    """

    hero_title = models.CharField(_("hero title"), max_length=200, blank=True)
    hero_text = models.TextField(_("hero text"), blank=True)
    hero_image = models.ForeignKey(
        "core.CustomImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("hero image"),
    )
    hero_cta_text = models.CharField(_("button text"), max_length=80, blank=True)
    hero_cta_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("button links to"),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("hero_title"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldPanel("hero_cta_text"),
                PageChooserPanel("hero_cta_page"),
            ],
            heading=_("Hero"),
        ),
        InlinePanel("featured_products", heading=_("Featured products"), label=_("product")),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("hero_title"),
        index.SearchField("hero_text"),
        index.SearchField("body"),
    ]
    search_type_order = 90
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def featured(self, listed):
        """Up to four products in force: the editor's choice, else the newest 4–5★ of named
        producers, topped up with other current products. Expired or revoked products are
        never promoted."""
        current = listed.in_force()
        chosen_ids = list(
            self.featured_products.order_by("sort_order").values_list("product_id", flat=True)
        )
        if chosen_ids:
            by_id = {p.pk: p for p in current.filter(pk__in=chosen_ids)}
            return [by_id[pk] for pk in chosen_ids if pk in by_id]
        ordered = current.annotate(
            unnamed=Case(When(producer__isnull=True, then=Value(1)), default=Value(0))
        ).order_by(
            "unnamed",
            F("cur_year").desc(nulls_last=True),
            F("cur_stars").desc(nulls_last=True),
            "sort_title",
        )
        featured = list(ordered.filter(cur_stars__gte=4)[:FEATURED_LIMIT])
        if len(featured) < FEATURED_LIMIT:
            featured += list(ordered.filter(cur_stars__lt=4)[: FEATURED_LIMIT - len(featured)])
        return featured

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        listed = ProductPage.objects.for_cards().descendant_of(self)
        stars = listed.star_breakdown()
        figures = listed.order_by().aggregate(
            producers=Count("producer", distinct=True),
            localities=Count("locality", distinct=True),
            newest_year=Max("certification__decision_year"),
        )
        context.update(
            {
                "figures": figures,
                "star_counts": [(n, stars["by_stars"].get(n, 0)) for n in OCOP_STARS],
                "stars_unpublished": stars["unpublished"],
                "potential_five": stars["potential_five"],
                "total_products": stars["total"],
                "featured": self.featured(listed),
                "catalogue": ProductIndexPage.objects.live().descendant_of(self).first(),
                "producer_index": ProducerIndexPage.objects.live().descendant_of(self).first(),
            }
        )
        return context


class FeaturedProduct(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_products")
    product = models.ForeignKey(
        "products_catalog.ProductPage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("product"),
    )

    panels = [PageChooserPanel("product")]

    class Meta(Orderable.Meta):
        verbose_name = _("featured product")
        verbose_name_plural = _("featured products")


class StandardPage(FoldedSearchMixin, BasePage):
    """A plain content page, e.g. "About the OCOP programme"."""

    intro = RichTextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    search_type_label = _("Page")
    search_type_order = 80

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")
