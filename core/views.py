"""Public views of core: ``/robots.txt``, ``/favicon.ico`` and the privacy notice."""

from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from core.links import absolute_url

FAVICON = Path(settings.BASE_DIR) / "static" / "img" / "favicon.ico"
# Admin, the JSON API's internals and per-query pages are no use in a search engine.
DISALLOW = ("/admin/", "/django-admin/")
#: Per-query pages, in every language (``/search/``, ``/en/search/``).
DISALLOW_PER_LANGUAGE = ("search",)


def disallowed_paths():
    """``["/admin/", …, "/search/", "/en/search/"]``: :data:`DISALLOW` and the per-language ones."""
    paths = list(DISALLOW)
    for code, _name in settings.LANGUAGES:
        prefix = "/" if code == settings.LANGUAGE_CODE else f"/{code}/"
        paths += [f"{prefix}{name}/" for name in DISALLOW_PER_LANGUAGE]
    return paths


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    """Allow everything but :func:`disallowed_paths`; name the sitemap by its absolute address."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in disallowed_paths())]
    lines += ["", f"Sitemap: {absolute_url('/sitemap.xml')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@cache
def _favicon_bytes():
    return FAVICON.read_bytes()


@require_safe
@cache_control(max_age=604800, public=True)
def favicon(request):
    """The 16/32/48 px icon drawn by ``manage.py draw_site_icons`` (``static/img``)."""
    return HttpResponse(_favicon_bytes(), content_type="image/x-icon")


@require_safe
def privacy_notice(request):
    """The privacy notice every form links to: purpose, who sees what, retention, rights."""
    days = getattr(settings, "PERSONAL_DATA_RETENTION_DAYS", 730)
    return render(
        request, "core/privacy.html", {"retention_days": days, "retention_months": days // 30}
    )
