"""The site search: one ranked search over every page type that folds Vietnamese.

Flow of a request (:func:`run_search`):

1. :func:`parse_params` reads ``q``, ``type`` and ``page``; every other
   filter is the catalogue's own (:class:`products_catalog.filters.ProductFilter`:
   ``stars``, ``group``, ``locality``, ``producer_type``, ``year``, ``status``,
   ``tag``…), so a new catalogue filter appears here without more code. The
   query is folded to words by :func:`core.search.query_terms`; unknown
   values are ignored and reported.
2. :func:`ranked_ids` asks the configured Wagtail search backend (database
   or Elasticsearch) for the ids of matching pages, best first, among
   :func:`searchable_pages` (live, public, this site, active language, types
   using :class:`core.search.FoldedSearchMixin`). If no page has all the
   words, the last word is tried as a prefix (autocomplete).
3. :func:`load_hits` re-checks visibility in the database (live, public, not
   expired: the index may lag, the database does not); products must be
   listed as the catalogue lists them (``ProductPage.objects.for_cards()``).
4. :func:`filter_hits` applies the catalogue's filterset to the product hits
   (in SQL) — its facet counts are the catalogue's — and keeps other page
   types only while no product-only filter is chosen (a locality also
   applies to producers and events).
5. The requested page of ids is loaded and snippets are highlighted
   server-side.

Everything a request may see is worked out once (:class:`Scope`).
"""

from collections import Counter
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page, Site
from wagtail.search.backends import get_search_backend
from wagtail.search.query import PlainText

from core import fastpath
from core.listing import paginate
from core.search import query_terms, searchable_page_models
from products_catalog import rules
from products_catalog.filters import ProductFilter, locality_family_ids
from products_catalog.models import ProducerPage, ProductPage
from search.highlight import highlight, snippet
from search.ranking import is_sqlite, sqlite_ranked_ids
from taxonomy.models import Locality

#: Hits ranked and faceted per query; more are not shown (refine the query).
MAX_HITS = 1000
RESULTS_PER_PAGE = 10
_CHUNK = 1000
#: Catalogue filters that also apply to other page types with a ``locality``.
SHARED_FILTERS = ("locality",)
#: Query-string names that are not product filters.
OWN_PARAMS = ("q", "type", "page", "sort")


@dataclass
class SearchParams:
    """A validated search request. ``terms`` are folded words; ``types`` valid type keys;
    ``filters`` the catalogue filters of the query string (a ``QueryDict``)."""

    raw_query: str = ""
    terms: list = field(default_factory=list)
    types: list = field(default_factory=list)
    filters: QueryDict = field(default_factory=lambda: QueryDict(mutable=True))
    page: str = "1"
    ignored: list = field(default_factory=list)

    @property
    def product_filters(self):
        """Names of the catalogue filters given (valid or not)."""
        return [name for name in self.filters if self.filters.getlist(name) != [""]]

    @property
    def has_facets(self):
        return bool(self.types or self.product_filters)


def type_registry():
    """``{key: model}`` of searchable page types, in facet order ("product" → ProductPage)."""
    return {model.search_type_key(): model for model in searchable_page_models()}


def parse_params(data):
    """Read a ``QueryDict`` into :class:`SearchParams`, never raising.

    An unknown ``type`` is dropped and reported; catalogue filters are kept
    as given and checked by :class:`ProductFilter` (see :func:`run_search`).
    """
    raw = str(data.get("q", "") or "")
    # English queries are stemmed as English text is indexed (core.search); Vietnamese folded.
    terms = query_terms(raw, language=get_language() or "")
    params = SearchParams(raw_query=raw[:200], terms=terms, page=data.get("page", "1"))
    registry = type_registry()
    for value in data.getlist("type"):
        if value in registry and value not in params.types:
            params.types.append(value)
        elif value not in registry:
            params.ignored = [
                {
                    "name": "type",
                    "label": pgettext("search facet", "Type"),
                    "message": _("Unknown content type ignored."),
                }
            ]
    for name in ProductFilter.base_filters:
        if name not in OWN_PARAMS and name in data:
            params.filters.setlist(name, data.getlist(name))
    return params


def search_root(request):
    """The root page searched: the site's home in the active language, else the site's home.

    ``None`` when no site matches the request (then the whole tree of the
    active language is searched).
    """
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return None
    return site.root_page.localized


@dataclass
class Scope:
    """What one request may see, worked out once: site root, language, private sections.

    ``private_q`` excludes pages under a view restriction (as
    ``PageQuerySet.public()``, without re-reading the restrictions for every
    queryset); ``models_by_ct`` maps content type ids to the searchable page
    models; ``now`` is the instant expiry is judged at.
    """

    root: Page | None
    locale_id: int
    private_q: Q
    models_by_ct: dict
    now: object
    #: The source language's home (Vietnamese) when the active language is another one:
    #: its pages stand in for those not translated (issue 13).
    fallback_root: Page | None = None

    @classmethod
    def for_request(cls, request):
        root = search_root(request)
        locale_id = root.locale_id if root is not None else Locale.get_active().pk
        models_by_ct = {
            ct.pk: model
            for model, ct in ContentType.objects.get_for_models(*searchable_page_models()).items()
        }
        site = Site.find_for_request(request) if request is not None else None
        fallback = site.root_page if site is not None else None
        return cls(
            root=root,
            locale_id=locale_id,
            private_q=Page.objects.all().private_q(),
            models_by_ct=models_by_ct,
            now=timezone.now(),
            fallback_root=fallback if fallback is not None and fallback.pk != root.pk else None,
        )

    def visible_pages(self):
        """Live, public pages of this site in the active language (any type).

        Expiry is not in this queryset (search backends cannot filter on
        it): :func:`load_hits` checks it in the database.
        """
        pages = Page.objects.live().exclude(self.private_q).filter(locale_id=self.locale_id)
        if self.root is not None:
            pages = pages.descendant_of(self.root, inclusive=True)
        return pages

    def searched_pages(self):
        """What a query looks in: :meth:`visible_pages`, and in another language than the
        source also the source language's pages (each stands in for its translation
        until there is one; :func:`prefer_translations` swaps them)."""
        pages = Page.objects.live().exclude(self.private_q)
        if self.fallback_root is None:
            return self.visible_pages()
        own = Q(locale_id=self.locale_id, path__startswith=self.root.path)
        source = Q(locale_id=self.fallback_root.locale_id, path__startswith=self.fallback_root.path)
        return pages.filter(own | source)

    def searchable_pages(self):
        """:meth:`searched_pages` restricted to the types that fold Vietnamese."""
        return self.searched_pages().filter(content_type_id__in=list(self.models_by_ct))


def visible_pages(request):
    """Shortcut: ``Scope.for_request(request).visible_pages()``."""
    return Scope.for_request(request).visible_pages()


def searchable_pages(request):
    """Shortcut: ``Scope.for_request(request).searchable_pages()``."""
    return Scope.for_request(request).searchable_pages()


def ranked_ids(terms, queryset, *, prefix=False, limit=MAX_HITS, backend=None):
    """Ids of pages of ``queryset`` containing every term, best first (at most ``limit``).

    ``terms`` are folded words; with ``prefix`` the last one may be the start
    of a word (autocomplete fields: titles). ``backend`` defaults to the
    configured one. Database backends return the ids without loading pages;
    on SQLite the ranking is done by :func:`search.ranking.sqlite_ranked_ids`.
    """
    if not terms:
        return []
    backend = backend or get_search_backend()
    query = PlainText(" ".join(terms), operator="and")
    if is_sqlite(backend):
        return sqlite_ranked_ids(backend, query, queryset, prefix=prefix, limit=limit)
    method = backend.autocomplete if prefix else backend.search
    results = method(query, queryset, order_by_relevance=True)[:limit]
    if hasattr(results, "get_queryset"):
        return list(results.get_queryset().values_list("pk", flat=True))
    return [page.pk for page in results]


def _chunks(ids):
    ids = list(ids)
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


@dataclass
class Hit:
    """What filtering needs to know about one result."""

    pk: int
    type_key: str
    locality_id: int | None = None
    #: A product's certification year (its summary's decision year), else None.
    year: int | None = None


def _has_locality(model):
    try:
        related = model._meta.get_field("locality").related_model
    except Exception:  # noqa: BLE001 - FieldDoesNotExist or a non-relation field
        return False
    return related is Locality


def load_hits(ids, scope):
    """Hits for ``ids`` (kept in order), dropping pages no longer visible or not listed.

    Visibility is checked again in the database (live, public, not expired
    at ``scope.now``): an index may lag. A product must be listed as the
    catalogue lists it (OCOP, not revoked). Shape: list of :class:`Hit`.
    One query per chunk of 1,000 ids, one more per other page type with a
    ``locality``.
    """
    today = timezone.localdate()
    rows_by_pk, keys = {}, {}
    for chunk in _chunks(ids):
        rows = (
            Page.objects.live()
            .exclude(scope.private_q)
            .filter(pk__in_ids=chunk, content_type_id__in=list(scope.models_by_ct))
            .exclude(expire_at__lte=scope.now)
            .order_by()  # kept in rank order below: no sort in the database
            .values_list(
                "pk",
                "content_type_id",
                "productpage__certification__stars",
                "productpage__certification__revoked_on",
                "producerpage__locality_id",
                "translation_key",
                "locale_id",
                "productpage__certification__decision_year",
            )
        )
        rows_by_pk.update({row[0]: (*row[:5], row[7]) for row in rows})
        keys.update({row[0]: (row[5], row[6]) for row in rows})
    ids = prefer_translations(ids, keys, scope)
    if any(pk not in rows_by_pk for pk in ids):
        # Translations stood in for source pages: read their rows (once: they are
        # in the active language, so nothing is swapped again).
        return load_hits(ids, scope)
    hits, others = {}, {}
    for pk, ct_id, stars, revoked_on, producer_locality, year in rows_by_pk.values():
        model = scope.models_by_ct[ct_id]
        if model is ProductPage and not rules.is_listed(stars, revoked_on, today):
            continue  # search lists what the catalogue lists
        hit = Hit(pk=pk, type_key=model.search_type_key())
        if model is ProductPage:
            hit.year = year
        if model is ProducerPage:
            hit.locality_id = producer_locality
        elif model is not ProductPage and _has_locality(model):
            others.setdefault(model, []).append(pk)
        hits[pk] = hit
    for model, pks in others.items():
        for chunk in _chunks(pks):
            for pk, locality_id in model.objects.filter(pk__in_ids=chunk).values_list(
                "pk", "locality_id"
            ):
                hits[pk].locality_id = locality_id
    return [hits[pk] for pk in ids if pk in hits]


def prefer_translations(ids, keys, scope):
    """``ids`` with each source-language page replaced by its live translation in the
    active language, when there is one, and every page once (first rank kept).

    ``keys``: ``{pk: (translation_key, locale_id)}``. So an English search shows the
    English page, or else the Vietnamese one — never both. One query.
    """
    if scope.fallback_root is None:
        return [pk for pk in ids if pk in keys]
    foreign = {key for key, locale_id in keys.values() if locale_id != scope.locale_id}
    translated = dict(
        Page.objects.live()
        .exclude(scope.private_q)
        .filter(translation_key__in=foreign, locale_id=scope.locale_id)
        .values_list("translation_key", "pk")
    )
    result, seen = [], set()
    for pk in ids:
        if pk not in keys:
            continue
        key, locale_id = keys[pk]
        chosen = translated.get(key, pk) if locale_id != scope.locale_id else pk
        if chosen not in seen:
            seen.add(chosen)
            result.append(chosen)
    return result


def product_filterset(hits, params):
    """The catalogue's :class:`ProductFilter` over the product hits (ranked order lost).

    ``hits_key`` (set on it) names the set of product hits for the shared cache: a
    digest of their ids, not the SQL, whose text grows with the hits (compiling it for
    a key cost up to 200 ms for a broad query at 20,000 products, issue 14). ``None``
    without product hits.
    """
    product_key = ProductPage.search_type_key()
    products = [hit for hit in hits if hit.type_key == product_key]
    ids = sorted(hit.pk for hit in products)
    queryset = ProductPage.objects.for_cards().filter(pk__in_ids=ids)
    hits_key = fastpath.digest(*ids) if ids else None
    # The hits' years: load_hits read them, so ProductFilter's rule without its query.
    years = ProductFilter.years_of(hit.year for hit in products)
    filterset = ProductFilter(params.filters, queryset=queryset, year_choices=years)
    filterset.extra_locality_counts = other_locality_counts(hits, params, filterset)
    if hits_key is not None:
        hits_key = fastpath.digest(hits_key, sorted(filterset.extra_locality_counts.items()))
    filterset.hits_key = hits_key
    # At most MAX_HITS rows: one query with the tags too, not a second naming every hit.
    filterset.multi_valued_apart = False
    return filterset


def _applied_filters(params, filterset):
    """``(valid, product_only)``: the catalogue filters given and not ignored, and those of
    them that only products have (other page types fail them)."""
    valid = [name for name in params.product_filters if name not in filterset.invalid_params]
    return valid, [name for name in valid if name not in SHARED_FILTERS]


def other_locality_counts(hits, params, filterset):
    """``{locality id: hits}`` of the hits other than products that the locality filter
    lets through (producers, events… with a ``locality``: :func:`filter_hits`), for the
    locality facet, counted under the other filters as products are: none while a
    product-only filter is chosen, and only the chosen types'."""
    product_key = ProductPage.search_type_key()
    if _applied_filters(params, filterset)[1]:
        return {}
    return dict(
        Counter(
            hit.locality_id
            for hit in hits
            if hit.type_key != product_key
            and hit.locality_id is not None
            and (not params.types or hit.type_key in params.types)
        )
    )


def filter_hits(hits, params, filterset):
    """Hits passing the type and catalogue filters (order kept), and the type facet counts.

    Products pass when the catalogue's filterset keeps them; other page
    types pass while no product-only filter is chosen, a locality applying
    to those that have one (the unit, units under it and those it now holds).
    Shape: ``(hits, {type key: count})``; type counts ignore the type filter.
    """
    product_key = ProductPage.search_type_key()
    valid, product_only = _applied_filters(params, filterset)
    kept_products = set(filterset.qs.order_by().values_list("pk", flat=True)) if valid else None
    family = None
    chosen = filterset.form.cleaned_data.get("locality") if "locality" in valid else None
    if chosen is not None:  # "?locality=" (empty) chooses nothing
        family = locality_family_ids(chosen)

    def passes(hit):
        if hit.type_key == product_key:
            return kept_products is None or hit.pk in kept_products
        if product_only:
            return False
        return family is None or hit.locality_id in family

    matching = [hit for hit in hits if passes(hit)]
    type_counts = {}
    for hit in matching:
        type_counts[hit.type_key] = type_counts.get(hit.type_key, 0) + 1
    if params.types:
        matching = [hit for hit in matching if hit.type_key in params.types]
    return matching, type_counts


def type_facet(type_counts, params):
    """The search's own facet: page types, counted under the other filters."""
    options = [
        {
            "value": key,
            "label": model.get_search_type_label(),
            "count": type_counts.get(key, 0),
            "checked": key in params.types,
        }
        for key, model in type_registry().items()
    ]
    return {
        "name": "type",
        "label": pgettext("search facet", "Type"),
        "multiple": True,
        "options": [o for o in options if o["count"] or o["checked"]],
    }


def cached_facet_rows(filterset):
    """``filterset.facet_rows()`` kept in the shared cache for these hits and filters.

    The GROUP BYs run once per set of hits (``filterset.hits_key``), filter
    selection and language, until content changes (:func:`core.fastpath.cached`).
    """
    hits_key = getattr(filterset, "hits_key", None)
    if hits_key is None:
        return filterset.facet_rows()
    data = filterset.data
    selection = sorted(data.lists()) if hasattr(data, "lists") else sorted(data.items())
    return fastpath.cached(
        f"search-facets:{selection}:{hits_key}",
        filterset.facet_rows,
        language=translation.get_language(),
    )


def build_facets(type_counts, params, filterset):
    """Template rows: the type facet, then the catalogue's facets over the product hits.

    Shape: ``[{"name", "label", "multiple", "options": [{"value", "label",
    "count", "checked"}]}]``; options with no hit are left out unless chosen.
    """
    rows = [type_facet(type_counts, params)]
    if not params.types or ProductPage.search_type_key() in params.types:
        for row in cached_facet_rows(filterset):
            row["options"] = [o for o in row["options"] if o["count"] or o["checked"]]
            rows.append(row)
    return rows


@dataclass
class Result:
    """One result row for the template."""

    page: Page
    type_key: str
    type_label: str
    title_html: str
    snippet_html: str
    is_product: bool = False
    #: The page's language code when it is not the active one ("vi": no translation yet).
    other_language: str = ""


def load_results(hits, terms, *, prefix=False):
    """:class:`Result` rows for ``hits`` (one page of results), in order.

    Products are read with ``ProductPage.objects.for_cards()``
    (``cur_stars``, ``cur_status``) and their producer and locality; other
    types through ``Page.specific()``. Snippets are cut from
    ``search_snippet_text()`` and highlighted here.
    """
    labels = {key: model.get_search_type_label() for key, model in type_registry().items()}
    product_key = ProductPage.search_type_key()
    product_ids = [hit.pk for hit in hits if hit.type_key == product_key]
    other_ids = [hit.pk for hit in hits if hit.type_key != product_key]
    pages = {}
    if product_ids:
        # No ORDER BY (the hits give the order): with one, Django hashes every selected
        # column of the dozen joined tables to match it (8 ms a page of results, issue 14).
        products = ProductPage.objects.for_cards().filter(pk__in=product_ids).order_by()
        pages.update({page.pk: page for page in products})
    if other_ids:
        pages.update({page.pk: page for page in Page.objects.filter(pk__in=other_ids).specific()})
    results = []
    active = Locale.get_active().pk
    locales = {locale.pk: locale.language_code for locale in Locale.objects.all()}
    for hit in hits:
        page = pages.get(hit.pk)
        if page is None or not page.url:
            continue  # never a result without an address
        results.append(
            Result(
                page=page,
                type_key=hit.type_key,
                type_label=labels[hit.type_key],
                title_html=highlight(page.title, terms, prefix_last=prefix),
                snippet_html=snippet(page.search_snippet_text(), terms, prefix_last=prefix),
                is_product=hit.type_key == product_key,
                other_language=locales.get(page.locale_id, "") if page.locale_id != active else "",
            )
        )
    return results


@dataclass
class SearchOutcome:
    """Everything :func:`run_search` found, ready for the template."""

    params: SearchParams
    prefix_mode: bool = False
    hit_count: int = 0
    capped: bool = False
    page_obj: object = None
    results: list = field(default_factory=list)
    facets: list = field(default_factory=list)
    picks: list = field(default_factory=list)


def run_search(scope, params, *, picks_for=None, backend=None):
    """Run ``params`` within ``scope`` (a :class:`Scope`); see the module docstring.

    ``picks_for(terms)`` returns editor's picks (see
    :func:`search.promotions.editors_picks`); their pages are left out of
    the ranked list so nothing shows twice. Never raises for any query text.
    """
    outcome = SearchOutcome(params=params)
    _paginator, outcome.page_obj = paginate([], RESULTS_PER_PAGE, params.page)
    if not params.terms:
        return outcome
    queryset = scope.searchable_pages()
    ids = ranked_ids(params.terms, queryset, backend=backend)
    if not ids:
        ids = ranked_ids(params.terms, queryset, prefix=True, backend=backend)
        outcome.prefix_mode = bool(ids)
    outcome.capped = len(ids) >= MAX_HITS
    hits = load_hits(ids, scope)
    filterset = product_filterset(hits, params)
    params.ignored = params.ignored + filterset.ignored_filters
    matching, type_counts = filter_hits(hits, params, filterset)
    outcome.facets = build_facets(type_counts, params, filterset)
    if picks_for is not None and not params.has_facets:
        outcome.picks = picks_for(params.terms)
    picked = {pick.page_id for pick in outcome.picks if pick.page_id}
    shown = [hit for hit in matching if hit.pk not in picked]
    outcome.hit_count = len(shown) + len(outcome.picks)
    _paginator, outcome.page_obj = paginate(shown, RESULTS_PER_PAGE, params.page)
    outcome.results = load_results(
        list(outcome.page_obj.object_list), params.terms, prefix=outcome.prefix_mode
    )
    return outcome


#: Counter of search-index updates (:func:`index_changed`), part of every cached outcome's key.
INDEX_GENERATION_KEY = "ocop:search-index-generation"


def index_generation():
    """The search index's generation: changes whenever Wagtail's index is updated."""
    return fastpath.memo(
        "search-index-generation", lambda: fastpath.counter_value(INDEX_GENERATION_KEY)
    )


def index_changed():
    """The index was updated: cached search outcomes (:func:`cached_search`) are stale.

    Only search outcomes: pages do not show the index, so their caches stay.
    """
    fastpath.advance(INDEX_GENERATION_KEY)


def cached_search(scope, params, *, picks_for=None):
    """:func:`run_search`, kept in the shared cache until content changes.

    Most of a site's searches repeat (the popular-searches report): a repeated
    query is one cache read instead of the ranking, the facet counts and the
    result rows (50–70 ms of CPU at 20,000 products). The key is what decides
    the outcome: the scope (site root, language, fallback root; private
    sections and expiry change the content generation), the folded terms, the
    types, the filters as given and the page. The outcome is the current
    request's: its ``params`` are the caller's, with the ignored filters found.
    Wagtail updates the index in a task after the change that bumped the content
    generation, so the key also holds :func:`index_generation`.
    """
    if not params.terms:
        return run_search(scope, params, picks_for=picks_for)
    key = fastpath.digest(
        index_generation(),
        scope.root.pk if scope.root else "",
        scope.locale_id,
        scope.fallback_root.pk if scope.fallback_root else "",
        params.terms,
        params.types,
        sorted(params.filters.lists()),
        str(params.page).strip(),
        [str(item.get("message", "")) for item in params.ignored],
    )
    outcome = fastpath.cached(
        f"search:{key}",
        lambda: run_search(scope, params, picks_for=picks_for),
        language=get_language(),
    )
    params.ignored = outcome.params.ignored
    outcome.params = params
    return outcome
