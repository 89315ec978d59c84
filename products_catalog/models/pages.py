"""Catalogue pages: producers ("chủ thể") and OCOP products.

Pages: ``ProducerIndexPage`` → ``ProducerPage``; ``ProductIndexPage`` →
``ProductPage``. A product's certification comes from the decisions that
list it (:mod:`products_catalog.models.certification`), read through its
``certification`` summary.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.http import HttpResponsePermanentRedirect
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import ItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from core import fastpath
from core.blocks import BodyBlock
from core.i18n import page_language
from core.listing import ListingPageMixin, vietnamese_order
from core.models import BasePage, SortTitleMixin
from core.pieces import IntroMixin
from core.search import FoldedSearchMixin
from core.text import fold
from products_catalog import rules
from products_catalog.filters import (
    STAR_CHOICES,
    VALID_CHOICES,
    ProducerFilter,
    ProductFilter,
    legacy_group_redirect,
    locality_facet,
)
from products_catalog.models.certification import (
    CertificationSummary,
    DecisionLine,
    RevocationDecision,
)
from products_catalog.models.querysets import ProducerManager, ProductManager
from products_catalog.panels import CertificationHistoryPanel
from products_catalog.rules import ProducerType
from taxonomy.groups import families
from taxonomy.models import Locality, ProductGroup


class LegacyGroupRedirectMixin:
    """301 from a criteria version's ``?group=`` slug to its family's (other values kept)."""

    def serve(self, request, *args, **kwargs):
        target = legacy_group_redirect(request)
        if target:
            return HttpResponsePermanentRedirect(target)
        return super().serve(request, *args, **kwargs)


class ProducerIndexPage(LegacyGroupRedirectMixin, ListingPageMixin, IntroMixin, BasePage):
    """The producer directory; children are :class:`ProducerPage` (filters:
    :class:`products_catalog.filters.ProducerFilter`)."""

    content_panels = BasePage.content_panels + IntroMixin.intro_panels
    subpage_types = ["products_catalog.ProducerPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("producer directory")
        verbose_name_plural = _("producer directories")

    filterset_class = ProducerFilter
    listing_page_size_setting = "DIRECTORY_PAGE_SIZE"
    listing_cache_ids = True
    listing_context_name = "producers"
    listing_with_facets = False

    def listing_queryset(self, request):
        return ProducerPage.objects.for_cards().child_of(self)

    def listing_context(self, request):
        context = super().listing_context(request)
        invalid = context["invalid_params"]
        context["selected"] = {
            name: request.GET.getlist(name)
            for name in ProducerFilter.base_filters
            if name not in invalid and name != "sort"
        }
        context["active_filters"] = any(context["selected"].values())
        # Read every producer and their products' groups (~300 ms at 20,000 products):
        # once per language until content changes (issue 14).
        options = fastpath.cached(
            f"directory-options:{self.pk}",
            lambda: {
                name: [(value, str(label)) for value, label in choices]
                for name, choices in self.directory_options().items()
            },
            language=translation.get_language(),
        )
        context["options"] = options
        context["filter_chips"] = context["filter"].chips(
            self.chip_rows(context["options"], context["selected"])
        )
        return context

    @staticmethod
    def chip_rows(options, selected):
        """Rows in the shape of ``ListingFilterSet.facet_rows()`` for the directory's chips."""
        labels = {
            "producer_type": (_("Producer type"), options["producer_type"]),
            "locality": (_("Locality"), options["locality"]),
            "group": (_("Product group"), options["group"]),
            "stars": (_("Highest star level"), STAR_CHOICES),
            "valid": (_("Certificate"), VALID_CHOICES),
        }
        return [
            {
                "name": name,
                "label": label,
                "options": [
                    {"value": str(value), "label": text, "checked": str(value) in chosen}
                    for value, text in choices
                ],
            }
            for name, (label, choices) in labels.items()
            if (chosen := selected.get(name))
        ]

    def directory_options(self):
        """Choices for the directory's selects: ``{"locality": [(slug, name)], "group": [...]}``.

        Localities are those of the listed producers plus the units above
        them and the units that hold them since 2025; groups are the
        families of their products' groups (both criteria versions in one).
        A query for each, and one per level of the locality tree.
        """
        used = set(
            ProducerPage.objects.live()
            .child_of(self)
            .exclude(locality=None)
            .values_list("locality_id", flat=True)
        )
        units, _counts = locality_facet(dict.fromkeys(used, 1))
        used_families = (
            ProductGroup.objects.filter(
                parent__isnull=True,
                products__in=ProductPage.objects.live().filter(
                    producer__translation_key__in=ProducerPage.objects.child_of(self).values(
                        "translation_key"
                    )
                ),
            )
            .values_list("family", flat=True)
            .distinct()
        )
        return {
            "locality": [(unit.slug, unit.display_name) for unit in units],
            "group": vietnamese_order(
                [(family.slug, family.name) for family in families(used_families)]
            ),
            "producer_type": vietnamese_order(ProducerType.choices),
        }


class ProducerPage(FoldedSearchMixin, SortTitleMixin, BasePage):
    """A producer ("chủ thể"): enterprise, cooperative, group or household business.

    Contact details are public only when ``publish_contact`` is set: the
    producer's consent. Coordinates (WGS84 degrees) give an OpenStreetMap link.
    """

    producer_type = models.CharField(
        _("producer type"), max_length=20, choices=ProducerType.choices, blank=True
    )
    locality = models.ForeignKey(
        Locality,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="producers",
        verbose_name=_("locality"),
    )
    address = models.CharField(_("business address"), max_length=255, blank=True)
    description = RichTextField(_("description"), blank=True)
    logo = models.ForeignKey(
        "core.CustomImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    publish_contact = models.BooleanField(
        _("publish contact"),
        default=False,
        help_text=_("The producer agreed to show phone, email and website publicly."),
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    content_panels = BasePage.content_panels + [
        FieldRowPanel([FieldPanel("producer_type"), FieldPanel("locality")]),
        FieldPanel("address"),
        FieldPanel("description"),
        FieldPanel("logo"),
        InlinePanel("gallery_images", heading=_("Pictures"), label=_("picture")),
        MultiFieldPanel(
            [
                FieldPanel("publish_contact"),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
                FieldPanel("website"),
            ],
            heading=_("Public contact"),
        ),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")], heading=_("Location")),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("address"),
        index.SearchField("description"),
        index.SearchField("search_related_text"),
        index.FilterField("producer_type"),
    ]
    # Facts shared by every translation (issue 13): the editor of a translation cannot
    # change them, and a sync copies them from the Vietnamese source.
    override_translatable_fields = [
        SynchronizedField(name, overridable=False)
        for name in ("producer_type", "locality", "phone", "email", "website", "publish_contact")
    ]
    objects = ProducerManager()
    search_type_label = _("Producer")
    search_type_order = 20
    search_select_related = ("locality",)
    parent_page_types = ["products_catalog.ProducerIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("producer")
        verbose_name_plural = _("producers")

    @property
    def best_status(self):
        """The best status of its listed products' certificates (a ``rules.Status`` value), or
        ``None`` without any; needs ``ProducerPage.objects.with_stats()``."""
        return rules.status_of_rank(getattr(self, "best_status_rank", None))

    @property
    def osm_url(self):
        """An OpenStreetMap link centred on the coordinates, or ``""`` without them.

        A plain link (no tiles embedded): the site must work offline.
        """
        if self.latitude is None or self.longitude is None:
            return ""
        lat, lon = f"{self.latitude:.6f}", f"{self.longitude:.6f}"
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=16/{lat}/{lon}"

    def search_related_text(self):
        """Names indexed with the producer: its locality and producer type (search only)."""
        parts = [self.get_producer_type_display() if self.producer_type else ""]
        if self.locality_id:
            parts.append(self.locality.name)
        return " ".join(part for part in parts if part)

    def meta_description(self):
        return self.description

    def meta_image(self):
        if self.logo_id:
            return self.logo
        first = next(iter(self.gallery_images.all()), None)
        return first.image if first else None

    @property
    def public_contact(self):
        """``{"phone", "email", "website"}`` when published, else ``{}``."""
        if not self.publish_contact:
            return {}
        return {"phone": self.phone, "email": self.email, "website": self.website}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Products link the source producer (a synchronised field): match its identity,
        # in this page's language.
        context["products"] = (
            ProductPage.objects.for_cards()
            .filter(producer__translation_key=self.translation_key, locale_id=self.locale_id)
            .ordered_valid_first()
            if self.pk  # a producer previewed before its first save has no products
            else []
        )
        context["gallery"] = self.gallery_images.all()  # prefetched with the image when served
        return context

    @classmethod
    def routing_queryset(cls):
        """What the producer page reads, joined or prefetched (:func:`core.fastpath.route`)."""
        gallery = ProducerGalleryImage.objects.select_related("image").order_by("sort_order")
        return cls.objects.select_related(
            "logo", "locality__parent__parent", "locality__successor__successor"
        ).prefetch_related(Prefetch("gallery_images", queryset=gallery))


class ProductIndexPage(LegacyGroupRedirectMixin, ListingPageMixin, IntroMixin, BasePage):
    """The catalogue: filterable list of :class:`ProductPage` children.

    Query-string filters (see :mod:`products_catalog.filters`): ``stars``,
    ``group``, ``locality``, ``producer_type``, ``year``, ``status``, ``tag``,
    ``sort``, ``page``.
    """

    content_panels = BasePage.content_panels + IntroMixin.intro_panels
    subpage_types = ["products_catalog.ProductPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("product catalogue")
        verbose_name_plural = _("product catalogues")

    filterset_class = ProductFilter
    listing_page_size_setting = "CATALOGUE_PAGE_SIZE"
    listing_cache_ids = True
    listing_context_name = "products"

    def listing_queryset(self, request):
        return ProductPage.objects.for_cards().child_of(self)

    def listing_filterset_kwargs(self, request):
        # Every listed product's year, cached until content changes under the page, not
        # the SQL of the queryset (compiling it cost 17 ms a request at 20,000 products).
        years = fastpath.cached(
            f"years:{type(self).__name__}:{self.pk}",
            lambda: ProductFilter.listed_years(self.listing_queryset(request)),
        )
        return {"year_choices": years}


class ProductTaggedItem(ItemBase):
    tag = models.ForeignKey("core.Tag", on_delete=models.CASCADE, related_name="tagged_products")
    content_object = ParentalKey(
        "products_catalog.ProductPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ProductPage(FoldedSearchMixin, SortTitleMixin, BasePage):
    """A certified OCOP product with its buyer facts and certification history.

    The latest :class:`CertificationDecision` rules (stars, validity, status).
    Prices are in VND; shelf life in months; capacity per month in
    ``capacity_unit``.
    """

    producer = models.ForeignKey(
        ProducerPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="products",
        verbose_name=_("producer"),
        help_text=_("Leave empty when the source names no producer."),
    )
    group = models.ForeignKey(
        ProductGroup,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="products",
        limit_choices_to={"parent__isnull": True},
        verbose_name=_("product group"),
    )
    subgroup = models.ForeignKey(
        ProductGroup,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subgroup_products",
        limit_choices_to={"parent__isnull": False},
        verbose_name=_("subgroup"),
    )
    locality = models.ForeignKey(
        Locality,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="products",
        verbose_name=_("locality at certification"),
    )
    certification = models.ForeignKey(
        CertificationSummary,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="pages",
        verbose_name=_("certification"),
    )
    summary = models.TextField(_("summary"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("description"))

    packaging = models.CharField(_("packaging and specification"), max_length=255, blank=True)
    shelf_life_months = models.PositiveSmallIntegerField(
        _("shelf life (months)"), null=True, blank=True
    )
    price_min_vnd = models.PositiveBigIntegerField(_("price from (VND)"), null=True, blank=True)
    price_max_vnd = models.PositiveBigIntegerField(_("price to (VND)"), null=True, blank=True)
    price_unit = models.CharField(
        _("price per"), max_length=60, blank=True, help_text=_("e.g. chai 500 ml")
    )
    min_order_quantity = models.PositiveIntegerField(
        _("minimum order quantity"), null=True, blank=True
    )
    min_order_unit = models.CharField(_("order unit"), max_length=40, blank=True)
    monthly_capacity = models.PositiveIntegerField(_("monthly capacity"), null=True, blank=True)
    capacity_unit = models.CharField(_("capacity unit"), max_length=40, blank=True)
    seasonality = models.CharField(
        _("seasonality"), max_length=120, blank=True, help_text=_("e.g. quanh năm, tháng 5–8")
    )
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    # Export facts a foreign buyer asks for (issue 13): optional, from the producer's own
    # documents, never guessed. The HS code is shared by translations; the rest is text.
    hs_code = models.CharField(
        _("HS code"), max_length=12, blank=True, help_text=_("Customs tariff code, e.g. 2103.90")
    )
    other_certifications = models.CharField(
        _("other certifications"),
        max_length=255,
        blank=True,
        help_text=_("e.g. VietGAP, HACCP, ISO 22000, organic"),
    )
    export_markets = models.CharField(_("export markets"), max_length=255, blank=True)
    lead_time = models.CharField(
        _("lead time"), max_length=120, blank=True, help_text=_("e.g. 2–3 weeks after the order")
    )

    tags = ClusterTaggableManager(
        through=ProductTaggedItem,
        blank=True,
        verbose_name=_("tags"),
        help_text=_("A comma-separated list of tags."),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("producer"),
        FieldRowPanel([FieldPanel("group"), FieldPanel("subgroup")]),
        FieldPanel("locality"),
        FieldPanel("summary"),
        CertificationHistoryPanel(heading=_("Certification decisions")),
        InlinePanel("gallery_images", heading=_("Gallery"), label=_("picture")),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("packaging"),
                FieldPanel("shelf_life_months"),
                FieldRowPanel(
                    [
                        FieldPanel("price_min_vnd"),
                        FieldPanel("price_max_vnd"),
                        FieldPanel("price_unit"),
                    ]
                ),
                FieldRowPanel([FieldPanel("min_order_quantity"), FieldPanel("min_order_unit")]),
                FieldRowPanel([FieldPanel("monthly_capacity"), FieldPanel("capacity_unit")]),
                FieldPanel("seasonality"),
            ],
            heading=_("For buyers"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("hs_code"), FieldPanel("lead_time")]),
                FieldPanel("other_certifications"),
                FieldPanel("export_markets"),
            ],
            heading=_("For export"),
        ),
        InlinePanel("sales_channels", heading=_("Sales channels"), label=_("channel")),
        FieldPanel("tags"),
        FieldPanel("source_url"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("search_related_text"),
        index.FilterField("group"),
        index.FilterField("locality"),
    ]
    # Facts shared by every translation (issue 13): producer, groups, locality (links to
    # the Vietnamese records), figures and the source. The certification is the summary of
    # the ``translation_key`` (not a form field), so a translation never has its own stars.
    override_translatable_fields = [
        SynchronizedField(name, overridable=False)
        for name in (
            "producer",
            "group",
            "subgroup",
            "locality",
            "shelf_life_months",
            "price_min_vnd",
            "price_max_vnd",
            "min_order_quantity",
            "monthly_capacity",
            "source_url",
            "hs_code",
        )
    ]
    objects = ProductManager()
    search_type_label = _("OCOP product")
    search_type_order = 10
    search_snippet_fields = ("summary", "body")
    search_select_related = ("producer", "locality", "group", "subgroup")
    search_prefetch_related = ("tagged_items__tag",)
    parent_page_types = ["products_catalog.ProductIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("OCOP product")
        verbose_name_plural = _("OCOP products")

    def clean(self):
        super().clean()
        if self.subgroup_id and self.group_id and self.subgroup.parent_id != self.group_id:
            raise ValidationError({"subgroup": _("This subgroup belongs to another group.")})
        if (
            self.price_min_vnd is not None
            and self.price_max_vnd is not None
            and self.price_min_vnd > self.price_max_vnd
        ):
            raise ValidationError({"price_max_vnd": _("The upper price is below the lower one.")})

    def save(self, *args, **kwargs):
        self.link_summary()
        super().save(*args, **kwargs)

    def link_summary(self):
        """Point ``certification`` at the summary of this ``translation_key`` (made if missing).

        A page restored from an old revision, or copied under a new
        translation key, ends up on its own identity's summary.
        """
        summary = self.certification if self.certification_id else None
        if summary is None or summary.translation_key != self.translation_key:
            self.certification, _created = CertificationSummary.objects.get_or_create(
                translation_key=self.translation_key
            )
        return self.certification

    def public_inspections(self):
        """Public post-certification inspections, newest first (prefetched when
        ``public_inspection_list`` is set, one query otherwise)."""
        prefetched = getattr(self, "public_inspection_list", None)
        if prefetched is not None:
            return prefetched
        if self.pk is None:  # a new page's preview
            return []
        return list(self.inspections.filter(public=True).select_related("revocation"))

    @property
    def summary_or_none(self):
        return self.certification if self.certification_id else None

    @property
    def stars(self):
        """The ruling star level (1–5), ``None`` without a decision."""
        summary = self.summary_or_none
        return summary.stars if summary else None

    @property
    def status(self):
        """The certificate's :class:`~products_catalog.rules.Status` value today."""
        annotated = getattr(self, "cur_status", None)
        if annotated:
            return annotated
        summary = self.summary_or_none
        return summary.status(timezone.localdate()) if summary else rules.Status.UNKNOWN

    @property
    def is_ocop(self):
        return rules.is_ocop(self.stars)

    @property
    def in_force(self):
        """Whether the product may carry the OCOP mark today (valid or expiring)."""
        return self.is_ocop and rules.is_in_force(self.status)

    @property
    def is_listed(self):
        """Whether public listings show it: an OCOP product whose certificate is not revoked."""
        return self.is_ocop and self.status != rules.Status.REVOKED

    def get_sitemap_urls(self, request=None):
        # The sitemap lists what the catalogue lists (no 1–2★ rating, no revoked certificate).
        return super().get_sitemap_urls(request) if self.is_listed else []

    @property
    def latest_certification(self):
        """The ruling :class:`DecisionLine`, or ``None``."""
        summary = self.summary_or_none
        return summary.line if summary and summary.line_id else None

    def certification_history(self):
        """Decision lines of this product identity (every translation), newest first."""
        lines = DecisionLine.objects.filter(
            product__translation_key=self.translation_key
        ).select_related("decision", "decision__document")
        return sorted(lines, key=lambda line: line.recency, reverse=True)

    def revocations(self):
        return RevocationDecision.objects.filter(
            lines__product__translation_key=self.translation_key
        ).distinct()

    @property
    def price_range(self):
        """``(min, max)`` in VND, either may be ``None``."""
        return self.price_min_vnd, self.price_max_vnd

    @property
    def listing_image(self):
        first = next(iter(self.gallery_images.all()), None)
        return first.image if first else None

    # Link previews (core.seo): a product is an Open Graph "product".
    og_type = "product"

    def meta_description(self):
        return self.summary

    def meta_image(self):
        return self.listing_image

    def search_related_text(self):
        """Producer, locality, group and tag names, indexed with the product.

        So "dong din" finds every product of the Đồng Din cooperative, even
        those whose own name does not say it. An English page also has the
        English names ("Tuy An District", "Food", a tag's ``name_en``): what its
        visitors see and type. Search only (see :mod:`core.search`).
        """
        named = [group for group in (self.group, self.subgroup) if group is not None]
        named += [item.tag for item in self.tagged_items.all()]
        parts = [self.producer.title] if self.producer_id else []
        if self.locality_id:
            parts.append(self.locality.name)
        parts += [row.name for row in named]
        if page_language(self).startswith("en"):
            with translation.override("en"):
                if self.locality_id:
                    parts.append(self.locality.display_name)
                parts += [row.display_name for row in named if row.display_name != row.name]
        return " · ".join(parts)

    def search_text_folded(self):
        return fold(f"{self.title} {self.summary}")

    def related_products(self, limit=4):
        """Listed products of the same group; same producer, then same locality first."""
        if not self.group_id:
            return []
        closeness = Case(
            When(producer_id=self.producer_id, then=Value(0)),
            When(locality_id=self.locality_id, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
        # Choosing them sorts the whole group (~50 ms at 20,000 products) and reading
        # their cards joins a dozen tables (5 ms of planning alone): the chosen cards
        # are kept until content changes (issue 14).
        return fastpath.cached(
            f"related-cards:{self.pk}:{limit}",
            lambda: list(
                ProductPage.objects.for_cards()
                .filter(group_id=self.group_id)
                .exclude(translation_key=self.translation_key)
                .filter(locale_id=self.locale_id)
                .annotate(closeness=closeness)
                .order_by("closeness", "status_rank", "-cur_stars", "sort_title")[:limit]
            ),
        )

    @classmethod
    def routing_queryset(cls):
        """What the product page reads, joined or prefetched (:func:`core.fastpath.route`)."""
        gallery = ProductGalleryImage.objects.select_related("image").order_by("sort_order")
        return cls.objects.select_related(
            "certification",
            "producer__locality",
            "group",
            "subgroup",
            "locality__parent__parent",
            "locality__successor__successor",
        ).prefetch_related(Prefetch("gallery_images", queryset=gallery), "sales_channels", "tags")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        history = self.certification_history() if self.pk else []
        context.update(
            {
                "history": history,
                "latest": history[0] if history else None,
                "summary_record": self.summary_or_none,
                "related_products": self.related_products() if self.pk else [],
                "gallery": self.gallery_images.all(),
                "channels": self.sales_channels.all(),
            }
        )
        return context


class ProductGalleryImage(Orderable):
    page = ParentalKey(ProductPage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey(
        "core.CustomImage", on_delete=models.CASCADE, related_name="+", verbose_name=_("image")
    )
    caption = models.CharField(_("caption"), max_length=255, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("product picture")
        verbose_name_plural = _("product pictures")


class ProducerGalleryImage(Orderable):
    """A picture of the producer: workshop, farm, team (added for the directory, issue 5)."""

    page = ParentalKey(ProducerPage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey(
        "core.CustomImage", on_delete=models.CASCADE, related_name="+", verbose_name=_("image")
    )
    caption = models.CharField(_("caption"), max_length=255, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("producer picture")
        verbose_name_plural = _("producer pictures")


class SalesChannel(Orderable):
    """Where buyers find the product: a shop, an online store or a marketplace."""

    class Kind(models.TextChoices):
        SHOP = "shop", _("Shop")
        ONLINE = "online", _("Online store")
        MARKETPLACE = "marketplace", _("E-commerce marketplace")

    page = ParentalKey(ProductPage, on_delete=models.CASCADE, related_name="sales_channels")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=150)
    url = models.URLField(_("address (web)"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("name")]),
        FieldPanel("url"),
        FieldPanel("address"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("sales channel")
        verbose_name_plural = _("sales channels")
