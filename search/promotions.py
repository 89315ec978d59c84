"""Editor's picks, query logging and popular searches (``wagtail.contrib.search_promotions``).

Queries are logged FOLDED ("Nước mắm" and "nuoc mam" count as one query,
"nuoc mam"), so Wagtail's "Search terms" report (admin → Reports) adds up
every spelling of a search. Editor's picks are matched the same way: a
promotion made for "nước mắm" shows for "NUOC MAM" too.
"""

import datetime

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from core.search import query_terms

POPULAR_DAYS = 30
POPULAR_LIMIT = 8
POPULAR_CACHE_SECONDS = 600


def log_query(terms):
    """Count one search for the folded ``terms`` (today's hits of that query).

    One transaction: a single commit (and disk flush) per logged search.
    """
    if terms:
        with transaction.atomic():
            Query.get(" ".join(terms)).add_hit()


def editors_picks(terms, visible_pages):
    """Promotions whose query folds to the same words as ``terms``, in the editors' order.

    ``visible_pages`` is a page queryset (live, public, this site and
    language); picks pointing to other pages, or to expired pages, are
    dropped. Picks with an external link are kept. Shape: list of
    :class:`SearchPromotion` (``page`` loaded as its specific type).
    """
    if not terms:
        return []
    promoted = Query.objects.filter(editors_picks__isnull=False).distinct()
    query_ids = [
        pk for pk, text in promoted.values_list("pk", "query_string") if query_terms(text) == terms
    ]
    if not query_ids:
        return []
    picks = list(
        SearchPromotion.objects.filter(query_id__in=query_ids)
        .select_related("page")
        .order_by("query_id", "sort_order", "pk")
    )
    page_ids = [pick.page_id for pick in picks if pick.page_id]
    pages = {
        page.pk: page
        for page in visible_pages.filter(pk__in=page_ids)
        .exclude(expire_at__lte=timezone.now())
        .specific()
    }
    kept, seen = [], set()
    for pick in picks:
        if pick.page_id:
            if pick.page_id not in pages or pick.page_id in seen:
                continue
            pick.page = pages[pick.page_id]
            seen.add(pick.page_id)
        elif not pick.external_link_url:
            continue
        kept.append(pick)
    return kept


def popular_queries(has_results, *, cache_key="", limit=POPULAR_LIMIT):
    """Up to ``limit`` popular searches of the last 30 days that still find something.

    ``has_results(terms)`` tells whether ``terms`` find a visible page;
    queries that find nothing are not suggested. Cached
    for 10 minutes under ``cache_key`` (site and language). Shape: list of
    query strings (folded, as logged).
    """
    key = f"search:popular:{cache_key}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    since = timezone.localdate() - datetime.timedelta(days=POPULAR_DAYS)
    suggestions = []
    for query in Query.get_most_popular(date_since=since)[: limit * 3]:
        terms = query_terms(query.query_string)
        if terms and " ".join(terms) not in suggestions and has_results(terms):
            suggestions.append(" ".join(terms))
        if len(suggestions) >= limit:
            break
    cache.set(key, suggestions, POPULAR_CACHE_SECONDS)
    return suggestions
