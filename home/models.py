"""The home page and the standard content page ("About the OCOP programme")."""

from django.db import models
from django.db.models import Case, Count, F, Max, Value, When
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Locale
from wagtail.search import index

from core import fastpath
from core.blocks import BodyBlock
from core.models import BasePage
from core.pieces import CallToActionMixin, HeroImageMixin, IntroMixin
from core.search import FoldedSearchMixin
from products_catalog.models import ProducerIndexPage, ProductIndexPage, ProductPage
from products_catalog.models.related import RelatedProductBase, products_in_order
from products_catalog.rules import OCOP_STARS

FEATURED_LIMIT = 4


class HomePage(HeroImageMixin, CallToActionMixin, FoldedSearchMixin, BasePage):
    """Site root: hero (title, text, picture, button), live star counts, featured products.

    The hero's button is the page's call to action; without one, it links to
    the catalogue.

    Featured products are the editor's choice; when none are chosen the
    newest 4★/5★ products with a current certificate stand in, topped up to
    four with the newest other current products.
    """

    hero_title = models.CharField(_("hero title"), max_length=200, blank=True)
    hero_text = models.TextField(_("hero text"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [FieldPanel("hero_title"), FieldPanel("hero_text"), *HeroImageMixin.hero_panels],
            heading=_("Hero"),
        ),
        *CallToActionMixin.cta_panels,
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
    # Warned about in the admin when one is not in force (products_catalog.wagtail_hooks).
    promoted_product_relations = ("featured_products",)
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def featured(self, listed):
        """Up to four products in force: the editor's choice, else the newest 4–5★ of named
        producers, topped up with other current products. Expired or revoked products are
        never promoted."""
        current = listed.in_force()
        chosen = list(self.featured_products.all())
        if chosen:
            return products_in_order(chosen, queryset=current)
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

    def showcase(self):
        """Totals, featured products and the two indexes (a dict of the context's keys).

        Computed from every listed product: kept in the shared cache until
        content changes or the local date turns (:func:`core.fastpath.cached`).
        """
        listed = ProductPage.objects.for_cards().descendant_of(self)
        # Figures count products once, in the source language, whatever the page's language.
        source = self.get_translation_or_none(Locale.get_default()) or self
        counted = ProductPage.objects.for_cards().descendant_of(source).default_locale()
        stars = counted.star_breakdown()
        figures = counted.order_by().aggregate(
            producers=Count("producer", distinct=True),
            localities=Count("locality", distinct=True),
            newest_year=Max("certification__decision_year"),
        )
        return {
            "figures": figures,
            "star_counts": [(n, stars["by_stars"].get(n, 0)) for n in OCOP_STARS],
            "stars_unpublished": stars["unpublished"],
            "potential_five": stars["potential_five"],
            "total_products": stars["total"],
            "featured": self.featured(listed),
            "catalogue": ProductIndexPage.objects.live().descendant_of(self).first(),
            "producer_index": ProducerIndexPage.objects.live().descendant_of(self).first(),
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            fastpath.cached(
                f"home-showcase:{self.pk}", self.showcase, language=translation.get_language()
            )
        )
        return context


class FeaturedProduct(RelatedProductBase):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_products")

    class Meta(RelatedProductBase.Meta):
        verbose_name = _("featured product")
        verbose_name_plural = _("featured products")


class StandardPage(IntroMixin, FoldedSearchMixin, BasePage):
    """A plain content page, e.g. "About the OCOP programme"."""

    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = BasePage.content_panels + IntroMixin.intro_panels + [FieldPanel("body")]
    search_fields = BasePage.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    search_type_label = _("Page")
    search_type_order = 80

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")
