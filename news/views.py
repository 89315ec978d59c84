"""Context builders for the news and campaign pages."""

from django.utils import timezone

from core.listing import paginate
from core.models import Tag
from news.filters import NewsFilter
from news.models import (
    CAMPAIGN_PAGE_SIZE,
    NEWS_PAGE_SIZE,
    CampaignPage,
    NewsCategory,
    NewsPage,
    with_card_images,
)
from products_catalog.models import ProducerPage, ProductPage


def news_index_context(index, request):
    """Context of the news list; never raises on bad query strings.

    Keys: ``filter``, ``news_items`` (a page of news), ``paginator``,
    ``categories`` / ``tags`` (``[{"value", "label", "count", "checked"}]``),
    ``invalid_params``, ``active_filters``, ``result_count``,
    ``selected_category``.
    """
    base = index.news_items()
    data = request.GET.copy()
    news_filter = NewsFilter(data, queryset=base, locale=index.locale)
    items = news_filter.qs.order_by("-publication_date", "-first_published_at", "-pk")
    paginator, page_obj = paginate(items, NEWS_PAGE_SIZE, request.GET.get("page", 1))
    invalid = news_filter.invalid_params
    selected = {
        name: request.GET.get(name, "")
        for name in ("category", "tag")
        if name not in invalid and request.GET.get(name)
    }
    counts = news_filter.facet_counts()
    categories = NewsCategory.objects.filter(locale=index.locale, slug__in=counts["category"])
    tags = Tag.objects.filter(slug__in=counts["tag"]).order_by("name")
    return {
        "filter": news_filter,
        "news_items": page_obj,
        "paginator": paginator,
        "result_count": paginator.count,
        "categories": _options(categories, counts["category"], selected.get("category")),
        "tags": _options(tags, counts["tag"], selected.get("tag")),
        "invalid_params": invalid,
        "ignored_filters": news_filter.ignored_filters,
        "active_filters": bool(selected),
        "selected_category": next(
            (c for c in categories if c.slug == selected.get("category")), None
        ),
        "selected_tag": next((t for t in tags if t.slug == selected.get("tag")), None),
    }


def _options(objects, counts, selected):
    return [
        {
            "value": obj.slug,
            "label": obj.name,
            "count": counts.get(obj.slug, 0),
            "checked": obj.slug == selected,
        }
        for obj in objects
    ]


def ordered_products(ids, *, in_force=False):
    """Listed products with card data (``for_cards``) in the order of ``ids``.

    ``in_force``: only products that may carry the OCOP mark today (what a
    campaign promotes).
    """
    products = ProductPage.objects.for_cards()
    if in_force:
        products = products.in_force()
    by_id = {p.pk: p for p in products.filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def ordered_producers(ids):
    """Live, public producers in the order of ``ids``."""
    by_id = {
        p.pk: p
        for p in ProducerPage.objects.live().public().filter(pk__in=ids).select_related("locality")
    }
    return [by_id[pk] for pk in ids if pk in by_id]


def news_page_context(page):
    """Related products/producers (live only), categories, tags and more news."""
    product_ids = [row.product_id for row in page.related_products.all()]
    producer_ids = [row.producer_id for row in page.related_producers.all()]
    more = []
    parent = page.get_parent()
    if parent is not None:
        more = list(
            with_card_images(NewsPage.objects.live().public().child_of(parent))
            .exclude(pk=page.pk)
            .order_by("-publication_date", "-pk")[:3]
        )
    return {
        "related_products": ordered_products(product_ids),
        "related_producers": ordered_producers(producer_ids),
        "categories": list(page.categories.all()),
        "tags": list(page.tags.all()),
        "more_news": more,
        "news_index": parent,
    }


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


def campaign_index_context(index, request):
    """Running and upcoming campaigns in full, ended ones paginated (``?page=``)."""
    base = with_card_images(CampaignPage.objects.live().public().child_of(index))
    running, upcoming, ended = campaigns_by_status(base)
    paginator, ended_page = paginate(ended, CAMPAIGN_PAGE_SIZE, request.GET.get("page", 1))
    return {
        "running": running,
        "upcoming": upcoming,
        "ended": ended_page,
        "paginator": paginator,
    }


def campaign_page_context(page):
    """Featured products (cards) and producers, partner channels, status."""
    return {
        "featured_products": ordered_products(
            [row.product_id for row in page.featured_products.all()], in_force=True
        ),
        "featured_producers": ordered_producers(
            [row.producer_id for row in page.featured_producers.all()]
        ),
        "channels": list(page.channels.all()),
        "status": page.status(),
    }
