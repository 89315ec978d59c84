"""The anonymous page cache (issue 14): whole Wagtail page responses, per site and language.

:class:`AnonymousPageCacheMiddleware` (after the message middleware) answers a
GET or HEAD from the shared cache (Redis with ``REDIS_URL``, else the local
cache) when the visitor is anonymous, carries no message and no session data,
and does not ask for a form (``?form=1``). The key is the host, the language
(``request.LANGUAGE_CODE``), the full path with its query string and the
content generation (:func:`core.fastpath.generation`): every publish,
unpublish, move, delete, certification change (:mod:`core.invalidation`) and
local midnight makes every cached page stale at once.

Only Wagtail pages are stored (a ``before_serve_page`` hook marks them, see
:func:`mark_page`), only 200 answers, never one that set a cookie or used the
session or the CSRF token. Stored headers go out again with the body: the
Content-Security-Policy header keeps its nonce consistent with the cached
HTML.

Forms on cached pages: ``{% csrf_field %}`` (:mod:`core.templatetags.ocop_tags`)
renders an empty token field there, which ``static/js/site.js`` fills from
:func:`csrf_token_view` (``/csrf-token/``, never cached); without JavaScript
the form links to its own uncached page.

Settings: ``OCOP_PAGE_CACHE`` (default ``True``; ``False`` in tests unless a
test turns it on), ``OCOP_PAGE_CACHE_SECONDS`` (default 3600).
"""

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache

from core import fastpath

#: Query parameter asking for a page's own (uncached) rendering, with its form ready.
BYPASS_PARAM = "form"
#: Paths never answered from the cache (the admin, documents, search statistics).
EXCLUDED_PREFIXES = ("/admin/", "/django-admin/", "/documents/", "/search/", "/csrf-token/")
#: Headers replayed with a cached page.
KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Content-Security-Policy",
    "Content-Security-Policy-Report-Only",
    "Link",
    "X-Frame-Options",
)
HIT_HEADER = "X-Page-Cache"


def enabled():
    return getattr(settings, "OCOP_PAGE_CACHE", True)


def timeout():
    return getattr(settings, "OCOP_PAGE_CACHE_SECONDS", 3600)


def cache_key(request):
    """``ocop:page:<digest>`` for the request's host, language, path and query, generation."""
    language = getattr(request, "LANGUAGE_CODE", "") or settings.LANGUAGE_CODE
    parts = (request.get_host(), language, request.get_full_path(), fastpath.generation())
    return f"ocop:page:{fastpath.digest(*parts)}"


def cacheable_request(request):
    """Whether ``request`` may be answered from, and stored in, the page cache."""
    if not enabled() or request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(EXCLUDED_PREFIXES) or BYPASS_PARAM in request.GET:
        return False
    if getattr(request, "is_preview", False):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    session = getattr(request, "session", None)
    if session is not None and not session.is_empty():
        return False
    # len() loads the messages without marking them read.
    return not len(messages.get_messages(request))


def may_store(request):
    """Whether the page being rendered for ``request`` may go into the page cache."""
    return bool(
        request is not None
        and getattr(request, "_ocop_page_cacheable", False)
        and getattr(request, "_ocop_serving_page", None)
    )


def mark_page(page, request, serve_args, serve_kwargs):
    """``before_serve_page`` hook: this response is a Wagtail page's (may be stored)."""
    request._ocop_serving_page = page


def storable_response(request, response):
    """Whether the response to a cacheable request may be stored."""
    if not getattr(request, "_ocop_serving_page", None) or response.status_code != 200:
        return False
    if response.streaming or response.cookies or response.has_header("Set-Cookie"):
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # the page used the CSRF token
        return False
    session = getattr(request, "session", None)
    if session is not None and (session.modified or not session.is_empty()):
        return False
    cache_control = response.get("Cache-Control", "")
    return "private" not in cache_control and "no-store" not in cache_control


class AnonymousPageCacheMiddleware:
    """Serve and store anonymous page responses (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._ocop_page_cacheable = cacheable_request(request)
        if not request._ocop_page_cacheable:
            return self.get_response(request)
        key = cache_key(request)
        stored = cache.get(key)
        if stored is not None:
            return self.replay(stored)
        response = self.get_response(request)
        if storable_response(request, response):
            cache.set(key, self.freeze(response), timeout())
            response[HIT_HEADER] = "miss"
        return response

    @staticmethod
    def freeze(response):
        headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
        return {"status": response.status_code, "headers": headers, "body": response.content}

    @staticmethod
    def replay(stored):
        response = HttpResponse(stored["body"], status=stored["status"])
        for name, value in stored["headers"].items():
            response[name] = value
        response[HIT_HEADER] = "hit"
        return response


@never_cache
def csrf_token_view(request):
    """``{"token": "..."}`` for forms on cached pages; sets the CSRF cookie. Never cached."""
    response = JsonResponse({"token": get_token(request)})
    patch_cache_control(response, private=True)
    return response
