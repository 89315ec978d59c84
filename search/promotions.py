"""Editor's picks, query logging and popular searches (``wagtail.contrib.search_promotions``).

Logging a search writes nothing to the database during the request: it is
counted in the cache and flushed to Wagtail's statistics by a task (issue 12:
on SQLite every search GET used to take the write lock).

A query counts once per visitor (client address, hashed) and day, so the report's hits
are visitor-days and one client repeating a query — or probing the site — cannot put it on
every visitor's list of popular searches, which also needs ``POPULAR_MIN_VISITORS``.

Queries are logged FOLDED ("Nước mắm" and "nuoc mam" count as one query,
"nuoc mam"), so Wagtail's "Search terms" report (admin → Reports) adds up
every spelling of a search. Editor's picks are matched the same way: a
promotion made for "nước mắm" shows for "NUOC MAM" too.
"""

import datetime
import hashlib
import time
from collections import Counter

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion

from core.search import query_terms

POPULAR_DAYS = 30
POPULAR_LIMIT = 8
POPULAR_CACHE_SECONDS = 600
#: Visitor-days a query needs in the last 30 days before it is suggested to others.
POPULAR_MIN_VISITORS = 3
DAY_SECONDS = 86400


STATS_BUCKET_SECONDS = 60
STATS_KEEP_SECONDS = 2 * 86400
STATS_MAX_BUCKETS = 24 * 60  # a flusher away for longer drops the oldest minutes


def _bucket(now=None):
    return int((now or time.time()) // STATS_BUCKET_SECONDS)


def log_query(terms, client="", now=None):
    """Count one search for the folded ``terms``, in the cache (no database write in the GET).

    ``client`` is the visitor's address (:func:`core.ratelimit.client_address`): a
    query counts once per client and day (UTC), remembered under a hash of both for a
    day. Each counted search is one entry of the current minute's bucket (cache
    operations atomic on Redis); :func:`flush_query_log` (a task, run by
    ``manage.py periodic``) adds the finished minutes to Wagtail's query
    statistics (today's hits of each query).
    """
    if not terms:
        return
    moment = now or time.time()
    day = int(moment // DAY_SECONDS)
    digest = hashlib.sha256(f"{client}|{' '.join(terms)}".encode()).hexdigest()[:32]
    if not cache.add(f"search:seen:{day}:{digest}", 1, DAY_SECONDS + 3600):
        return  # this visitor asked it today already
    bucket = _bucket(moment)
    cache.add(f"search:stats:n:{bucket}", 0, STATS_KEEP_SECONDS)
    try:
        index = cache.incr(f"search:stats:n:{bucket}")
    except ValueError:  # expired between add() and incr()
        return
    cache.set(f"search:stats:q:{bucket}:{index}", " ".join(terms), STATS_KEEP_SECONDS)


def flush_query_log(now=None):
    """Write the finished minutes' searches to Wagtail's ``Query`` hits; returns the count.

    Safe to run in several processes: a bucket is taken by whoever ``add``s
    its "taken" key first. The current minute is left for the next run.
    Shape of the cache: ``search:stats:n:<minute>`` (count) and
    ``search:stats:q:<minute>:<i>`` (the folded query).
    """
    current = _bucket(now)
    last = cache.get("search:stats:flushed")
    first = max(current - STATS_MAX_BUCKETS, -1 if last is None else last + 1)
    counted = 0
    for bucket in range(first, current):
        size = cache.get(f"search:stats:n:{bucket}")
        if not size or not cache.add(f"search:stats:taken:{bucket}", 1, STATS_KEEP_SECONDS):
            continue
        keys = [f"search:stats:q:{bucket}:{i}" for i in range(1, size + 1)]
        hits = Counter(cache.get_many(keys).values())
        day = datetime.datetime.fromtimestamp(bucket * STATS_BUCKET_SECONDS, datetime.UTC).date()
        with transaction.atomic():
            for query_string, count in hits.items():
                daily, _created = QueryDailyHits.objects.get_or_create(
                    query=Query.get(query_string), date=day
                )
                QueryDailyHits.objects.filter(pk=daily.pk).update(hits=F("hits") + count)
        cache.delete_many(keys)
        counted += sum(hits.values())
    cache.set("search:stats:flushed", current - 1, STATS_KEEP_SECONDS)
    return counted


@task()
def flush_query_log_task():
    """:func:`flush_query_log` as a django-tasks task (enqueued by ``manage.py periodic``)."""
    return flush_query_log()


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
    """Up to ``limit`` popular searches of the last 30 days that still find something,
    each asked by at least ``POPULAR_MIN_VISITORS`` visitor-days.

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
    popular = Query.get_most_popular(date_since=since).filter(_hits__gte=POPULAR_MIN_VISITORS)
    for query in popular[: limit * 3]:
        terms = query_terms(query.query_string)
        if terms and " ".join(terms) not in suggestions and has_results(terms):
            suggestions.append(" ".join(terms))
        if len(suggestions) >= limit:
            break
    cache.set(key, suggestions, POPULAR_CACHE_SECONDS)
    return suggestions
