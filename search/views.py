"""``/search/`` (results page) and ``/search/suggest/`` (JSON suggestions as you type)."""

from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.views.decorators.http import require_safe
from wagtail.models import Page

from core.ratelimit import client_address
from core.search import query_terms
from products_catalog.filters import legacy_group_redirect
from products_catalog.models import ProductIndexPage
from search import engine, promotions
from search.highlight import highlight

SUGGEST_LIMIT = 8
SUGGEST_MIN_CHARS = 2


@require_safe
def search_view(request):
    """The site search page. Always 200: any ``q`` is folded to plain words first.

    Query string: ``q``; facets ``type`` (repeatable: product, producer...),
    ``stars`` (repeatable, 1–5), ``group`` (slug), ``locality`` (slug);
    ``page``. The first page of an unfiltered search is logged for the
    popular-searches report.
    """
    # A criteria version's group moved to its family, as in the catalogue (one rule).
    target = legacy_group_redirect(request)
    if target:
        return HttpResponsePermanentRedirect(target)
    params = engine.parse_params(request.GET)
    scope = engine.Scope.for_request(request)
    outcome = engine.cached_search(
        scope,
        params,
        picks_for=lambda terms: promotions.editors_picks(terms, scope.visible_pages()),
    )
    # A new search, not a click on page 2 or on a facet.
    if params.terms and not params.has_facets and str(params.page).strip() in ("", "1"):
        promotions.log_query(params.terms, client=client_address(request))
    popular, catalogue = [], None
    if not outcome.hit_count:
        searchable = scope.searchable_pages()
        popular = promotions.popular_queries(
            lambda terms: bool(engine.ranked_ids(terms, searchable, limit=1)),
            cache_key=f"{scope.root.pk if scope.root else 'all'}-{scope.locale_id}",
        )
        catalogue = (
            ProductIndexPage.objects.live()
            .exclude(scope.private_q)
            .filter(path__startswith=scope.root.path if scope.root else "")
            .first()
        )
    context = {
        "params": params,
        "search_query": params.raw_query,
        "outcome": outcome,
        "results": outcome.results,
        "page_obj": outcome.page_obj,
        "facets": outcome.facets,
        "picks": outcome.picks,
        "popular_queries": [q for q in popular if q != " ".join(params.terms)],
        "catalogue": catalogue,
        "base_query": urlencode({"q": params.raw_query}),
        "max_hits": engine.MAX_HITS,
    }
    return TemplateResponse(request, "search/search.html", context)


@require_safe
def suggest_view(request):
    """JSON for the header box: titles starting with what was typed ("mat o" → "Mật ong…").

    Response: ``{"query": str, "suggestions": [{"title", "title_html", "url",
    "type"}], "search_url": str}``; at most 8 suggestions, none for fewer than
    2 letters. Same visibility rules as the results page. Not logged.
    """
    raw = str(request.GET.get("q", "") or "")[:200]
    terms = query_terms(raw)
    suggestions = []
    if sum(len(term) for term in terms) >= SUGGEST_MIN_CHARS:
        scope = engine.Scope.for_request(request)
        queryset = scope.searchable_pages()
        ids = engine.ranked_ids(terms, queryset, prefix=True, limit=SUGGEST_LIMIT * 2)
        hits = engine.load_hits(ids, scope)[:SUGGEST_LIMIT]
        registry = engine.type_registry()
        titles = {page.pk: page for page in Page.objects.filter(pk__in=[h.pk for h in hits])}
        for hit in hits:
            page = titles.get(hit.pk)
            if page is None:
                continue
            suggestions.append(
                {
                    "title": page.title,
                    "title_html": str(highlight(page.title, terms, prefix_last=True)),
                    "url": page.get_url(request),
                    "type": capfirst(str(registry[hit.type_key].get_search_type_label())),
                }
            )
    search_url = reverse("search") + "?" + urlencode({"q": raw})
    response = JsonResponse({"query": raw, "suggestions": suggestions, "search_url": search_url})
    response["Cache-Control"] = "private, max-age=60"
    return response
