"""Absolute URLs: one function, one host — the configured Wagtail site.

Sitemaps, feeds, open data, the API, QR codes, labels, Open Graph, JSON-LD
and e-mails all build absolute addresses with :func:`absolute_url`, from the
default :class:`wagtail.models.Site` (hostname and port; port 443 gives
``https://``). ``make run`` sets that site from ``HOST``/``PORT``
(``manage.py configure_site``); in production set it in *Settings → Sites*
or with the same command. The request's own host is never used, so a
proxy, a test client or a typo in a Host header cannot change the links.
"""

import functools

from django.db.models.signals import post_delete, post_save
from wagtail.models import Site


@functools.lru_cache(maxsize=1)
def site_root_url():
    """``"http://127.0.0.1:8000"``-style root of the default site (no trailing slash).

    Cached per process; cleared when a site is saved or deleted.
    """
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    return site.root_url.rstrip("/") if site else ""


def absolute_url(url):
    """``url`` (a path such as ``/san-pham/`` or already absolute) on the configured site."""
    if not url:
        return ""
    if url.startswith(("http://", "https://")):
        return url
    if url.startswith("//"):
        return site_root_url().split(":", 1)[0] + ":" + url
    return site_root_url() + ("" if url.startswith("/") else "/") + url


def page_url(page):
    """Absolute URL of a Wagtail page on the configured site ("" when not routable)."""
    return absolute_url(page.get_url() or "") if page is not None else ""


def _clear(**kwargs):
    site_root_url.cache_clear()


post_save.connect(_clear, sender=Site, dispatch_uid="core.links.site_saved")
post_delete.connect(_clear, sender=Site, dispatch_uid="core.links.site_deleted")
