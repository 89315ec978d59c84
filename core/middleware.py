"""Request guards (issue 12): long request lines, the Content-Security-Policy; the
language of a request (issue 13).

:class:`LongRequestMiddleware`: a request line longer than
``settings.MAX_REQUEST_LINE`` characters (default 4000: below gunicorn's
``limit_request_line``, which ``gunicorn.conf.py`` raises to 8190, so the
site — not gunicorn's bare "414 URI Too Long" — answers) gets the tidy 414
page with a search box; the search itself also cuts ``q`` to
:data:`core.search.MAX_QUERY_CHARS` characters.
"""

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.shortcuts import render
from django.utils import translation

from core import media

DEFAULT_MAX_REQUEST_LINE = 4000


class LongRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = getattr(settings, "MAX_REQUEST_LINE", DEFAULT_MAX_REQUEST_LINE)
        if len(request.get_full_path()) > limit:
            return render(request, "core/uri_too_long.html", {"limit": limit}, status=414)
        return self.get_response(request)


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp with one relaxation for Wagtail's admin (``/admin/``, and previews).

    The public site allows only this site's own scripts plus inline scripts
    carrying the request's nonce (``{{ request.csp_nonce }}``). Wagtail's admin
    templates still contain inline scripts (inline panels, date pickers) and
    its live preview renders pages inside the admin, so under ``/admin/`` scripts
    may be inline too; everything else (sources: this site only) stays. Images may
    also come from the media store when that is another host (S3, a CDN: issue 14).
    """

    ADMIN_PREFIX = "/admin/"

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        origin = media.media_origin()
        if origin:
            update = dict(parts.update or {})
            update["img-src"] = [*update.get("img-src", ()), origin]
            parts.update = update
        if request.path.startswith(self.ADMIN_PREFIX) and not report_only:
            # A nonce in script-src would make browsers ignore 'unsafe-inline'.
            parts.nonce = None
            parts.replace = {**(parts.replace or {}), "script-src": [SELF, UNSAFE_INLINE]}
        return parts


class UrlLanguageMiddleware:
    """Activate the language the URL names: ``/en/…`` English, everything else Vietnamese.

    Replaces Django's ``LocaleMiddleware``, which also reads the language cookie and
    ``Accept-Language``: here the browser's preference never changes a page, so one URL
    is one language (search engines index both, caches need no ``Vary:
    Accept-Language``, and ``<html lang>`` always matches the content). Sets
    ``request.LANGUAGE_CODE`` and the ``Content-Language`` header. Wagtail's admin
    activates its user's own language itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def language_for(request):
        """``"en"`` for a path under ``/en/``, else the site's language (``LANGUAGE_CODE``)."""
        return translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE

    def __call__(self, request):
        translation.activate(self.language_for(request))
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response
