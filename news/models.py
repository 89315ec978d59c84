"""News and trade-promotion campaigns.

Pages: ``NewsIndexPage`` → ``NewsPage`` (with RSS/Atom feeds on the index);
``CampaignIndexPage`` → ``CampaignPage``. Snippet: ``NewsCategory``. Tags are
the shared :class:`core.models.Tag` through :class:`NewsTaggedItem`.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import ItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    MultipleChooserPanel,
    PageChooserPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index

from core.admin_forms import PastExpiryTolerantPageForm
from core.blocks import BodyBlock
from core.models import BasePage
from core.search import FoldedSearchMixin
from taxonomy.models import SlugFromNameMixin

NEWS_PAGE_SIZE = 10
CAMPAIGN_PAGE_SIZE = 12
CARD_RENDITION = "fill-480x270|format-webp"


def with_card_images(queryset):
    """Prefetch the card rendition of ``hero_image`` (constant queries per listing)."""
    from core.models import CustomImage

    return queryset.prefetch_related(
        models.Prefetch(
            "hero_image", queryset=CustomImage.objects.prefetch_renditions(CARD_RENDITION)
        )
    )


class NewsCategory(TranslatableMixin, SlugFromNameMixin):
    """A news category ("Tin chương trình", "Chính sách"…), managed as a snippet.

    Seeded by migration ``0002`` with programme news, policy, producer
    stories and market information. ``slug`` is the ``?category=`` value.
    """

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=80, blank=True)
    description = models.CharField(_("description"), max_length=255, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")
        ordering = ["sort_order", "name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]

    def __str__(self):
        return self.name


class NewsTaggedItem(ItemBase):
    """Through model: a :class:`core.models.Tag` on a :class:`NewsPage`."""

    tag = models.ForeignKey("core.Tag", on_delete=models.CASCADE, related_name="tagged_news")
    content_object = ParentalKey(
        "news.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsIndexPage(RoutablePageMixin, BasePage):
    """The news section: a filterable list of :class:`NewsPage` children.

    Query string: ``category`` (slug), ``tag`` (slug), ``page``; unknown
    values are ignored and reported, never a 500. Feeds: ``rss/`` and
    ``atom/`` under the page's URL (see :mod:`news.feeds`).
    """

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index")

    @path("")
    def index_view(self, request):
        from news.views import news_index_context

        return self.render(request, context_overrides=news_index_context(self, request))

    @path("rss/", name="rss")
    def rss_feed(self, request):
        from news.feeds import NewsRssFeed

        return NewsRssFeed(self)(request)

    @path("atom/", name="atom")
    def atom_feed(self, request):
        from news.feeds import NewsAtomFeed

        return NewsAtomFeed(self)(request)

    def news_items(self):
        """Live, public news under this index, newest publication first."""
        return with_card_images(NewsPage.objects.live().public().child_of(self)).order_by(
            "-publication_date", "-first_published_at", "-pk"
        )


class NewsPage(FoldedSearchMixin, BasePage):
    """A news item: lead, hero picture, body, categories, tags, related catalogue pages.

    ``publication_date`` is editable and defaults to the first publication
    (filled on publish when left empty); lists and feeds sort by it.
    """

    publication_date = models.DateTimeField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_("Leave empty to use the date of first publication."),
    )
    byline = models.CharField(_("byline"), max_length=200, blank=True)
    lead = models.TextField(_("lead"), blank=True, help_text=_("One or two sentences."))
    hero_image = models.ForeignKey(
        "core.CustomImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("hero image"),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    categories = ParentalManyToManyField(
        NewsCategory, blank=True, related_name="news_pages", verbose_name=_("categories")
    )
    tags = ClusterTaggableManager(through=NewsTaggedItem, blank=True, verbose_name=_("tags"))
    source_url = models.URLField(
        _("source"), max_length=500, blank=True, help_text=_("Where the facts come from.")
    )

    content_panels = BasePage.content_panels + [
        FieldRowPanel([FieldPanel("publication_date"), FieldPanel("byline")]),
        FieldPanel("lead"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("categories", widget=forms.CheckboxSelectMultiple), FieldPanel("tags")],
            heading=_("Categories and tags"),
        ),
        MultipleChooserPanel(
            "related_products",
            chooser_field_name="product",
            heading=_("Related products"),
            label=_("product"),
        ),
        MultipleChooserPanel(
            "related_producers",
            chooser_field_name="producer",
            heading=_("Related producers"),
            label=_("producer"),
        ),
        FieldPanel("source_url"),
    ]
    search_type_order = 30
    search_fields = BasePage.search_fields + [
        index.SearchField("lead"),
        index.SearchField("body"),
        index.SearchField("byline"),
        index.FilterField("publication_date"),
    ]
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []
    base_form_class = PastExpiryTolerantPageForm

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")

    def save(self, *args, **kwargs):
        if self.publication_date is None and self.first_published_at:
            self.publication_date = self.first_published_at
        super().save(*args, **kwargs)

    @property
    def display_date(self):
        """The date shown and sorted on: publication date, else first publication."""
        return self.publication_date or self.first_published_at

    def get_context(self, request, *args, **kwargs):
        from news.views import news_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(news_page_context(self))
        return context


class RelatedProductBase(Orderable):
    """Abstract "this page involves that product" row, chosen with a page chooser."""

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
    """Abstract "this page involves that producer" row."""

    producer = models.ForeignKey(
        "products_catalog.ProducerPage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("producer"),
    )
    panels = [PageChooserPanel("producer")]

    class Meta(Orderable.Meta):
        abstract = True


class NewsRelatedProduct(RelatedProductBase):
    page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="related_products")


class NewsRelatedProducer(RelatedProducerBase):
    page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="related_producers")


class CampaignStatus(models.TextChoices):
    """Where a campaign stands on a given local date."""

    UPCOMING = "upcoming", _("Upcoming")
    RUNNING = "running", _("Running")
    ENDED = "ended", _("Ended")


class CampaignIndexPage(BasePage):
    """Trade-promotion campaigns: running, then upcoming, then ended (paginated)."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.CampaignPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("campaign index")

    def get_context(self, request, *args, **kwargs):
        from news.views import campaign_index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(campaign_index_context(self, request))
        return context


class CampaignPage(FoldedSearchMixin, BasePage):
    """A trade-promotion campaign (e.g. an online OCOP week with partner shops).

    ``start_date``/``end_date`` are local calendar days (inclusive) and give
    the shown status (:meth:`status`): upcoming before the start, running
    through the end day, ended after it. Publication itself follows
    Wagtail's scheduled publishing (``go_live_at``/``expire_at`` in the
    Settings tab); an expired campaign can still be edited and saved
    (:class:`core.admin_forms.PastExpiryTolerantPageForm`).
    """

    lead = models.TextField(_("lead"), blank=True)
    hero_image = models.ForeignKey(
        "core.CustomImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("hero image"),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    goal = models.TextField(_("goal"), blank=True, help_text=_("What the campaign aims for."))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    cta_text = models.CharField(_("call to action text"), max_length=80, blank=True)
    cta_url = models.URLField(_("call to action address"), max_length=500, blank=True)
    cta_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("or call to action page"),
    )

    content_panels = BasePage.content_panels + [
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")], heading=_("Dates")),
        FieldPanel("lead"),
        FieldPanel("hero_image"),
        FieldPanel("goal"),
        FieldPanel("body"),
        MultipleChooserPanel(
            "featured_products",
            chooser_field_name="product",
            heading=_("Featured products"),
            label=_("product"),
        ),
        MultipleChooserPanel(
            "featured_producers",
            chooser_field_name="producer",
            heading=_("Featured producers"),
            label=_("producer"),
        ),
        InlinePanel("channels", heading=_("Partner sales channels"), label=_("channel")),
        MultiFieldPanel(
            [FieldPanel("cta_text"), FieldPanel("cta_url"), PageChooserPanel("cta_page")],
            heading=_("Call to action"),
        ),
    ]
    search_type_order = 40
    search_fields = BasePage.search_fields + [
        index.SearchField("lead"),
        index.SearchField("goal"),
        index.SearchField("body"),
        index.FilterField("start_date"),
        index.FilterField("end_date"),
    ]
    parent_page_types = ["news.CampaignIndexPage"]
    subpage_types = []
    base_form_class = PastExpiryTolerantPageForm

    class Meta:
        verbose_name = _("trade-promotion campaign")
        verbose_name_plural = _("trade-promotion campaigns")

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The campaign cannot end before it starts.")})

    def status(self, today=None):
        """:class:`CampaignStatus` value on ``today`` (default: the local date)."""
        today = today or timezone.localdate()
        if today < self.start_date:
            return CampaignStatus.UPCOMING
        if today > self.end_date:
            return CampaignStatus.ENDED
        return CampaignStatus.RUNNING

    @property
    def current_status(self):
        return self.status()

    @property
    def current_status_label(self):
        return CampaignStatus(self.status()).label

    @property
    def cta_href(self):
        """Where the call-to-action button goes: the chosen page, else the address."""
        if self.cta_page_id and self.cta_page.live:
            return self.cta_page.url
        return self.cta_url

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from news.views import campaign_page_context

        context.update(campaign_page_context(self))
        return context


class CampaignProduct(RelatedProductBase):
    page = ParentalKey(CampaignPage, on_delete=models.CASCADE, related_name="featured_products")


class CampaignProducer(RelatedProducerBase):
    page = ParentalKey(CampaignPage, on_delete=models.CASCADE, related_name="featured_producers")


class CampaignChannel(Orderable):
    """A partner sales channel taking part in a campaign (shop chain, marketplace…)."""

    class Kind(models.TextChoices):
        RETAIL = "retail", _("Shop or supermarket")
        ONLINE = "online", _("E-commerce platform")
        FAIR = "fair", _("Fair or market stall")
        OTHER = "other", _("Other")

    page = ParentalKey(CampaignPage, on_delete=models.CASCADE, related_name="channels")
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.RETAIL)
    url = models.URLField(_("address (web)"), max_length=500, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("kind")]),
        FieldPanel("url"),
        FieldPanel("note"),
    ]

    def __str__(self):
        return self.name
