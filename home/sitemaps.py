"""``/sitemap.xml`` as a sitemap index with one section per page type (issue 14).

``/sitemap.xml`` lists ``/sitemap-<section>.xml`` (with ``?p=2``… past
:attr:`SectionSitemap.limit` addresses); each section is one query for its
pages (plus one count), whatever the catalogue's size: products with their
certification joined (only what the catalogue lists: OCOP, not revoked),
producers, news, events, and every other page. Addresses are absolute on the
configured site (:mod:`core.links`), like the rest of the site.
"""

import datetime

from django.contrib.sitemaps.views import x_robots_tag
from django.contrib.sites.shortcuts import get_current_site
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from core import fastpath
from core.links import absolute_url
from events.models import EventPage
from news.models import NewsPage
from products_catalog.models import ProducerPage, ProductPage


class SectionSitemap(Sitemap):
    """Live, public pages of one kind below the request's site root, in tree order."""

    #: Addresses per sitemap page: about 100 µs of CPU each at 20,000 products (a page's
    #: URL, its translations' and hreflang alternates), so a page stays near 50 ms (issue 14).
    limit = 500
    model = None
    #: Whether the rows must be turned into their specific page types (mixed types).
    specific = False

    #: Fields an address needs (``None``: every field). Loading only these halves the cost
    #: of a 2,000-address page of products (issue 14); a missing one would cost a query
    #: per page, which the query-budget test would see.
    fields = (
        "id",
        "path",
        "depth",
        "url_path",
        "locale",
        "translation_key",
        "live",
        "last_published_at",
        "latest_revision_created_at",
        "content_type",
    )

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
        if self.fields:
            pages = pages.only(*self.fields)
        return pages.specific(defer=True) if self.specific else pages


class ProductSitemap(SectionSitemap):
    model = ProductPage
    fields = SectionSitemap.fields + (
        "certification__stars",
        "certification__valid_until",
        "certification__revoked_on",
    )

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
    fields = None

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
    """The index: one ``<sitemap>`` per section page (a count query per section, kept in
    the shared cache until content changes: :func:`core.fastpath.cached`)."""
    xml = fastpath.cached(f"sitemap-index:{request.get_host()}", lambda: _index_xml(request))
    return HttpResponse(xml, content_type="application/xml; charset=utf-8")


def _index_xml(request):
    entries = []
    for name, sitemap_class in SECTIONS.items():
        sitemap = sitemap_class(request)
        url = absolute_url(reverse("sitemap_section", kwargs={"section": name}))
        for number in range(1, sitemap.paginator.num_pages + 1):
            entries.append(url if number == 1 else f"{url}?p={number}")
    body = "".join(f"<sitemap><loc>{escape(url)}</loc></sitemap>" for url in entries)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</sitemapindex>\n'
    )


@require_safe
@x_robots_tag
def sitemap_section(request, section):
    """One section (``?p=`` page of it); 404 for an unknown section or page.

    The addresses come from Wagtail's sitemap (each page's ``get_sitemap_urls``);
    the XML is written by :func:`urlset_xml` rather than Django's ``sitemap.xml``
    template, which cost about half of a 2,000-address page (issue 14).
    ``Last-Modified`` is the newest ``lastmod``, as Django's view sets it. The
    XML is kept in the shared cache until content changes: a middle page of
    products costs an OFFSET scan and a COUNT (130 ms at 20,000 products) when built.
    """
    if section not in SECTIONS:
        raise Http404
    number = request.GET.get("p", "1")
    if not number.isdigit() or len(number) > 6:
        raise Http404("No such sitemap page")
    key = f"sitemap:{section}:{int(number)}:{request.scheme}:{request.get_host()}"
    xml, latest = fastpath.cached(key, lambda: _section_xml(request, section, int(number)))
    response = HttpResponse(xml, content_type="application/xml")
    if latest is not None:
        response["Last-Modified"] = http_date(latest)
    return response


def _section_xml(request, section, number):
    """``(urlset XML, newest lastmod as a POSIX timestamp or None)``; 404 past the end."""
    sitemap = SECTIONS[section](request)
    try:
        urls = sitemap.get_urls(
            page=number, site=get_current_site(request), protocol=request.scheme
        )
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404("No such sitemap page") from error
    latest = getattr(sitemap, "latest_lastmod", None)
    if latest is not None:
        latest = (latest if hasattr(latest, "timestamp") else _midnight(latest)).timestamp()
    return urlset_xml(urls), latest


def _midnight(day):
    return datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)


def _day(lastmod):
    """``lastmod`` as ``YYYY-MM-DD`` in the site's time zone (Django's ``date:"Y-m-d"``)."""
    if isinstance(lastmod, datetime.datetime) and timezone.is_aware(lastmod):
        lastmod = timezone.localtime(lastmod)
    return lastmod.strftime("%Y-%m-%d")


def urlset_xml(urls):
    """The ``<urlset>`` of ``urls`` (dicts: ``location``, optional ``lastmod``,
    ``changefreq``, ``priority``, ``alternates`` of ``{"lang_code", "location"}``): what
    Django's ``sitemap.xml`` template writes, without the whitespace."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">'
    ]
    for url in urls:
        parts.append(f"<url><loc>{escape(url['location'])}</loc>")
        if url.get("lastmod"):
            parts.append(f"<lastmod>{_day(url['lastmod'])}</lastmod>")
        if url.get("changefreq"):
            parts.append(f"<changefreq>{escape(url['changefreq'])}</changefreq>")
        if url.get("priority"):
            parts.append(f"<priority>{escape(url['priority'])}</priority>")
        for alternate in url.get("alternates") or ():
            parts.append(
                f'<xhtml:link rel="alternate" hreflang="{escape(alternate["lang_code"])}" '
                f'href="{escape(alternate["location"])}"/>'
            )
        parts.append("</url>")
    parts.append("</urlset>\n")
    return "".join(parts)
