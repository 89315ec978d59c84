"""Catalogue of certified OCOP products and their producers ("chủ thể").

Pages: ``ProducerIndexPage`` → ``ProducerPage``; ``ProductIndexPage`` →
``ProductPage`` with inline ``CertificationDecision`` rows. Snippets:
``ProductGroup`` (group → subgroup per criteria version) and ``Locality``
(province → district → commune, with the 2025 reorganisation).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import ItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from core.blocks import BodyBlock
from core.models import BasePage, SortTitleMixin
from core.search import FoldedSearchMixin
from core.text import fold
from products_catalog import certification
from products_catalog.certification import Status
from taxonomy.models import CriteriaVersion, Locality, ProductGroup


class ProducerType(models.TextChoices):
    """Kinds of producer ("chủ thể") recognised by the OCOP programme."""

    ENTERPRISE = "enterprise", _("Enterprise")
    COOPERATIVE = "cooperative", _("Cooperative (HTX)")
    COOPERATIVE_GROUP = "cooperative_group", _("Cooperative group (THT)")
    HOUSEHOLD = "household", _("Household business")


class CertificationLevel(models.TextChoices):
    """Who issued a decision. 5★ is always central (all criteria versions)."""

    DISTRICT = "district", _("District")
    PROVINCIAL = "provincial", _("Provincial")
    CENTRAL = "central", _("Central")


class ProducerIndexPage(BasePage):
    """The producer directory; children are :class:`ProducerPage`."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    subpage_types = ["products_catalog.ProducerPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("producer directory")
        verbose_name_plural = _("producer directories")

    def get_context(self, request, *args, **kwargs):
        from products_catalog.views import producer_directory_context

        context = super().get_context(request, *args, **kwargs)
        context.update(producer_directory_context(self, request))
        return context


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
    search_type_label = _("Producer")
    search_type_order = 20
    search_select_related = ("locality",)
    parent_page_types = ["products_catalog.ProducerIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("producer")
        verbose_name_plural = _("producers")

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

    @property
    def public_contact(self):
        """``{"phone", "email", "website"}`` when published, else ``{}``."""
        if not self.publish_contact:
            return {}
        return {"phone": self.phone, "email": self.email, "website": self.website}

    def get_context(self, request, *args, **kwargs):
        from products_catalog.queries import catalogue_queryset

        context = super().get_context(request, *args, **kwargs)
        context["products"] = (
            catalogue_queryset()
            .filter(producer=self)
            .order_by("status_rank", "-cur_stars", "sort_title")
        )
        context["gallery"] = self.gallery_images.select_related("image")
        return context


class ProductIndexPage(BasePage):
    """The catalogue: filterable list of :class:`ProductPage` children.

    Query-string filters (see :mod:`products_catalog.filters`): ``stars``,
    ``group``, ``locality``, ``producer_type``, ``year``, ``status``, ``tag``,
    ``sort``, ``page``.
    """

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    subpage_types = ["products_catalog.ProductPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("product catalogue")
        verbose_name_plural = _("product catalogues")

    def get_context(self, request, *args, **kwargs):
        from products_catalog.views import catalogue_context

        context = super().get_context(request, *args, **kwargs)
        context.update(catalogue_context(self, request))
        return context


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
        InlinePanel("certifications", heading=_("Certification decisions"), min_num=0),
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

    @cached_property
    def latest_certification(self):
        """The ruling decision: latest validity, then latest year, then latest entry."""
        decisions = list(self.certifications.all())
        if not decisions:
            return None
        return max(decisions, key=CertificationDecision.recency_key)

    @property
    def stars(self):
        latest = self.latest_certification
        return latest.stars if latest else None

    @property
    def status(self):
        latest = self.latest_certification
        return latest.status if latest else Status.UNKNOWN

    @property
    def price_range(self):
        """``(min, max)`` in VND, either may be ``None``."""
        return self.price_min_vnd, self.price_max_vnd

    @property
    def listing_image(self):
        first = next(iter(self.gallery_images.all()), None)
        return first.image if first else None

    def search_related_text(self):
        """Producer, locality, group and tag names, indexed with the product.

        So "dong din" finds every product of the Đồng Din cooperative, even
        those whose own name does not say it. Search only (see
        :mod:`core.search`).
        """
        parts = []
        if self.producer_id:
            parts.append(self.producer.title)
        if self.locality_id:
            parts.append(self.locality.name)
        for group in (self.group, self.subgroup):
            if group is not None:
                parts.append(group.name)
        parts.extend(item.tag.name for item in self.tagged_items.all())
        return " · ".join(parts)

    def search_text_folded(self):
        return fold(f"{self.title} {self.summary}")

    def get_context(self, request, *args, **kwargs):
        from products_catalog.views import product_context

        context = super().get_context(request, *args, **kwargs)
        context.update(product_context(self, request))
        return context


class CertificationDecision(Orderable):
    """One certification decision for a product (a product may have several).

    Rules: the score (0–100 points) must fall in the star band of the stars
    given (criteria decisions 1048/QĐ-TTg and 148/QĐ-TTg); 5★ is issued
    centrally; ``valid_until`` is derived on save (36 months, see
    :mod:`products_catalog.certification`) and the status is computed at
    request time.
    """

    class Kind(models.TextChoices):
        NEW = "new", _("New certification")
        RENEWAL = "renewal", _("Re-certification")

    page = ParentalKey(ProductPage, on_delete=models.CASCADE, related_name="certifications")
    decision_number = models.CharField(
        _("decision number"), max_length=80, blank=True, help_text=_("e.g. 1234/QĐ-UBND")
    )
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_year = models.PositiveSmallIntegerField(
        _("decision year"), null=True, blank=True, help_text=_("When only the year is known.")
    )
    issuing_body = models.CharField(
        _("issuing body"), max_length=200, blank=True, help_text=_("e.g. UBND tỉnh Phú Yên")
    )
    level = models.CharField(
        _("level"), max_length=12, choices=CertificationLevel.choices, blank=True
    )
    stars = models.PositiveSmallIntegerField(
        _("stars"), choices=[(n, f"{n}★") for n in range(1, 6)]
    )
    stars_published = models.BooleanField(
        _("star level published"),
        default=True,
        help_text=_("Untick when the source only says '3 stars or more'."),
    )
    score = models.PositiveSmallIntegerField(_("score (0–100)"), null=True, blank=True)
    criteria_version = models.CharField(
        _("criteria version"), max_length=12, choices=CriteriaVersion.choices, blank=True
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NEW)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decision document"),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True, editable=False)
    valid_until_approximate = models.BooleanField(default=True, editable=False)

    panels = [
        FieldRowPanel([FieldPanel("decision_number"), FieldPanel("kind")]),
        FieldRowPanel([FieldPanel("decision_date"), FieldPanel("decision_year")]),
        FieldRowPanel([FieldPanel("issuing_body"), FieldPanel("level")]),
        FieldRowPanel([FieldPanel("stars"), FieldPanel("stars_published"), FieldPanel("score")]),
        FieldPanel("criteria_version"),
        FieldPanel("document"),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("certification decision")
        verbose_name_plural = _("certification decisions")

    def __str__(self):
        return f"{self.decision_number or '—'} ({self.stars}★)"

    def clean(self):
        errors = {}
        if not self.decision_date and not self.decision_year:
            errors["decision_year"] = _("Give the decision date, or at least its year.")
        if (
            self.decision_date
            and self.decision_year
            and self.decision_date.year != self.decision_year
        ):
            errors["decision_year"] = _("The year differs from the decision date.")
        if self.stars and self.score is not None:
            low, high = certification.score_band(self.stars)
            if not low <= self.score <= high:
                errors["score"] = _(
                    "A score of %(score)s is outside the %(stars)s★ band (%(low)s–%(high)s)."
                ) % {"score": self.score, "stars": self.stars, "low": low, "high": high}
        if self.stars == 5 and self.level and self.level != CertificationLevel.CENTRAL:
            errors["level"] = _("5★ is certified by the central council only.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.decision_date:
            self.decision_year = self.decision_date.year
        self.valid_until, self.valid_until_approximate = certification.valid_until(
            self.decision_date, self.decision_year
        )
        super().save(*args, **kwargs)

    @staticmethod
    def recency_key(decision):
        """Sort key: the decision that rules is the maximum."""
        return (
            decision.valid_until or datetime.date.min,
            decision.decision_year or 0,
            decision.pk or 0,
        )

    @property
    def computed_valid_until(self):
        """``(date, approximate)`` from the current field values (also before save)."""
        return certification.valid_until(self.decision_date, self.decision_year)

    @property
    def status(self):
        return certification.status_for(self.computed_valid_until[0], timezone.localdate())

    @property
    def status_label(self):
        return Status.LABELS[self.status]

    @property
    def is_ocop(self):
        """Only 3★ and above are OCOP products."""
        return self.stars >= certification.OCOP_MIN_STARS


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
