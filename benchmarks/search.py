"""Search benchmark: synthetic catalogue, index time, latency of the real /search/ view.

Run through ``manage.py bench_search`` (``make bench-search`` runs it on SQLite
and PostgreSQL). It works in a THROW-AWAY test database created by Django's
test machinery (``test_<name>``), never in the configured one:

1. builds a site tree and ``size`` products with producers, names drawn from
   ``search/bench_words.txt`` ("Nước mắm truyền thống Tân Lập"...), with a
   summary, a StreamField body, a group, a certification decision;
2. times ``manage.py update_index`` (a full rebuild);
3. runs 200 mixed queries (with and without diacritics, upper case, prefixes,
   multi-word, nothing found) through the real view with Django's test
   ``Client`` and prints p50/p95/max latency;
4. checks that every query gives the same results (titles, order, count)
   with and without diacritics and in upper case.

This is a script printing figures, not a test: timings depend on the machine.
"""

import os
import random
import re
import statistics
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.test import Client
from django.utils import timezone
from modelsearch.signal_handlers import post_delete_signal_handler, post_save_signal_handler
from wagtail.models import Locale, Page, Site

from core.text import fold
from home.models import HomePage
from products_catalog.certification import refresh_for_products
from products_catalog.models import (
    CertificationDecision,
    DecisionLine,
    ProducerIndexPage,
    ProducerPage,
    ProducerType,
    ProductIndexPage,
    ProductPage,
)
from taxonomy.models import Locality, ProductGroup

WORDS_FILE = Path(__file__).resolve().parent / "bench_words.txt"
HOST = "localhost"
_RESULT_RE = re.compile(r'<li class="search-result type-[^"]*">.*?<h3><a href="([^"]+)"', re.S)
_COUNT_RE = re.compile(r'id="results-heading"[^>]*>([^<]*)<')


def load_words(path=WORDS_FILE):
    """``{section: [line, ...]}`` from the shipped word list (``#`` comments skipped)."""
    sections, current = {}, None
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        elif current is not None:
            current.append(line)
    return sections


@dataclass
class Catalogue:
    home: object
    products: object
    producers: object


def build_site():
    """A home page, product and producer indexes, and the default site (fresh database)."""

    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    Site.objects.all().delete()
    home = HomePage(title="Trang chủ", slug="home", locale=Locale.get_default())
    home = root.add_child(instance=home)
    Site.objects.create(hostname=HOST, root_page=home, is_default_site=True)
    products = home.add_child(instance=ProductIndexPage(title="Sản phẩm OCOP", slug="san-pham"))
    producers = home.add_child(instance=ProducerIndexPage(title="Chủ thể OCOP", slug="chu-the"))
    return Catalogue(home=home, products=products, producers=producers)


class Generator:
    """Deterministic synthetic products (seeded), appended in batches."""

    def __init__(self, catalogue, seed=4):

        self.catalogue = catalogue
        self.rng = random.Random(seed)
        self.words = load_words()
        self.products = [line.split("|") for line in self.words["products"]]
        groups = {g.slug: g for g in ProductGroup.objects.filter(parent__isnull=True)}
        self.groups = {
            stem: next((g for slug, g in groups.items() if slug.startswith(stem)), None)
            for _, stem in self.products
        }
        self.localities = []
        for place in self.words["places"]:
            locality, _ = Locality.objects.get_or_create(
                slug=f"bench-{fold(place).replace(' ', '-')}",
                defaults={"name": place, "level": Locality.Level.DISTRICT},
            )
            self.localities.append(locality)
        self.producers = []
        self.decisions = {}
        self.count = 0

    def _producer_for(self, new_producers):
        """An existing producer (90 %) or a new one, appended to ``new_producers``."""

        pool = self.producers + new_producers
        if pool and self.rng.random() < 0.9:
            return self.rng.choice(pool)
        number = len(pool) + 1
        prefix = self.rng.choice(self.words["producers"])
        place = self.rng.choice(self.words["places"])
        producer = ProducerPage(
            title=f"{prefix} {place} {number}",
            slug=f"chu-the-{number}",
            producer_type=self.rng.choice(ProducerType.values),
            locality=self.rng.choice(self.localities),
            description=f"<p>{prefix} tại {place}, sản xuất sản phẩm OCOP.</p>",
        )
        new_producers.append(producer)
        return producer

    def add(self, how_many):
        """Create ``how_many`` more live products, in bulk (no revisions, no signals)."""

        today = timezone.localdate()
        new_producers, new_products, stars = [], [], []
        for _ in range(how_many):
            self.count += 1
            name, stem = self.rng.choice(self.products)
            qualifier = self.rng.choice(self.words["qualifiers"] + [""] * 4)
            place = self.rng.choice(self.words["places"])
            title = " ".join(part for part in (name, qualifier, place) if part)
            ingredient = self.rng.choice(self.words["ingredients"])
            method = self.rng.choice(self.words["qualifiers"])
            producer = self._producer_for(new_producers)
            new_products.append(
                ProductPage(
                    title=title,
                    slug=f"san-pham-{self.count}",
                    producer=producer,
                    group=self.groups.get(stem),
                    locality=self.rng.choice(self.localities),
                    summary=f"{title}: sản phẩm OCOP của {producer.title}, làm từ {ingredient}.",
                    body=[
                        ("heading", {"text": "Quy trình sản xuất", "level": "h2"}),
                        (
                            "paragraph",
                            f"<p>Nguyên liệu {ingredient} được chọn lọc tại {place}, "
                            f"chế biến theo phương pháp {method}.</p>",
                        ),
                    ],
                )
            )
            stars.append(self.rng.choice((3, 3, 3, 4, 4, 5)))
        bulk_add_children(self.catalogue.producers, new_producers)
        self.producers.extend(new_producers)
        for product in new_products:
            product.producer_id = product.producer.pk
        bulk_add_children(self.catalogue.products, new_products)
        # One provincial decision per year (as councils issue them), a line per product.
        lines = []
        for product, star in zip(new_products, stars, strict=True):
            date = today.replace(year=today.year - self.rng.choice((0, 1, 2, 3, 4)), day=1)
            lines.append(
                DecisionLine(
                    decision=self.decision_for(date, star), product_id=product.pk, stars=star
                )
            )
        DecisionLine.objects.bulk_create(lines, batch_size=500)
        refresh_for_products([product.pk for product in new_products])

    def decision_for(self, date, stars):
        """The benchmark's decision of ``date`` for ``stars`` (5★: central, else provincial)."""
        level = "central" if stars == 5 else "provincial"
        key = (date, level)
        if key not in self.decisions:
            self.decisions[key] = CertificationDecision.objects.create(
                number=f"{len(self.decisions) + 1}/QĐ-UBND",
                decision_date=date,
                issuing_body="Bộ NN&PTNT" if level == "central" else "UBND tỉnh",
                level=level,
            )
        return self.decisions[key]

    def queries(self, count=200):
        """``count`` mixed queries: diacritics, folded, upper case, prefixes, places, misses."""
        rng = random.Random(42)
        names = [name for name, _ in self.products]
        places = self.words["places"]
        kinds = ["name", "folded", "upper", "prefix", "multi", "place", "qualified", "miss"]
        out = []
        for index in range(count):
            kind = kinds[index % len(kinds)]
            name = rng.choice(names)
            if kind == "name":
                query = name.lower()
            elif kind == "folded":
                query = fold(name)
            elif kind == "upper":
                query = name.upper()
            elif kind == "prefix":
                words = fold(name).split()
                query = " ".join(words[:-1] + [words[-1][: max(1, len(words[-1]) // 2)]])
                if len(words) == 1:
                    query = words[0][:3]
            elif kind == "multi":
                query = f"{name} {rng.choice(places)}"
            elif kind == "place":
                query = rng.choice(places)
            elif kind == "qualified":
                query = f"{fold(name)} {fold(rng.choice(self.words['qualifiers']))}"
            else:
                query = f"khongco{index} xyz"
            out.append(query)
        return out


def bulk_add_children(parent, pages, batch_size=500):
    """Insert live ``pages`` (unsaved, one page model) under ``parent`` in bulk.

    Benchmark only: Wagtail's ``add_child`` costs ~15 queries per page (tree,
    validation, revisions, reference index), which would make generating
    10,000 products take many minutes. Tree paths are computed as treebeard
    does; the base ``Page`` rows are bulk-created, then the page type's own
    table is filled with Django's internal ``_insert`` (``bulk_create``
    refuses multi-table inheritance). No revisions are made; nothing is
    indexed (``update_index`` is run and timed afterwards).
    """

    if not pages:
        return
    model = type(pages[0])
    parent.refresh_from_db()
    last = parent.get_last_child()
    step = Page._str2int(last.path[-Page.steplen :]) if last else 0
    content_type = ContentType.objects.get_for_model(model)
    now = timezone.now()
    base_rows = []
    for page in pages:
        step += 1
        page.path = Page._get_path(parent.path, parent.depth + 1, step)
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.content_type = content_type
        page.locale_id = parent.locale_id
        page.live = True
        page.has_unpublished_changes = False
        page.draft_title = page.title
        page.first_published_at = page.last_published_at = now
        page.translation_key = uuid.uuid4()
        base_rows.append(
            Page(
                **{
                    field.attname: getattr(page, field.attname)
                    for field in Page._meta.concrete_fields
                    if field.attname != "id"
                }
            )
        )
    Page.objects.bulk_create(base_rows, batch_size=batch_size)
    local_fields = [field for field in model._meta.local_concrete_fields]
    for page, row in zip(pages, base_rows, strict=True):
        page.pk = page.page_ptr_id = row.pk
        page.id = row.pk
    for start in range(0, len(pages), batch_size):
        model._base_manager._insert(pages[start : start + batch_size], fields=local_fields)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))


def result_signature(html):
    """(result URLs in order, the count heading): what "identical results" compares."""
    count = _COUNT_RE.search(html)
    return tuple(_RESULT_RE.findall(html)), count.group(1).strip() if count else ""


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def index_size_bytes():
    """Size of the search index tables (bytes), or ``None`` if unknown."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_total_relation_size('wagtailsearch_indexentry')")
            return cursor.fetchone()[0]
        if connection.vendor == "sqlite":
            try:
                cursor.execute(
                    "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'wagtailsearch_indexentry%'"
                )
                return cursor.fetchone()[0]
            except Exception:  # noqa: BLE001 - dbstat not compiled in
                return None
    return None


def _cpu_ns(pid="self"):
    """Nanoseconds ``pid`` has run on a CPU, and waited for one (``/proc/<pid>/schedstat``)."""
    try:
        with open(f"/proc/{pid}/schedstat") as handle:
            ran, waited = handle.read().split()[:2]
        return int(ran), int(waited)
    except (OSError, ValueError):
        return 0, 0


def _database_pid():
    """PID of the PostgreSQL backend serving this connection (``None`` for SQLite)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def run_queries(queries, client):
    """Per query through /search/: wall latency and CPU work (ms), and the response signature.

    CPU work = CPU time of this process plus, on PostgreSQL, of its server
    backend, read from ``/proc/<pid>/schedstat``: what the request costs
    with no other load on the machine (wall time also counts waiting for a
    CPU while other processes run).
    """
    timings, cpu, signatures = [], [], {}
    for query in queries[:10]:  # warm-up: caches, connections, templates
        client.get("/search/", {"q": query})
    backend_pid = _database_pid()
    for query in queries:
        own, server = _cpu_ns(), _cpu_ns(backend_pid) if backend_pid else (0, 0)
        started = time.perf_counter()
        response = client.get("/search/", {"q": query})
        timings.append((time.perf_counter() - started) * 1000)
        own_after = _cpu_ns()
        server_after = _cpu_ns(backend_pid) if backend_pid else (0, 0)
        cpu.append(((own_after[0] - own[0]) + (server_after[0] - server[0])) / 1e6)
        if response.status_code != 200:
            raise RuntimeError(f"/search/?q={query!r} gave {response.status_code}")
        signatures[query] = result_signature(response.content.decode())
    return timings, cpu, signatures


def check_identical(queries, client):
    """Queries whose results differ between the spelling given, folded and upper case."""
    differing = []
    for query in queries:
        variants = {query, fold(query), query.upper(), fold(query).upper()}
        signatures = {
            result_signature(client.get("/search/", {"q": variant}).content.decode())
            for variant in variants
        }
        if len(signatures) != 1:
            differing.append(query)
    return differing


def refresh_statistics():
    """PostgreSQL: ANALYZE, as autovacuum does on a live site (fresh bulk data has none)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def reference_latency(client, repeat=15):
    """Median latency (ms) of /search/ with no query: the page chrome alone.

    A yardstick for how busy the machine is (it does not grow with the data).
    """
    client.get("/search/")
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get("/search/")
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def disconnect_indexing():
    """Stop indexing on save while generating (update_index is timed separately)."""

    for model in (ProductPage, ProducerPage):
        post_save.disconnect(post_save_signal_handler, sender=model)
        post_delete.disconnect(post_delete_signal_handler, sender=model)


def run(sizes=(1000, 10000), query_count=200, stdout=print):
    """Run the benchmark in the current (test) database; returns rows of figures."""

    catalogue = build_site()
    disconnect_indexing()
    generator = Generator(catalogue)
    client = Client(HTTP_HOST=HOST)
    queries = generator.queries(query_count)
    rows = []
    for size in sizes:
        started = time.perf_counter()
        generator.add(size - generator.count)
        generated = time.perf_counter() - started
        started = time.perf_counter()
        call_command("update_index", verbosity=0)
        indexed = time.perf_counter() - started
        refresh_statistics()
        load_before = os.getloadavg()[0]
        reference = reference_latency(client)
        timings, cpu, signatures = run_queries(queries, client)
        load_after = os.getloadavg()[0]
        differing = check_identical(queries, client)
        hits = sum(1 for signature in signatures.values() if signature[0])
        row = {
            "backend": connection.vendor,
            "products": size,
            "generate_s": generated,
            "index_s": indexed,
            "index_mb": (index_size_bytes() or 0) / 1e6,
            "p50_ms": statistics.median(timings),
            "p95_ms": percentile(timings, 0.95),
            "max_ms": max(timings),
            "cpu_p50_ms": statistics.median(cpu),
            "cpu_p95_ms": percentile(cpu, 0.95),
            "queries": len(timings),
            "with_results": hits,
            "diacritics_differ": len(differing),
            "home_ms": reference,
            "load": f"{load_before:.1f}/{load_after:.1f}",
        }
        rows.append(row)
        stdout(
            "{backend:<10} {products:>6} products | generated {generate_s:6.1f} s | "
            "update_index {index_s:6.1f} s | index {index_mb:6.1f} MB | "
            "wall p50 {p50_ms:6.1f} ms  p95 {p95_ms:6.1f} ms  max {max_ms:6.1f} ms | "
            "CPU work p50 {cpu_p50_ms:5.1f} ms  p95 {cpu_p95_ms:5.1f} ms | "
            "{with_results}/{queries} queries with results | "
            "with/without diacritics differ: {diacritics_differ} | "
            "empty search page p50 {home_ms:.1f} ms, load avg {load}".format(**row)
        )
        for query in differing[:5]:
            stdout(f"   differs: {query!r}")
    return rows
