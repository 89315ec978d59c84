"""schema.org ``NewsArticle`` of a news item (rendered by :mod:`core.seo` in the page head)."""

from core.links import page_url
from core.models import ProgrammeSettings
from core.seo import photo_url, plain, publisher_jsonld


def news_article_jsonld(page):
    """``NewsArticle`` dict: headline, dates (ISO 8601, aware), author (the byline, else the
    programme), publisher, description (the lead), image (real photos only)."""
    settings = ProgrammeSettings.for_site(page.get_site()) if page.get_site() else None
    site_title = settings.site_title if settings else ""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": (page.seo_title or page.title)[:110],
        "url": page_url(page),
        "mainEntityOfPage": page_url(page),
        "publisher": publisher_jsonld(site_title),
        "author": {"@type": "Organization", "name": page.byline or site_title},
    }
    published = page.display_date
    if published:
        data["datePublished"] = published.isoformat()
    modified = page.last_published_at or published
    if modified:
        data["dateModified"] = modified.isoformat()
    description = plain(page.search_description or page.lead, 300)
    if description:
        data["description"] = description
    image = photo_url(page.hero_image)
    if image:
        data["image"] = [image]
    return data
