"""A national-scale catalogue for the page benchmark (issue 14): ``manage.py generate_catalogue``.

Adds ``products`` generated product pages (default 20,000) and about 0.55
producer pages per product (the country had 14,642 OCOP products from 8,086
producers at the end of 2024) to the demo site, spread over the districts of
``provinces`` provinces of the 2024 register (the demo's province first), with
certification decisions (one per province, year and level: 5★ central, else
provincial; some certificates expired, about 1 % revoked), certification
summaries, and the search index of the new pages.

Fast because it batches: pages are inserted with
:func:`benchmarks.search.bulk_add_children` (treebeard paths computed as
treebeard does, ``numchild`` and ``url_path`` kept right; no revisions, which
public pages do not need), decision lines and revocations with
``bulk_create``, summaries by :func:`products_catalog.certification.refresh_summaries`
(batches of 500), the index by the backend's ``add_bulk`` (batches of 500).
Everything runs in one transaction, then the content generation is bumped
(:func:`core.fastpath.bump`) so that no cached page or fragment survives.

Refuses to run twice: generated pages have slugs starting ``gen-``; when any
exists the command stops (drop the database to generate again). Requires the
demo site (``manage.py load_demo_content``) and refuses without it.
Deterministic for a seed. Benchmark data only: never run it on a real site.
"""

import random
import time

from django.db import transaction
from django.utils import timezone
from wagtail.search.backends import get_search_backend

from benchmarks.search import bulk_add_children, load_words
from core import fastpath
from core.text import sort_key
from products_catalog.certification import refresh_for_products
from products_catalog.models import (
    CertificationDecision,
    DecisionLine,
    ProducerIndexPage,
    ProducerPage,
    ProducerType,
    ProductIndexPage,
    ProductPage,
    RevocationDecision,
    RevocationLine,
)
from taxonomy.adminunits.register import OLD, load
from taxonomy.models import Locality, ProductGroup
from taxonomy.units import seed_localities

PREFIX = "gen-"
#: Producers per product, national figures for 2024 (8,086 / 14,642).
PRODUCERS_PER_PRODUCT = 0.55
BATCH = 2000


class AlreadyGenerated(RuntimeError):
    """The database already holds generated pages (the generator runs once)."""


class NoDemoSite(RuntimeError):
    """No product index / producer directory: load the demo content first."""


def _indexes():
    products = ProductIndexPage.objects.filter(depth=3).order_by("path").first()
    producers = ProducerIndexPage.objects.filter(depth=3).order_by("path").first()
    if products is None or producers is None:
        raise NoDemoSite("no catalogue: run `manage.py load_demo_content` first")
    return products, producers


def choose_provinces(count, first_name):
    """``count`` provinces of the 2024 register: ``first_name``'s first, then by code.

    Shape: ``[Unit]`` (:mod:`taxonomy.adminunits.register`).
    """
    provinces = load().provinces(OLD)
    first = [unit for unit in provinces if first_name and first_name in unit.name][:1]
    others = [unit for unit in provinces if unit not in first]
    return (first + others)[:count]


def district_localities(provinces):
    """Stored district-level :class:`Locality` rows of ``provinces`` (stored if missing).

    Shape: ``{province name: [Locality]}``.
    """
    units = load()
    found = {}
    for province in provinces:
        seed_localities(province.name)
        codes = [child.official_code for child in units.children(province.code)]
        found[province.name] = list(
            Locality.objects.filter(
                register=OLD, level=Locality.Level.DISTRICT, official_code__in=codes
            ).order_by("official_code")
        )
    return found


class CatalogueGenerator:
    """Deterministic products and producers (seeded), inserted in batches of :data:`BATCH`."""

    def __init__(self, provinces=5, seed=14, first_province=""):
        self.rng = random.Random(seed)
        self.words = load_words()
        self.product_names = [line.split("|") for line in self.words["products"]]
        groups = list(ProductGroup.objects.filter(parent__isnull=True).order_by("slug"))
        # A name's stem ("thuc-pham") → that family's groups of both criteria versions.
        self.groups = {
            stem: [group for group in groups if group.slug.startswith(stem)] or [None]
            for _, stem in self.product_names
        }
        self.localities = district_localities(choose_provinces(provinces, first_province))
        self.provinces = [name for name, places in self.localities.items() if places]
        self.decisions = {}
        self.today = timezone.localdate()

    def _producer(self, number):
        province = self.rng.choice(self.provinces)
        locality = self.rng.choice(self.localities[province])
        prefix = self.rng.choice(self.words["producers"])
        place = locality.short_name or locality.name
        title = f"{prefix} {place} {number}"
        page = ProducerPage(
            title=title,
            slug=f"{PREFIX}chu-the-{number}",
            sort_title=sort_key(title)[:255],
            producer_type=self.rng.choice(ProducerType.values),
            locality=locality,
            address=f"Thôn {self.rng.randint(1, 12)}, {locality.name}, {province}",
            description=f"<p>{prefix} tại {place} ({province}), sản xuất sản phẩm OCOP.</p>",
        )
        page._province = province
        return page

    def _product(self, number, producer):
        name, stem = self.rng.choice(self.product_names)
        qualifier = self.rng.choice(self.words["qualifiers"] + [""] * 4)
        place = producer.locality.short_name or producer.locality.name
        title = " ".join(part for part in (name, qualifier, place) if part)
        ingredient = self.rng.choice(self.words["ingredients"])
        method = self.rng.choice(self.words["qualifiers"])
        group = self.rng.choice(self.groups.get(stem) or [None])
        return ProductPage(
            title=title,
            slug=f"{PREFIX}san-pham-{number}",
            sort_title=sort_key(title)[:255],
            producer_id=producer.pk,
            group=group,
            locality=producer.locality,
            summary=f"{title}: sản phẩm OCOP của {producer.title}, làm từ {ingredient}.",
            packaging=self.rng.choice(("Chai 500 ml", "Hộp 250 g", "Túi 1 kg", "Hũ 300 g")),
            price_min_vnd=self.rng.randrange(30, 500) * 1000,
            body=[
                ("heading", {"text": "Quy trình sản xuất", "level": "h2"}),
                (
                    "paragraph",
                    f"<p>Nguyên liệu {ingredient} được chọn lọc tại {place}, "
                    f"chế biến theo phương pháp {method}.</p>",
                ),
            ],
        )

    def decision_for(self, province, year, stars):
        """The decision of ``province`` in ``year`` for ``stars`` (5★: central, else provincial)."""
        level = "central" if stars == 5 else "provincial"
        key = (province if level == "provincial" else "", year, level)
        if key not in self.decisions:
            number = len(self.decisions) + 1
            self.decisions[key] = CertificationDecision.objects.create(
                number=f"{PREFIX}{number}/QĐ-UBND",
                decision_date=self.today.replace(year=year, month=1 + number % 12, day=1),
                issuing_body="Bộ Nông nghiệp và PTNT" if level == "central" else f"UBND {province}",
                level=level,
                batch=f"{PREFIX}{year}",
            )
        return self.decisions[key]

    def run(self, products, out=print):
        """Insert ``products`` products and their producers; returns timings (seconds)."""
        product_index, producer_index = _indexes()
        timings = {}
        started = time.perf_counter()
        producers_wanted = max(1, round(products * PRODUCERS_PER_PRODUCT))
        producers = [self._producer(number) for number in range(1, producers_wanted + 1)]
        for start in range(0, len(producers), BATCH):
            bulk_add_children(producer_index, producers[start : start + BATCH])
        timings["producers"] = time.perf_counter() - started
        out(f"{len(producers)} producers in {timings['producers']:.1f} s")

        started = time.perf_counter()
        product_ids = []
        for start in range(0, products, BATCH):
            batch, stars = [], []
            for number in range(start + 1, min(products, start + BATCH) + 1):
                # Every producer has a product; then a few producers have many.
                producer = (
                    producers[number - 1]
                    if number <= len(producers)
                    else producers[int(len(producers) * self.rng.random() ** 2)]
                )
                product = self._product(number, producer)
                product._province = producer._province
                batch.append(product)
                stars.append(self.rng.choice((3, 3, 3, 4, 4, 5)))
            bulk_add_children(product_index, batch)
            lines = [
                DecisionLine(
                    decision=self.decision_for(
                        product._province, self.today.year - self.rng.choice((0, 1, 2, 3, 4)), star
                    ),
                    product_id=product.pk,
                    stars=star,
                    score=self.rng.randint(50 + (star - 3) * 20, 69 + (star - 3) * 20),
                )
                for product, star in zip(batch, stars, strict=True)
            ]
            DecisionLine.objects.bulk_create(lines, batch_size=500)
            product_ids.extend(product.pk for product in batch)
            out(f"  {len(product_ids)} products")
        timings["products"] = time.perf_counter() - started

        started = time.perf_counter()
        revoked = self.rng.sample(product_ids, max(1, len(product_ids) // 100))
        revocation = RevocationDecision.objects.create(
            number=f"{PREFIX}thu-hoi/QĐ-UBND",
            decision_date=self.today.replace(day=1),
            issuing_body=f"UBND {self.provinces[0]}",
            reason="Không duy trì điều kiện sản xuất (dữ liệu sinh cho benchmark).",
        )
        RevocationLine.objects.bulk_create(
            [RevocationLine(revocation=revocation, product_id=pk) for pk in revoked],
            batch_size=500,
        )
        refresh_for_products(product_ids)
        timings["summaries"] = time.perf_counter() - started
        out(f"summaries in {timings['summaries']:.1f} s")
        return product_ids, [producer.pk for producer in producers], timings


def index_pages(model, ids, batch=500):
    """Add the pages ``ids`` of ``model`` to the search index, ``batch`` at a time."""
    backend = get_search_backend()
    for start in range(0, len(ids), batch):
        chunk = list(model.get_indexed_objects().filter(pk__in=ids[start : start + batch]))
        backend.add_bulk(model, chunk)


def generate(products=20000, provinces=5, seed=14, first_province="", out=print):
    """Generate, index, bump the content generation. Shape: ``{step: seconds}``."""
    _indexes()
    if ProductPage.objects.filter(slug__startswith=PREFIX).exists():
        raise AlreadyGenerated("generated products are already there (they are made once)")
    started = time.perf_counter()
    with transaction.atomic():
        generator = CatalogueGenerator(provinces, seed, first_province)
        out(f"provinces: {', '.join(generator.provinces)}")
        product_ids, producer_ids, timings = generator.run(products, out=out)
    step = time.perf_counter()
    index_pages(ProducerPage, producer_ids)
    index_pages(ProductPage, product_ids)
    timings["index"] = time.perf_counter() - step
    out(f"search index in {timings['index']:.1f} s")
    fastpath.bump()
    timings["total"] = time.perf_counter() - started
    return timings
