"""Page benchmark (issue 14): CPU ms per request and SQL queries of every public page type.

Run through ``manage.py bench_pages`` against the configured database (the
demo site, the 20,000-product catalogue of ``manage.py generate_catalogue``,
or a copy of a real site). It only sends GET requests, except that it builds
the open-data files first when stale (as the ``refresh_task`` would after a change) so
that the fresh files are what is timed; ``--stale-open-data`` times the
streamed answer instead.

How a request is timed: it goes straight into ``ocop_site.wsgi.application``
(Django's ``WSGIHandler``, the object gunicorn calls; importing it freezes the
start-up heap as in a worker) with a WSGI environ from ``RequestFactory``, the body
consumed and the response closed, with no HTTP server and no test ``Client``
(whose own request/response work would dominate a 1 ms cache hit). Two CPU
figures per request, from ``/proc/<pid>/schedstat``: this process (the
application's work) and this process plus its PostgreSQL backend (the
database's work too; equal to the first on SQLite). Each page is requested
once first to fill the shared caches, as after the first visitor in
production (``--cold`` bumps the content generation before every request
instead, so caches keyed on it are empty: the first visitor's cost).
Figures are medians of ``repeat`` requests; search is a mix of ``queries``
different queries (p50 and p95), each asked once.

Then the home page's requests per second rendered vs from the anonymous page
cache (:mod:`core.pagecache`), in the same process and way. A script
printing figures, not a test: timings depend on the machine.
"""

import math
import statistics
import time

from django.conf import settings
from django.db import connection
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from benchmarks.search import _cpu_ns, _database_pid, load_words, percentile
from core import fastpath
from core.text import fold
from ocop_site.wsgi import application

#: page type → (model name, query string), or a fixed path; callables decide at run time.
TARGETS = {
    "home": ("HomePage", ""),
    "catalogue p1": ("ProductIndexPage", ""),
    "catalogue middle": ("ProductIndexPage", "?page={middle}"),
    "catalogue filtered": ("ProductIndexPage", "?stars=4&group=thuc-pham&status=valid"),
    "catalogue province": ("ProductIndexPage", "?locality={province}"),
    "product": ("ProductPage", ""),
    "producer": ("ProducerPage", ""),
    "producer directory": ("ProducerIndexPage", ""),
    "article": ("NewsPage", ""),
    "event": ("EventPage", ""),
    "statistics": ("StatisticsPage", ""),
    "standard page": ("StandardPage", ""),
    "open data CSV": "/du-lieu-mo/san-pham-ocop.csv",
    "open data JSON": "/du-lieu-mo/san-pham-ocop.json",
    "sitemap index": "/sitemap.xml",
}
SITEMAP_SECTIONS = ("trang", "san-pham", "chu-the", "tin-tuc", "su-kien")
GOALS_MS = {"open data": 100, "sitemap": 100, "search p95": 30}
PAGE_GOAL_MS = 60


class Requester:
    """GETs through Django's WSGI handler; returns ``(status, body bytes, headers)``."""

    def __init__(self, host="localhost"):
        self.handler = application
        self.factory = RequestFactory(HTTP_HOST=host)

    def get(self, url):
        environ = self.factory.get(url).environ
        answer = {}

        def start_response(status, headers, exc_info=None):
            answer["status"], answer["headers"] = int(status.split()[0]), dict(headers)

        result = self.handler(environ, start_response)
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        return answer["status"], body, answer["headers"]


def _middle_product_and_producer():
    """A generated product (middle of the list) whose producer has several products."""
    from products_catalog.models import ProducerPage, ProductPage

    products = ProductPage.objects.for_cards().order_by("path")
    count = products.count()
    for product in products[count // 2 : count // 2 + 200]:
        if (
            product.producer_id
            and ProductPage.objects.filter(producer=product.producer_id).count() > 1
        ):
            return product, ProducerPage.objects.get(pk=product.producer_id)
    product = products[count // 2] if count else None
    producer = ProducerPage.objects.live().order_by("path").first()
    return product, producer


def urls():
    """``{label: path}`` for the targets present on the site."""
    from products_catalog.models import ProductPage

    first = {}
    for page in Page.objects.live().filter(depth__lte=4).specific().order_by("path"):
        first.setdefault(type(page).__name__, page)
    product, producer = _middle_product_and_producer()
    if product:
        first["ProductPage"] = product
    if producer:
        first["ProducerPage"] = producer
    listed = ProductPage.objects.for_cards().count()
    middle = max(1, math.ceil(listed / settings.CATALOGUE_PAGE_SIZE) // 2)
    province = _busiest_province()
    found = {}
    for label, target in TARGETS.items():
        if isinstance(target, str):
            found[label] = target
        elif target[0] in first:
            query = target[1].format(middle=middle, province=province)
            if "{province}" in target[1] and not province:
                continue
            found[label] = first[target[0]].url + query
    for section in SITEMAP_SECTIONS:
        found[f"sitemap {section}"] = f"/sitemap-{section}.xml"
        pages = _sitemap_pages(section)
        if pages > 2:
            found[f"sitemap {section} p{pages // 2 + 1}"] = (
                f"/sitemap-{section}.xml?p={pages // 2 + 1}"
            )
    return found


def _busiest_province():
    """Slug of the province (2024 register) holding most listed products' districts."""
    from django.db.models import Count

    from products_catalog.models import ProductPage

    row = (
        ProductPage.objects.for_cards()
        .exclude(locality__parent=None)
        .filter(locality__parent__level="province")
        .order_by()
        .values("locality__parent__slug")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    return row["locality__parent__slug"] if row else ""


def _sitemap_pages(section):
    from django.test import RequestFactory as Factory

    from home.sitemaps import SECTIONS

    request = Factory(HTTP_HOST="localhost").get("/")
    return SECTIONS[section](request).paginator.num_pages


def search_queries(count=40):
    """``count`` mixed queries: names with and without diacritics, places, prefixes, misses."""
    import random

    words = load_words()
    names = [line.split("|")[0] for line in words["products"]]
    places = words["places"]
    rng = random.Random(42)
    kinds = ["name", "folded", "multi", "place", "prefix", "miss"]
    out = []
    for index in range(count):
        kind, name = kinds[index % len(kinds)], rng.choice(names)
        if kind == "name":
            out.append(name.lower())
        elif kind == "folded":
            out.append(fold(name))
        elif kind == "multi":
            out.append(f"{name} {rng.choice(places)}")
        elif kind == "place":
            out.append(rng.choice(places))
        elif kind == "prefix":
            out.append(fold(name)[:4])
        else:
            out.append(f"khongco{index} xyz")
    return out


class Meter:
    """CPU of this process and (PostgreSQL) of its database backend, in ms."""

    def __init__(self):
        self.backend = _database_pid()

    def now(self):
        own = _cpu_ns()[0]
        server = _cpu_ns(self.backend)[0] if self.backend else 0
        return own, own + server

    def measure(self, requester, url, cold=False):
        if cold:
            fastpath.bump()
        before = self.now()
        status, body, headers = requester.get(url)
        after = self.now()
        if status != 200:
            raise RuntimeError(f"{url} gave {status}")
        return (after[0] - before[0]) / 1e6, (after[1] - before[1]) / 1e6, body, headers


def queries(requester, url):
    with CaptureQueriesContext(connection) as captured:
        requester.get(url)
    return len(captured)


def requests_per_second(requester, url, seconds=3.0):
    """Requests per second of ``url`` for ``seconds``, and their CPU ms (app+DB) each."""
    meter = Meter()
    done, start, cpu_start = 0, time.perf_counter(), meter.now()[1]
    while time.perf_counter() - start < seconds:
        requester.get(url)
        done += 1
    elapsed = time.perf_counter() - start
    return done / elapsed, (meter.now()[1] - cpu_start) / 1e6 / done


def _verdict(label, value):
    goal = next((ms for prefix, ms in GOALS_MS.items() if label.startswith(prefix)), PAGE_GOAL_MS)
    return goal, "ok" if value <= goal else "OVER"


def run(repeat=20, search_count=40, cold=False, stale_open_data=False, only=None, out=print):
    """Print the table; returns ``{label: {"app": ms, "total": ms, "queries": n, "bytes": n}}``."""
    from buyers import opendata_files

    requester = Requester()
    # One database connection for the whole run (no reconnection after CONN_MAX_AGE), so
    # that the backend whose CPU is read stays the one serving the requests.
    connection.settings_dict["CONN_MAX_AGE"] = None
    connection.close()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    rows = {}
    with override_settings(OCOP_PAGE_CACHE=False):
        if not stale_open_data:
            started = time.perf_counter()
            if opendata_files.refresh():
                seconds = time.perf_counter() - started
                out(f"open-data files built in {seconds:.1f} s (the task's work)")
        found = urls()
        meter = Meter()
        out(
            f"{'page':28} {'app CPU ms':>10} {'+DB CPU ms':>10} {'goal':>5} {'':4} "
            f"{'queries':>7} {'bytes':>9}  url"
        )
        for label, url in found.items():
            if only and not any(label.startswith(word) for word in only):
                continue
            requester.get(url)  # warm renditions and shared caches
            samples = [meter.measure(requester, url, cold) for _ in range(repeat)]
            app = statistics.median(s[0] for s in samples)
            total = statistics.median(s[1] for s in samples)
            goal, verdict = _verdict(label, total)
            count, size = queries(requester, url), len(samples[-1][2])
            rows[label] = {"app": app, "total": total, "queries": count, "bytes": size}
            out(
                f"{label:28} {app:10.1f} {total:10.1f} {goal:5d} {verdict:4} "
                f"{count:7d} {size:9d}  {url}"
            )
        if only and "search" not in only:
            search_count = 0
        search_list = search_queries(search_count)
        if search_list:
            # A new generation: no query's outcome or facets are cached from an earlier run;
            # then one query outside the list warms what every search shares (menu, settings).
            fastpath.bump()
            requester.get("/search/?q=warm+up")
            # First time each (ranked, faceted, rendered), then again (the outcome cached).
            for kind in ("", " repeated"):
                samples = [meter.measure(requester, f"/search/?q={q}")[:2] for q in search_list]
                _search_rows(samples, kind, len(search_list), rows, out)
        uncached, uncached_cpu = requests_per_second(requester, "/")
    with override_settings(OCOP_PAGE_CACHE=True):
        requester.get("/")
        status, _body, headers = requester.get("/")
        hit = headers.get("X-Page-Cache", "?")
        cached, cached_cpu = requests_per_second(requester, "/")
    out(
        f"home in-process: {uncached:.0f} requests/s rendered ({uncached_cpu:.1f} ms CPU each), "
        f"{cached:.0f} from the page cache ({cached_cpu:.2f} ms, X-Page-Cache: {hit}): "
        f"{cached / uncached:.0f}×"
    )
    rows["home rps"] = {"rendered": uncached, "cached": cached}
    return rows


def _search_rows(samples, kind, count, rows, out):
    """Print and record p50 and p95 of ``samples`` (``[(app ms, total ms)]``)."""
    for name, fraction in (("search p50", 0.5), ("search p95", 0.95)):
        app = percentile([sample[0] for sample in samples], fraction)
        total = percentile([sample[1] for sample in samples], fraction)
        goal = GOALS_MS["search p95"] if name.endswith("p95") else PAGE_GOAL_MS
        verdict = "ok" if total <= goal else "OVER"
        rows[name + kind] = {"app": app, "total": total}
        out(
            f"{name + kind:28} {app:10.1f} {total:10.1f} {goal:5d} {verdict:4} "
            f"{'':>7} {'':>9}  {count} queries"
        )
