"""Constant, small query counts on every public page (issue 14).

Wagtail spends about ten queries on each page before our own code runs:
the site, the locale (asked for four times), two per level of the URL, the
view restrictions of the page and of its ancestors, the breadcrumb's
ancestors again. This module removes most of them without changing what
any page shows:

- the site matching a request is kept in the shared cache with its root
  page (:func:`_cached_site_for_hostname`);
- :class:`RequestMemoMiddleware` opens a per-request memo (:func:`memo`);
  ``Locale.objects.get_for_language`` is answered from it (a locale is read
  once a request, whoever asks).
- :func:`route` resolves a whole URL below a page in two queries (the pages
  on the path, then the last one's specific row), handing over to a page
  type's own ``route`` (``RoutablePageMixin``) where one has it.
- :func:`restricted_paths` keeps the tree paths of the pages with a view
  restriction in the shared cache, so that ``PageQuerySet.private_q()``
  (behind ``public()``) and a
  page's restriction check cost nothing when nothing is restricted.
- :func:`generation` is the shared "content generation": a counter in the
  cache bumped by every content change (:func:`bump`), combined with the
  local date so that everything keyed on it rolls over at local midnight
  (Asia/Ho_Chi_Minh), when certificate statuses change. Cached fragments and
  the anonymous page cache (:mod:`core.pagecache`) key on it.
"""

import contextvars
import hashlib
import time

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction
from wagtail.models import sites as wagtail_sites
from wagtail.models.i18n import LocaleManager
from wagtail.query import PageQuerySet
from wagtail.url_routing import RouteResult

_memo = contextvars.ContextVar("ocop_request_memo", default=None)

GENERATION_KEY = "ocop:content-generation"
RESTRICTED_KEY = "ocop:restricted-paths"
#: Cached values keyed on the generation live at most this long (seconds).
GENERATION_TTL = 24 * 3600


class RequestMemoMiddleware:
    """Give each request a fresh memo (a dict) for :func:`memo`; dropped at the end."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)


def memo(key, compute):
    """``compute()`` once per request for ``key`` (every time outside a request)."""
    store = _memo.get()
    if store is None:
        return compute()
    if key not in store:
        store[key] = compute()
    return store[key]


def remember(key, value):
    """Put ``value`` in the request's memo under ``key`` (nothing outside a request)."""
    store = _memo.get()
    if store is not None:
        store[key] = value


def recall(key, default=None):
    """The request memo's value for ``key``, else ``default``."""
    store = _memo.get()
    return default if store is None else store.get(key, default)


# --- locales ---------------------------------------------------------------

_get_for_language = LocaleManager.get_for_language


def _memo_get_for_language(self, language_code):
    def compute():
        locale = _get_for_language(self, language_code)
        remember(("locale-id", locale.pk), locale)
        return locale

    return memo(("locale", language_code), compute)


def locale_of(page):
    """``page.locale`` read once a request per locale (the ``Locale`` or ``None``)."""
    if page is None or not getattr(page, "locale_id", None):
        return None
    if "locale" in page._state.fields_cache:
        return page.locale
    locale_model = page._meta.get_field("locale").related_model
    return memo(("locale-id", page.locale_id), lambda: locale_model.objects.get(pk=page.locale_id))


# --- content generation ----------------------------------------------------


def generation():
    """``"<counter>-<local date>"``: changes on every content change and at local midnight."""
    # A new counter starts from the clock (ms): after a cache flush it never repeats
    # an old generation (files stamped with one, e.g. open data, would look fresh).
    counter = memo("generation", lambda: counter_value(GENERATION_KEY))
    return f"{counter}-{timezone.localdate().isoformat()}"


def generation_and(key):
    """``(generation(), cached value of key or None)`` in one cache round trip.

    For the page cache's hit path: the generation and the entry come together
    (``get_many``) instead of one after the other. The request's memo keeps
    the generation read, so the rest of the request sees the same one.
    """
    store = _memo.get()
    if store is not None and "generation" in store:
        return generation(), cache.get(key)
    values = cache.get_many([GENERATION_KEY, key])
    if GENERATION_KEY not in values:  # no counter yet: nothing stored under it is valid
        return generation(), None
    if store is not None:
        store["generation"] = values[GENERATION_KEY]
    return f"{values[GENERATION_KEY]}-{timezone.localdate().isoformat()}", values.get(key)


def _clock_counter():
    return int(time.time() * 1000)


def counter_value(key):
    """A shared counter's value (int); a new one starts from the clock (ms), so that after
    a cache flush it never repeats an old value (things stamped with one would look fresh)."""
    return cache.get_or_set(key, _clock_counter, None)


def advance(key):
    """Move the shared counter ``key`` on (see :func:`counter_value`)."""
    try:
        cache.incr(key)
    except ValueError:  # no counter yet (or evicted): any new value differs from the old
        cache.set(key, _clock_counter(), None)


def bump(**kwargs):
    """A content change: every value keyed on :func:`generation` is stale from now on."""
    advance(GENERATION_KEY)
    store = _memo.get()
    if store is not None:
        store.pop("generation", None)


def digest(*parts):
    """A short stable key (hex) for ``parts`` (strings, or anything ``str()`` of)."""
    return hashlib.sha1("\x1f".join(str(part) for part in parts).encode()).hexdigest()[:20]


def query_text(queryset):
    """The SQL of ``queryset`` for a cache key, ``None`` when it has none (matches nothing)."""
    try:
        return str(queryset.query)
    except EmptyResultSet:
        return None


def cached(name, compute, *, language=None):
    """``compute()`` kept in the shared cache under ``name`` until the generation changes.

    ``language``: part of the key for values that differ by language.
    """
    key = f"ocop:{digest(name)}:{language or ''}:{generation()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, _without_prefetched_renditions(value), GENERATION_TTL)
    return value


def _without_prefetched_renditions(value, depth=0):
    """``value`` with the images' prefetched renditions forgotten (in place); returns it.

    A prefetched list is a snapshot: renditions drawn after it (while the
    page that computed it renders) would be missing from it, and each reader
    would look them up again. Without it Wagtail reads its rendition cache.
    """
    if depth > 4:
        return value
    if isinstance(value, dict):
        items = value.values()
    elif isinstance(value, (list, tuple)):
        items = value
    elif hasattr(value, "_state"):  # a model instance
        value.__dict__.pop("prefetched_renditions", None)
        prefetched = getattr(value, "_prefetched_objects_cache", {})
        items = [item for rows in prefetched.values() for item in rows]
        items += [item for item in value._state.fields_cache.values() if item is not None]
    else:
        return value
    for item in items:
        _without_prefetched_renditions(item, depth + 1)
    return value


# --- view restrictions -----------------------------------------------------


def _restrictions():
    """``{"paths": (Page.path, ...), "aliases": bool}``: restricted pages, whether aliases exist.

    Kept in the shared cache; :func:`forget_restrictions` clears it when a
    restriction or the tree changes.
    """

    def compute():
        value = cache.get(RESTRICTED_KEY)
        if value is None:
            paths = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
            has_aliases = Page.objects.filter(alias_of__isnull=False).exists()
            value = {"paths": paths, "aliases": has_aliases}
            cache.set(RESTRICTED_KEY, value, GENERATION_TTL)
        return value

    return memo("restrictions", compute)


def restricted_paths():
    """Tree paths (``Page.path``) of the pages carrying a view restriction (a tuple)."""
    return _restrictions()["paths"]


def forget_restrictions(**kwargs):
    cache.delete(RESTRICTED_KEY)
    store = _memo.get()
    if store is not None:
        store.pop("restrictions", None)


def _cached_private_q(self):
    # Wagtail's private_q(), from the cached paths instead of a query each time.
    q = Q()
    for path in restricted_paths():
        q |= Q(path__startswith=path)
    return q if q else Q(pk__in=[])


def may_be_restricted(page):
    """Whether ``page`` or an ancestor may carry a view restriction (no query when cached).

    Aliases take their source's restrictions: with any alias in the tree, yes.
    """
    if page.alias_of_id or _restrictions()["aliases"]:
        return True
    return any(page.path.startswith(path) for path in restricted_paths())


# --- routing ---------------------------------------------------------------


def _own_route(specific_class, base_route):
    return getattr(specific_class, "route", base_route) is not base_route


def _takes_over(specific_class, base_route, rest):
    """Whether a page of ``specific_class`` routes ``rest`` (components) itself."""
    if not _own_route(specific_class, base_route):
        return False
    get_resolver = getattr(specific_class, "get_resolver", None)
    if get_resolver is None:  # a custom route(): let it decide
        return True
    try:  # RoutablePageMixin: its sub-URLs come before child pages, as in Wagtail
        get_resolver().resolve("/" + "/".join(rest) + "/")
    except Http404:
        return False
    return True


def route(page, request, path_components, base_route):
    """Route ``path_components`` below ``page`` in two queries.

    ``base_route``: the ``route`` function this shortcut stands for (pages
    whose class has another one, e.g. ``RoutablePageMixin``, route the rest
    themselves). Returns a ``RouteResult``; raises ``Http404``. The pages
    from ``page`` down are remembered for :func:`trail`.
    """
    prefixes = [
        page.url_path + "/".join(path_components[: n + 1]) + "/"
        for n in range(len(path_components))
    ]
    found = {
        p.url_path: p
        for p in Page.objects.filter(
            url_path__in=prefixes, path__startswith=page.path, depth__gt=page.depth
        ).order_by("depth")
    }
    chain = [page]
    for n, prefix in enumerate(prefixes):
        child = found.get(prefix)
        if child is None or child.depth != page.depth + n + 1:
            break
        child._cached_parent_obj = chain[-1]
        chain.append(child)
        rest = path_components[n + 1 :]
        if rest and _takes_over(child.specific_class, base_route, rest):
            break
    last = chain[-1]
    remaining = path_components[len(chain) - 1 :]
    if last is page:
        raise Http404
    specific = _specific(last)
    specific._cached_parent_obj = chain[-2]
    remember(("trail", specific.pk), chain[:-1] + [specific])
    if remaining or _own_route(type(specific), base_route):
        # A sub-URL of a routable page, or a child that was not found (404 there).
        return specific.route(request, remaining)
    if not specific.live:
        raise Http404
    return RouteResult(specific)


def _specific(page):
    """``page.specific``, through its class's ``routing_queryset()`` when it has one.

    A page type names there what its template reads (``select_related``,
    ``prefetch_related``), so that serving it needs no query per field.
    """
    routing_queryset = getattr(page.specific_class, "routing_queryset", None)
    if routing_queryset is None:
        return page.specific
    # Unordered: one row needs no ORDER BY, and ordering a queryset with annotated
    # subqueries (a producer's figures) made Django compare them, ~4 ms a page.
    found = list(routing_queryset().filter(pk=page.pk).order_by()[:1])
    if not found:  # deleted meanwhile
        raise Http404
    return found[0]


def trail(page):
    """The pages from the site root down to ``page`` (routed this request), else ``None``."""
    return recall(("trail", page.pk))


# --- sites ----------------------------------------------------------------

_get_site_for_hostname = wagtail_sites.get_site_for_hostname


def _cached_site_for_hostname(hostname, port):
    """Wagtail's site match, kept in the shared cache with its root page (specific).

    Routing starts from ``site.root_page.localized.specific``: with the specific
    root page in place that costs no query. Raises ``Site.DoesNotExist`` as
    Wagtail's does (not cached).
    """

    def compute():
        site = _get_site_for_hostname(hostname, port)
        site.root_page = site.root_page.specific
        return site

    return memo(("site", hostname, port), lambda: cached(f"site:{hostname}:{port}", compute))


_site_root_paths = wagtail_sites.Site.get_site_root_paths


def _memo_site_root_paths():
    """Wagtail's site root paths, once per request: ``page.url`` without a request reads
    them from the cache every time (a Redis round trip, six a search results page)."""
    return memo("site-root-paths", _site_root_paths)


def install():
    """Patch Wagtail's site match and root paths, locale lookup and ``private_q()``
    (``CoreConfig.ready``)."""
    wagtail_sites.get_site_for_hostname = _cached_site_for_hostname
    wagtail_sites.Site.get_site_root_paths = staticmethod(_memo_site_root_paths)
    LocaleManager.get_for_language = _memo_get_for_language
    PageQuerySet.private_q = _cached_private_q
