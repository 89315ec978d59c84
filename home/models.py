"""The home page and the standard content page ("About the OCOP programme")."""

from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from core.blocks import BodyBlock
from core.models import BasePage
from core.search import FoldedSearchMixin

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

    def get_context(self, request, *args, **kwargs):
        from products_catalog.models import ProducerIndexPage, ProductIndexPage
        from products_catalog.queries import catalogue_queryset

        context = super().get_context(request, *args, **kwargs)
        products = catalogue_queryset().descendant_of(self)
        star_counts = dict(
            products.order_by()
            .values_list("cur_stars")
            .annotate(n=Count("pk"))
            .values_list("cur_stars", "n")
        )
        chosen_ids = list(
            self.featured_products.order_by("sort_order").values_list("product_id", flat=True)
        )
        if chosen_ids:
            by_id = {p.pk: p for p in products.filter(pk__in=chosen_ids)}
            featured = [by_id[pk] for pk in chosen_ids if pk in by_id]
        else:
            current = products.filter(status_rank__lt=2).order_by(
                "-cur_valid_until", "-cur_stars", "sort_title"
            )
            featured = list(current.filter(cur_stars__gte=4)[:FEATURED_LIMIT])
            if len(featured) < FEATURED_LIMIT:
                featured += list(current.filter(cur_stars__lt=4)[: FEATURED_LIMIT - len(featured)])
        context.update(
            {
                "star_counts": [(n, star_counts.get(n, 0)) for n in (5, 4, 3)],
                "total_products": sum(star_counts.values()),
                "featured": featured,
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
