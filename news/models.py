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
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from core.admin_forms import PastExpiryTolerantPageForm
from core.blocks import BodyBlock
from core.listing import ListingPageMixin, paginate
from core.localize import in_locale
from core.models import BasePage
from core.pieces import CallToActionMixin, HeroImageMixin, IntroMixin, with_card_images
from core.search import FoldedSearchMixin
from news.feeds import NewsAtomFeed, NewsRssFeed
from news.filters import NewsFilter
from news.seo import news_article_jsonld
from products_catalog.models.related import (
    RelatedProducerBase,
    RelatedProductBase,
    producer_chooser_panel,
    producers_in_order,
    product_chooser_panel,
    products_in_order,
)
from taxonomy.models import SlugFromNameMixin

NEWS_PAGE_SIZE = 10
CAMPAIGN_PAGE_SIZE = 12
#: Newest publication first (the publication date, else the first publication).
NEWS_ORDER = ("-publication_date", "-first_published_at", "-pk")
MORE_NEWS = 3


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


class NewsIndexPage(ListingPageMixin, IntroMixin, RoutablePageMixin, BasePage):
    """The news section: a filterable list of :class:`NewsPage` children.

    Query string (:class:`news.filters.NewsFilter`): ``category`` (slug),
    ``tag`` (slug), ``page``; unknown values are ignored and reported, never a
    500. Feeds: ``rss/`` and ``atom/`` under the page's URL (see
    :mod:`news.feeds`).
    """

    content_panels = BasePage.content_panels + IntroMixin.intro_panels
    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index")

    filterset_class = NewsFilter
    listing_page_size = NEWS_PAGE_SIZE
    listing_context_name = "news_items"

    @path("rss/", name="rss")
    def rss_feed(self, request):
        return NewsRssFeed(self)(request)

    @path("atom/", name="atom")
    def atom_feed(self, request):
        return NewsAtomFeed(self)(request)

    def news_items(self):
        """Live, public news under this index, newest publication first."""
        return with_card_images(NewsPage.objects.live().public().child_of(self)).order_by(
            *NEWS_ORDER
        )

    def listing_queryset(self, request):
        return self.news_items()

    def listing_filterset_kwargs(self, request):
        return {"categories": NewsCategory.objects.filter(locale_id=self.locale_id)}

    def listing_context(self, request):
        """The listing (:class:`core.listing.ListingPageMixin`) plus, for the template,
        ``categories`` / ``tags`` (the facets' options ``{"value", "label", "count",
        "checked"}``) and ``selected_category`` / ``selected_tag`` (option or ``None``)."""
        context = super().listing_context(request)
        options = {facet["name"]: facet["options"] for facet in context["facets"]}
        context["categories"], context["tags"] = options["category"], options["tag"]
        for name, rows in (("category", context["categories"]), ("tag", context["tags"])):
            context[f"selected_{name}"] = next((row for row in rows if row["checked"]), None)
        return context


class NewsPage(HeroImageMixin, FoldedSearchMixin, BasePage):
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
        *HeroImageMixin.hero_panels,
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("categories", widget=forms.CheckboxSelectMultiple), FieldPanel("tags")],
            heading=_("Categories and tags"),
        ),
        product_chooser_panel("related_products", _("Related products")),
        producer_chooser_panel("related_producers", _("Related producers")),
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

    og_type = "article"

    def structured_data(self):
        """JSON-LD for the page head (:mod:`core.seo`): a ``NewsArticle``."""
        return [news_article_jsonld(self)]

    @property
    def display_date(self):
        """The date shown and sorted on: publication date, else first publication."""
        return self.publication_date or self.first_published_at

    def more_news(self):
        """Up to :data:`MORE_NEWS` other live news of the same index, newest first."""
        siblings = NewsPage.objects.live().public().sibling_of(self, inclusive=False)
        return list(with_card_images(siblings).order_by(*NEWS_ORDER)[:MORE_NEWS])

    def get_context(self, request, *args, **kwargs):
        """Adds related products (cards) and producers (live only), categories, tags,
        ``more_news`` and ``news_index`` (the parent)."""
        context = super().get_context(request, *args, **kwargs)
        context.update(
            {
                "related_products": products_in_order(self.related_products.all()),
                "related_producers": producers_in_order(self.related_producers.all()),
                # In the page's language: a translation keeps the source's links.
                "categories": in_locale(self.categories.all(), self.locale_id),
                "tags": list(self.tags.all()),
                "more_news": self.more_news() if self.pk else [],
                "news_index": self.get_parent() if self.pk else None,
            }
        )
        return context


class NewsRelatedProduct(RelatedProductBase):
    page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="related_products")


class NewsRelatedProducer(RelatedProducerBase):
    page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="related_producers")


class CampaignStatus(models.TextChoices):
    """Where a campaign stands on a given local date."""

    UPCOMING = "upcoming", _("Upcoming")
    RUNNING = "running", _("Running")
    ENDED = "ended", _("Ended")


def campaigns_by_status(queryset, today=None):
    """Split campaigns into ``(running, upcoming, ended)`` querysets on ``today``.

    Running: ending soonest first; upcoming: starting soonest first; ended:
    latest end first. ``today`` defaults to the local date.
    """
    today = today or timezone.localdate()
    running = queryset.filter(start_date__lte=today, end_date__gte=today).order_by(
        "end_date", "title"
    )
    upcoming = queryset.filter(start_date__gt=today).order_by("start_date", "title")
    ended = queryset.filter(end_date__lt=today).order_by("-end_date", "title")
    return running, upcoming, ended


class CampaignIndexPage(IntroMixin, BasePage):
    """Trade-promotion campaigns: running, then upcoming, then ended (paginated, ``?page=``)."""

    content_panels = BasePage.content_panels + IntroMixin.intro_panels
    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.CampaignPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("campaign index")

    def get_context(self, request, *args, **kwargs):
        """Adds ``running``, ``upcoming`` (all), ``ended`` (a page) and ``paginator``."""
        context = super().get_context(request, *args, **kwargs)
        base = with_card_images(CampaignPage.objects.live().public().child_of(self))
        running, upcoming, ended = campaigns_by_status(base)
        paginator, ended_page = paginate(ended, CAMPAIGN_PAGE_SIZE, request.GET.get("page", 1))
        context.update(
            {"running": running, "upcoming": upcoming, "ended": ended_page, "paginator": paginator}
        )
        return context


class CampaignPage(HeroImageMixin, CallToActionMixin, FoldedSearchMixin, BasePage):
    """A trade-promotion campaign (e.g. an online OCOP week with partner shops).

    ``start_date``/``end_date`` are local calendar days (inclusive) and give
    the shown status (:meth:`status`): upcoming before the start, running
    through the end day, ended after it. Publication itself follows
    Wagtail's scheduled publishing (``go_live_at``/``expire_at`` in the
    Settings tab); an expired campaign can still be edited and saved
    (:class:`core.admin_forms.PastExpiryTolerantPageForm`).
    """

    lead = models.TextField(_("lead"), blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    goal = models.TextField(_("goal"), blank=True, help_text=_("What the campaign aims for."))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = BasePage.content_panels + [
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")], heading=_("Dates")),
        FieldPanel("lead"),
        *HeroImageMixin.hero_panels,
        FieldPanel("goal"),
        FieldPanel("body"),
        product_chooser_panel("featured_products", _("Featured products")),
        producer_chooser_panel("featured_producers", _("Featured producers")),
        InlinePanel("channels", heading=_("Partner sales channels"), label=_("channel")),
        *CallToActionMixin.cta_panels,
    ]
    search_type_order = 40
    # Warned about in the admin when one is not in force (products_catalog.wagtail_hooks).
    promoted_product_relations = ("featured_products",)
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
    # The dates are facts shared by every translation (issue 13): the status is the same
    # in every language.
    override_translatable_fields = [
        SynchronizedField(name, overridable=False) for name in ("start_date", "end_date")
    ]

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

    def get_context(self, request, *args, **kwargs):
        """Adds featured products (cards, in force only) and producers, the partner
        ``channels`` and ``status``."""
        context = super().get_context(request, *args, **kwargs)
        context.update(
            {
                "featured_products": products_in_order(self.featured_products.all(), in_force=True),
                "featured_producers": producers_in_order(self.featured_producers.all()),
                "channels": list(self.channels.all()),
                "status": self.status(),
            }
        )
        return context


class CampaignProduct(RelatedProductBase):
    page = ParentalKey(CampaignPage, on_delete=models.CASCADE, related_name="featured_products")


class CampaignProducer(RelatedProducerBase):
    page = ParentalKey(CampaignPage, on_delete=models.CASCADE, related_name="featured_producers")


class CampaignChannel(TranslatableMixin, Orderable):
    """A partner sales channel taking part in a campaign (shop chain, marketplace…).

    Translatable rows (issue 13): a translation of the campaign has its own rows, in its
    locale, whose name and note go through wagtail-localize's editor like the page's text;
    kind and address are synchronised.
    """

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

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]

    def __str__(self):
        return self.name
