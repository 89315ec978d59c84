"""Home-page sections for news and campaigns."""

from django import template
from django.utils import timezone, translation
from wagtail.models import Locale

from core import fastpath
from core.localize import in_locale
from core.pieces import with_card_images
from news.models import NEWS_ORDER, CampaignIndexPage, CampaignPage, NewsIndexPage, NewsPage

register = template.Library()


@register.inclusion_tag("news/includes/home_news.html", takes_context=True)
def latest_news_section(context, limit=3):
    """The ``limit`` latest live news items under the current page (the home page).

    Kept in the shared cache until content changes (:func:`core.fastpath.cached`).
    """
    page = context.get("page")
    found = fastpath.cached(
        f"home-news:{getattr(page, 'pk', 0)}:{limit}",
        lambda: _latest_news(page, limit),
        language=translation.get_language(),
    )
    return {**found, "request": context.get("request")}


def _latest_news(page, limit):
    items = with_card_images(NewsPage.objects.live().public())
    index = None
    if page is not None:
        items = items.descendant_of(page)
        index = NewsIndexPage.objects.live().descendant_of(page).first()
    items = items.order_by(*NEWS_ORDER)[:limit]
    return {"items": list(items), "news_index": index}


@register.inclusion_tag("news/includes/home_campaigns.html", takes_context=True)
def running_campaigns_section(context, limit=3):
    """Campaigns running today (local date), ending soonest first.

    Kept in the shared cache until content changes or the date turns.
    """
    page = context.get("page")
    found = fastpath.cached(
        f"home-campaigns:{getattr(page, 'pk', 0)}:{limit}",
        lambda: _running_campaigns(page, limit),
        language=translation.get_language(),
    )
    return {**found, "request": context.get("request")}


def _running_campaigns(page, limit):
    """Running campaigns under the source (Vietnamese) home, each in the page's language
    when translated (else kept, marked ``other_language``), as for events (issue 13)."""
    today = timezone.localdate()
    campaigns = with_card_images(CampaignPage.objects.live().public())
    index = None
    locale = None
    if page is not None:
        locale = page.locale
        source = page.get_translation_or_none(Locale.get_default()) or page
        campaigns = campaigns.descendant_of(source)
        index = CampaignIndexPage.objects.live().descendant_of(page).first()
        if index is None:
            index = CampaignIndexPage.objects.live().descendant_of(source).first()
    campaigns = campaigns.filter(start_date__lte=today, end_date__gte=today).order_by(
        "end_date", "title"
    )[:limit]
    campaigns = in_locale(campaigns, locale, with_card_images(CampaignPage.objects.live().public()))
    return {"campaigns": campaigns, "campaign_index": index}
