"""Page benchmark (issue 14): CPU ms per request and SQL queries of every public page type.

Run through ``manage.py bench_pages`` against the configured database (after
``load_demo_content``, or any copy of a real site). Read-only: it only sends
GET requests through Django's test ``Client``. For each page type it warms the
shared caches once, then prints the median CPU time (``time.process_time``,
ms) of ``repeat`` requests with the anonymous page cache off, and the query
count of one request; then the home page's requests per second without and
with the anonymous page cache (:mod:`core.pagecache`). A script printing
figures, not a test: timings depend on the machine.
"""

import statistics
import time

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

#: page type → (model name, query string), or a fixed path.
TARGETS = {
    "home": ("HomePage", ""),
    "catalogue p1": ("ProductIndexPage", ""),
    "catalogue p3": ("ProductIndexPage", "?page=3"),
    "catalogue filtered": ("ProductIndexPage", "?stars=4&group=thuc-pham&status=valid"),
    "product": ("ProductPage", ""),
    "producer": ("ProducerPage", ""),
    "producer directory": ("ProducerIndexPage", ""),
    "article": ("NewsPage", ""),
    "event": ("EventPage", ""),
    "statistics": ("StatisticsPage", ""),
    "search": "/search/?q=mật ong",
    "open data CSV": "/du-lieu-mo/san-pham-ocop.csv",
    "open data JSON": "/du-lieu-mo/san-pham-ocop.json",
    "sitemap index": "/sitemap.xml",
    "sitemap products": "/sitemap-san-pham.xml",
}


def urls():
    """``{label: path}`` for the targets present on the site."""
    first = {}
    for page in Page.objects.live().specific().order_by("path"):
        first.setdefault(type(page).__name__, page.url)
    found = {}
    for label, target in TARGETS.items():
        if isinstance(target, str):
            found[label] = target
        elif target[0] in first:
            found[label] = first[target[0]] + target[1]
    return found


def _consume(response):
    if getattr(response, "streaming", False):
        for _chunk in response.streaming_content:
            pass


def cpu_ms(client, url, repeat):
    """Median CPU milliseconds of ``repeat`` GETs of ``url``."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        _consume(client.get(url))
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times)


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        _consume(client.get(url))
    return len(captured)


def requests_per_second(client, url, seconds=3.0):
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        _consume(client.get(url))
        done += 1
    return done / (time.perf_counter() - start)


def run(repeat=20, out=print):
    client = Client(HTTP_HOST="localhost")
    found = urls()
    with override_settings(OCOP_PAGE_CACHE=False, ALLOWED_HOSTS=["*"]):
        out(f"{'page':22} {'CPU ms (median)':>16} {'queries':>8} {'bytes':>9}")
        for label, url in found.items():
            response = client.get(url)  # warm renditions and shared caches
            size = (
                len(b"".join(response.streaming_content))
                if response.streaming
                else len(response.content)
            )
            median, count = cpu_ms(client, url, repeat), queries(client, url)
            out(f"{label:22} {median:16.1f} {count:8d} {size:9d}")
        uncached = requests_per_second(client, "/")
    with override_settings(OCOP_PAGE_CACHE=True, ALLOWED_HOSTS=["*"]):
        client.get("/")
        cached = requests_per_second(client, "/")
    out(
        f"home requests/s: {uncached:.0f} rendered, {cached:.0f} from the page cache "
        f"({cached / uncached:.0f}×)"
    )
