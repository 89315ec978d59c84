"""``/sitemap.xml`` as a sitemap index with one section per page type (issue 14).

``/sitemap.xml`` lists ``/sitemap-<section>.xml`` (with ``?p=2``… past
:attr:`SectionSitemap.limit` addresses); each section is one query for its
pages (plus one count), whatever the catalogue's size: products with their
certification joined (only what the catalogue lists: OCOP, not revoked),
producers, news, events, and every other page. Addresses are absolute on the
configured site (:mod:`core.links`), like the rest of the site.
"""

from django.contrib.sitemaps import views as sitemap_views
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.html import escape
from django.views.decorators.http import require_safe
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from core.links import absolute_url
from events.models import EventPage
from news.models import NewsPage
from products_catalog.models import ProducerPage, ProductPage


class SectionSitemap(Sitemap):
    """Live, public pages of one kind below the request's site root, in tree order."""

    #: Addresses per sitemap page (each page stays small and quick to build).
    limit = 2000
    model = None
    #: Whether the rows must be turned into their specific page types (mixed types).
    specific = False

    def pages(self):
        return self.model.objects.all()

    def items(self):
        root = self.get_wagtail_site().root_page
        pages = (
            self.pages()
            .live()
            .public()
            .descendant_of(root, inclusive=True)
            .defer_streamfields()
            .order_by("path")
        )
        return pages.specific(defer=True) if self.specific else pages


class ProductSitemap(SectionSitemap):
    model = ProductPage

    def pages(self):
        # What the catalogue lists; the summary joined for get_sitemap_urls' own check.
        return ProductPage.objects.ocop().not_revoked().select_related("certification")


class ProducerSitemap(SectionSitemap):
    model = ProducerPage


class NewsSitemap(SectionSitemap):
    model = NewsPage


class EventSitemap(SectionSitemap):
    model = EventPage


class OtherPagesSitemap(SectionSitemap):
    """Every other page: home, indexes, standard pages, campaigns, statistics."""

    specific = True

    def pages(self):
        return Page.objects.not_type(ProductPage, ProducerPage, NewsPage, EventPage)


SECTIONS = {
    "trang": OtherPagesSitemap,
    "san-pham": ProductSitemap,
    "chu-the": ProducerSitemap,
    "tin-tuc": NewsSitemap,
    "su-kien": EventSitemap,
}


@require_safe
def sitemap_index(request):
    """The index: one ``<sitemap>`` per section page (a count query per section)."""
    entries = []
    for name, sitemap_class in SECTIONS.items():
        sitemap = sitemap_class(request)
        url = absolute_url(reverse("sitemap_section", kwargs={"section": name}))
        for number in range(1, sitemap.paginator.num_pages + 1):
            entries.append(url if number == 1 else f"{url}?p={number}")
    body = "".join(f"<sitemap><loc>{escape(url)}</loc></sitemap>" for url in entries)
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</sitemapindex>\n'
    )
    return HttpResponse(xml, content_type="application/xml; charset=utf-8")


@require_safe
def sitemap_section(request, section):
    """One section (``?p=`` page of it); 404 for an unknown section or page."""
    if section not in SECTIONS:
        raise Http404
    return sitemap_views.sitemap(
        request, sitemaps={section: SECTIONS[section](request)}, section=section
    )
