"""The site search: one ranked search over every page type that folds Vietnamese.

Flow of a request (:func:`run_search`):

1. :func:`parse_params` reads ``q``, ``type``, ``stars``, ``group``,
   ``locality`` and ``page``; the query is folded to words by
   :func:`core.search.query_terms`; unknown facet values are ignored and
   reported.
2. :func:`ranked_ids` asks the configured Wagtail search backend (database
   or Elasticsearch) for the ids of matching pages, best first, among
   :func:`searchable_pages` (live, public, this site, active language, types
   using :class:`core.search.FoldedSearchMixin`). If no page has all the
   words, the last word is tried as a prefix (autocomplete).
3. :func:`load_hits` re-checks visibility in the database (live, public, not
   expired: the index may lag, the database does not) and reads what the
   facets need; facets are counted in Python over at most :data:`MAX_HITS`
   hits, each facet under the other facets' filters.
4. The requested page of ids is loaded (products through
   ``ProductPage.objects.for_cards()``, with stars and
   certification status) and snippets are highlighted server-side.

Everything a request may see is worked out once (:class:`Scope`).
"""

import re
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from wagtail.models import Locale, Page, Site
from wagtail.search.backends import get_search_backend
from wagtail.search.query import PlainText

from core.listing import paginate
from core.search import query_terms, searchable_page_models
from products_catalog import rules
from products_catalog.filters import locality_family_ids
from products_catalog.models import ProducerPage, ProductPage
from search.highlight import highlight, snippet
from search.ranking import is_sqlite, sqlite_ranked_ids
from taxonomy.models import Locality, ProductGroup

#: Hits ranked and faceted per query; more are not shown (refine the query).
MAX_HITS = 1000
RESULTS_PER_PAGE = 10
STAR_VALUES = rules.OCOP_STARS
FACET_NAMES = ("type", "stars", "group", "locality")
_CHUNK = 1000
# Slugs are checked before they reach the database (PostgreSQL rejects NUL in text).
_SLUG_RE = re.compile(r"[-a-zA-Z0-9_]{1,80}")
_STAR_STRINGS = {str(n) for n in STAR_VALUES}


@dataclass
class SearchParams:
    """A validated search request. ``terms`` are folded words; facet values are valid."""

    raw_query: str = ""
    terms: list = field(default_factory=list)
    types: list = field(default_factory=list)
    stars: list = field(default_factory=list)
    group: str = ""
    locality: str = ""
    page: str = "1"
    ignored: dict = field(default_factory=dict)

    @property
    def has_facets(self):
        return bool(self.types or self.stars or self.group or self.locality)


def type_registry():
    """``{key: model}`` of searchable page types, in facet order ("product" → ProductPage)."""
    return {model.search_type_key(): model for model in searchable_page_models()}


def parse_params(data):
    """Read a ``QueryDict`` into :class:`SearchParams`, never raising.

    Unknown ``type``/``stars``/``group``/``locality`` values are dropped and
    listed in ``ignored`` (``{param: message}``) for the template.
    """
    raw = str(data.get("q", "") or "")
    params = SearchParams(raw_query=raw[:200], terms=query_terms(raw), page=data.get("page", "1"))
    registry = type_registry()
    for value in data.getlist("type"):
        if value in registry and value not in params.types:
            params.types.append(value)
        elif value not in registry:
            params.ignored["type"] = _("Unknown content type ignored.")
    for value in data.getlist("stars"):
        # An explicit set: str.isdigit() accepts "²", which int() refuses.
        if value.strip() in _STAR_STRINGS:
            if int(value) not in params.stars:
                params.stars.append(int(value))
        else:
            params.ignored["stars"] = _("Star levels are 3 to 5.")
    group = str(data.get("group", "") or "").strip()
    if group:
        if (
            _SLUG_RE.fullmatch(group)
            and ProductGroup.objects.filter(slug=group, parent__isnull=True).exists()
        ):
            params.group = group
        else:
            params.ignored["group"] = _("Unknown product group ignored.")
    locality = str(data.get("locality", "") or "").strip()
    if locality:
        if _SLUG_RE.fullmatch(locality) and Locality.objects.filter(slug=locality).exists():
            params.locality = locality
        else:
            params.ignored["locality"] = _("Unknown locality ignored.")
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

    @classmethod
    def for_request(cls, request):
        root = search_root(request)
        locale_id = root.locale_id if root is not None else Locale.get_active().pk
        models_by_ct = {
            ct.pk: model
            for model, ct in ContentType.objects.get_for_models(*searchable_page_models()).items()
        }
        return cls(
            root=root,
            locale_id=locale_id,
            private_q=Page.objects.all().private_q(),
            models_by_ct=models_by_ct,
            now=timezone.now(),
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

    def searchable_pages(self):
        """:meth:`visible_pages` restricted to the types that fold Vietnamese."""
        return self.visible_pages().filter(content_type_id__in=list(self.models_by_ct))


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
    """What facets need to know about one result."""

    pk: int
    type_key: str
    stars: int | None = None
    group: str | None = None
    locality_id: int | None = None


def _has_locality(model):
    try:
        related = model._meta.get_field("locality").related_model
    except Exception:  # noqa: BLE001 - FieldDoesNotExist or a non-relation field
        return False
    return related is Locality


def load_hits(ids, scope):
    """Facet facts for ``ids`` (kept in order), dropping pages no longer visible.

    Visibility is checked again in the database (live, public, not expired
    at ``scope.now``): an index may lag behind. Shape: list of :class:`Hit`.
    One query per chunk of 1,000 ids reads types, visibility and, through
    the page-type tables, the products' stars (ruling decision), group and
    locality and the producers' locality; one more per other page type
    with a ``locality``.
    """
    today = timezone.localdate()
    rows_by_pk = {}
    for chunk in _chunks(ids):
        rows = (
            Page.objects.live()
            .exclude(scope.private_q)
            .filter(pk__in=chunk, content_type_id__in=list(scope.models_by_ct))
            .exclude(expire_at__lte=scope.now)
            .values_list(
                "pk",
                "content_type_id",
                "productpage__certification__stars",
                "productpage__certification__revoked_on",
                "productpage__group__slug",
                "productpage__locality_id",
                "producerpage__locality_id",
            )
        )
        rows_by_pk.update({row[0]: row for row in rows})
    hits = {}
    others = {}
    for row in rows_by_pk.values():
        pk, ct_id, cur_stars, revoked_on, group, product_locality, producer_locality = row
        model = scope.models_by_ct[ct_id]
        hit = Hit(pk=pk, type_key=model.search_type_key())
        if model is ProductPage:
            # Search lists what the catalogue lists: no 1–2★ rating, no revoked certificate.
            if not rules.is_ocop(cur_stars) or (revoked_on and revoked_on <= today):
                continue
            hit.stars, hit.group, hit.locality_id = cur_stars, group, product_locality
        elif model is ProducerPage:
            hit.locality_id = producer_locality
        elif _has_locality(model):
            others.setdefault(model, []).append(pk)
        hits[pk] = hit
    for model, pks in others.items():
        for chunk in _chunks(pks):
            for pk, locality_id in model.objects.filter(pk__in=chunk).values_list(
                "pk", "locality_id"
            ):
                hits[pk].locality_id = locality_id
    return [hits[pk] for pk in ids if pk in hits]


def _hit_tests(params, locality_ids):
    """Per facet, a test a :class:`Hit` must pass (``None`` when the facet is not used)."""
    return {
        "type": (lambda hit: hit.type_key in params.types) if params.types else None,
        "stars": (lambda hit: hit.stars in params.stars) if params.stars else None,
        "group": (lambda hit: hit.group == params.group) if params.group else None,
        "locality": (lambda hit: hit.locality_id in locality_ids) if params.locality else None,
    }


def filter_hits(hits, params, locality_ids=frozenset(), *, except_facet=None):
    """Hits passing every selected facet (but ``except_facet``), order kept."""
    active = [
        test
        for name, test in _hit_tests(params, locality_ids).items()
        if test is not None and name != except_facet
    ]
    if not active:
        return list(hits)
    return [hit for hit in hits if all(test(hit) for test in active)]


_FACET_VALUES = {
    "type": lambda hit: hit.type_key,
    "stars": lambda hit: hit.stars,
    "group": lambda hit: hit.group,
    "locality": lambda hit: hit.locality_id,
}


def facet_counts(hits, params, locality_ids=frozenset()):
    """``{facet: {value: count}}``, each facet counted under the other facets' filters.

    One pass: a hit counts for a facet when it passes every *other* selected facet.
    """
    tests = {name: test for name, test in _hit_tests(params, locality_ids).items() if test}
    counts = {name: {} for name in FACET_NAMES}
    for hit in hits:
        failed = [name for name, test in tests.items() if not test(hit)]
        if len(failed) > 1:
            continue
        for name in FACET_NAMES:
            if failed and failed[0] != name:
                continue
            value = _FACET_VALUES[name](hit)
            if value is not None:
                counts[name][value] = counts[name].get(value, 0) + 1
    return counts


def _group_label(group, names):
    """ "Thực phẩm", or "Thực phẩm (2023)" when groups of two criteria versions share the name."""
    if names.count(group.name) > 1:
        return f"{group.name} ({group.criteria_version.rsplit('-', 1)[-1]})"
    return str(group.name)


def build_facets(counts, params):
    """Template rows for the facet form.

    Shape: ``[{"name", "label", "multiple", "options": [{"value", "label",
    "count", "checked"}]}]``. Options with no hit are left out unless selected.
    """
    registry = type_registry()
    type_options = [
        (key, model.get_search_type_label(), counts["type"].get(key, 0), key in params.types)
        for key, model in registry.items()
    ]
    star_options = [
        (str(n), f"{n}★", counts["stars"].get(n, 0), n in params.stars) for n in STAR_VALUES
    ]
    group_slugs = set(counts["group"]) | ({params.group} if params.group else set())
    groups = list(ProductGroup.objects.filter(slug__in=group_slugs, parent__isnull=True))
    names = [g.name for g in groups]
    group_options = sorted(
        (
            (g.slug, _group_label(g, names), counts["group"].get(g.slug, 0), g.slug == params.group)
            for g in groups
        ),
        key=lambda option: (-option[2], option[1]),
    )
    localities = Locality.objects.filter(pk__in=set(counts["locality"]))
    if params.locality:
        localities = localities | Locality.objects.filter(slug=params.locality)
    locality_options = sorted(
        (
            (
                loc.slug,
                loc.name,
                counts["locality"].get(loc.pk, 0),
                loc.slug == params.locality,
            )
            for loc in localities.distinct()
        ),
        key=lambda option: (-option[2], option[1]),
    )

    def rows(options):
        return [
            {"value": value, "label": label, "count": count, "checked": checked}
            for value, label, count, checked in options
            if count or checked
        ]

    return [
        {
            "name": "type",
            "label": pgettext("search facet", "Type"),
            "multiple": True,
            "options": rows(type_options),
        },
        {"name": "stars", "label": _("Stars"), "multiple": True, "options": rows(star_options)},
        {
            "name": "group",
            "label": _("Product group"),
            "multiple": False,
            "options": rows(group_options),
        },
        {
            "name": "locality",
            "label": _("Locality"),
            "multiple": False,
            "options": rows(locality_options),
        },
    ]


@dataclass
class Result:
    """One result row for the template."""

    page: Page
    type_key: str
    type_label: str
    title_html: str
    snippet_html: str
    is_product: bool = False


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
        products = ProductPage.objects.for_cards().filter(pk__in=product_ids)
        pages.update({page.pk: page for page in products})
    if other_ids:
        pages.update({page.pk: page for page in Page.objects.filter(pk__in=other_ids).specific()})
    results = []
    for hit in hits:
        page = pages.get(hit.pk)
        if page is None:
            continue
        results.append(
            Result(
                page=page,
                type_key=hit.type_key,
                type_label=labels[hit.type_key],
                title_html=highlight(page.title, terms, prefix_last=prefix),
                snippet_html=snippet(page.search_snippet_text(), terms, prefix_last=prefix),
                is_product=hit.type_key == product_key,
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
    locality_ids = set()
    for locality in Locality.objects.filter(slug=params.locality) if params.locality else ():
        locality_ids |= locality_family_ids(locality)
    outcome.facets = build_facets(facet_counts(hits, params, locality_ids), params)
    if picks_for is not None and not params.has_facets:
        outcome.picks = picks_for(params.terms)
    picked = {pick.page_id for pick in outcome.picks if pick.page_id}
    shown = [hit for hit in filter_hits(hits, params, locality_ids) if hit.pk not in picked]
    outcome.hit_count = len(shown) + len(outcome.picks)
    _paginator, outcome.page_obj = paginate(shown, RESULTS_PER_PAGE, params.page)
    outcome.results = load_results(
        list(outcome.page_obj.object_list), params.terms, prefix=outcome.prefix_mode
    )
    return outcome
