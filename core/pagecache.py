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

import hashlib
import re

from django.conf import settings
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.text import compress_string
from django.views.decorators.cache import never_cache

from core import fastpath
from core.middleware import UrlLanguageMiddleware

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
#: The cookie of Django's cookie message storage (first of the default ``FallbackStorage``).
MESSAGES_COOKIE = CookieStorage.cookie_name
#: GZipMiddleware's own threshold and test of ``Accept-Encoding``.
GZIP_MIN_BYTES = 200
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def enabled():
    return getattr(settings, "OCOP_PAGE_CACHE", True)


def timeout():
    return getattr(settings, "OCOP_PAGE_CACHE_SECONDS", 3600)


def cache_key(request):
    """``ocop:page:<digest>`` for the request's host, language, path and query string.

    The content generation is not in the key but in the entry (``"generation"``):
    the hit path reads both in one round trip (:func:`core.fastpath.generation_and`),
    and a URL has one entry, overwritten when a newer generation renders it.
    """
    language = UrlLanguageMiddleware.language_for(request)
    parts = (request.get_host(), language, request.get_full_path())
    return f"ocop:page:{fastpath.digest(*parts)}"


def lookup(request):
    """``(key, generation, stored entry or None)``: the entry only if of this generation."""
    key = cache_key(request)
    current, stored = fastpath.generation_and(key)
    if stored is not None and stored.get("generation") != current:
        stored = None
    return key, current, stored


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


#: Query parameters of campaign links (analytics only): a page asked for with one is
#: rendered but not stored, or every new value would fill the cache with copies.
TRACKING_PARAMS = re.compile(r"^(utm_.*|fbclid|gclid|msclkid|mc_eid|zarsrc)$")


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
    if any(TRACKING_PARAMS.match(name) for name in request.GET):
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
        key, current, stored = lookup(request)
        if stored is not None:
            return replay(stored, request)
        response = self.get_response(request)
        if storable_response(request, response):
            cache.set(key, freeze(response, current), timeout())
            response[HIT_HEADER] = "miss"
        return response


class EarlyPageCacheHitMiddleware:
    """Answer page-cache hits before sessions, language, CSRF, auth and messages run.

    Placed right after WhiteNoise (below the security, gzip and conditional-GET
    middleware, whose headers and 304s still apply). Only for a GET or HEAD
    carrying neither the session nor the messages cookie: such a visitor is
    anonymous, has no session data and no message, which is what
    :func:`cacheable_request` would find once those middlewares ran. Everyone
    else goes on to :class:`AnonymousPageCacheMiddleware`, which serves the
    same entries (same key) and is the only one that stores. A hit this way
    costs one cache round trip and no middleware below this one (issue 14:
    the cached home must serve far more requests per second than a rendered
    one).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            enabled()
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and MESSAGES_COOKIE not in request.COOKIES
            and not request.path.startswith(EXCLUDED_PREFIXES)
            and BYPASS_PARAM not in request.GET
        ):
            _key, _current, stored = lookup(request)
            if stored is not None:
                return replay(stored, request)
        return self.get_response(request)


def freeze(response, current):
    """The cache entry of ``response`` rendered under generation ``current``.

    The body is kept plain and gzipped (compressed once here rather than by
    ``GZipMiddleware`` on every hit), with the ETag of each. Compressing once
    is safe against BREACH: a stored page holds no secret (no CSRF token, no
    session: see :func:`storable_response`).
    """
    headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
    body = response.content
    entry = {"status": response.status_code, "headers": headers, "body": body}
    entry["generation"] = current
    entry["etag"] = f'"{hashlib.md5(body, usedforsecurity=False).hexdigest()}"'
    if len(body) >= GZIP_MIN_BYTES:
        entry["gzip"] = compress_string(body)
    return entry


def replay(stored, request):
    """A response from the entry ``stored``: gzipped when the client accepts it."""
    body, etag = stored["body"], stored.get("etag")
    gzipped = "gzip" in stored and ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
    if gzipped:
        body = stored["gzip"]
        etag = f"W/{etag}" if etag else None  # as GZipMiddleware marks a compressed ETag
    response = HttpResponse(body, status=stored["status"])
    for name, value in stored["headers"].items():
        response[name] = value
    if "gzip" in stored:
        patch_vary_headers(response, ("Accept-Encoding",))
    if gzipped:
        response["Content-Encoding"] = "gzip"
    if etag:
        response["ETag"] = etag
    response[HIT_HEADER] = "hit"
    return response


@never_cache
def csrf_token_view(request):
    """``{"token": "..."}`` for forms on cached pages; sets the CSRF cookie. Never cached."""
    response = JsonResponse({"token": get_token(request)})
    patch_cache_control(response, private=True)
    return response
