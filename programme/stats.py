"""Live figures for the "OCOP in numbers" page (and its CSV downloads).

What is counted: **live, public OCOP products** of the site, i.e. whose
ruling (latest) decision is 3★ or more (a 1★/2★ rating is not an OCOP
certification, as in the catalogue). A product counts once, under that
ruling decision (stars, validity);
its group, locality (at certification) and producer type are the product's.
"Valid now" includes certificates expiring soon. The year table counts
certification **decisions** (new and re-certifications) of those products
(3★ or more) by decision year. "Expiring this year": ruling certificates whose last valid
day falls in the current calendar year (already expired or not).
Targets: :mod:`programme.targets`.

Every call queries the database: nothing is cached.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Subquery
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from products_catalog.certification import OCOP_MIN_STARS, Status
from products_catalog.models import CertificationDecision, ProducerType, ProductPage
from products_catalog.queries import annotate_certification, latest_decisions
from programme import charts
from programme.targets import progress

DATASET_SLUGS = ("stars", "groups", "localities", "producer-types", "years", "expiring", "targets")


@dataclass
class Dataset:
    """One table of figures: its chart, its rows, its CSV.

    ``rows`` is a list of lists (plain values, numbers as ``int``);
    ``chart_items`` feeds :func:`programme.charts.bar_chart` (``kind="bar"``:
    ``(label, value)``) or :func:`~programme.charts.progress_chart`
    (``kind="progress"``: ``(label, achieved, target)``).
    """

    slug: str
    title: str
    columns: list
    rows: list
    chart_items: list
    kind: str = "bar"
    unit: str = ""
    stacked: bool = False  # chart above a wide table instead of side by side
    extra_columns: list = field(default_factory=list)
    extra_rows: list = field(default_factory=list)

    @cached_property
    def svg(self):
        chart_id = f"chart-{self.slug}"
        if self.kind == "progress":
            return charts.progress_chart(chart_id, str(self.title), self.chart_items)
        return charts.bar_chart(chart_id, str(self.title), self.chart_items, unit=str(self.unit))

    @property
    def csv_columns(self):
        return self.extra_columns or self.columns

    @property
    def csv_rows(self):
        return self.extra_rows if self.extra_columns else self.rows


@dataclass
class Statistics:
    """All datasets plus headline totals (``total``, ``valid``, ``expired``…)."""

    today: object
    totals: dict
    datasets: dict

    def __getitem__(self, slug):
        return self.datasets[slug]

    def __iter__(self):
        return iter(self.datasets.values())


def product_rows(site=None, today=None):
    """One dict per live, public product with its ruling certificate (one query)."""
    queryset = ProductPage.objects.live().public()
    if site is not None:
        queryset = queryset.descendant_of(site.root_page)
    queryset = (
        annotate_certification(queryset, today)
        .filter(cur_stars__gte=OCOP_MIN_STARS)
        .annotate(
            cur_approximate=Subquery(latest_decisions().values("valid_until_approximate")[:1])
        )
    )
    return list(
        queryset.order_by("title").values(
            "pk",
            "title",
            "cur_stars",
            "cur_status",
            "cur_valid_until",
            "cur_approximate",
            "group__name",
            "locality__name",
            "producer_id",
            "producer__title",
            "producer__producer_type",
        )
    )


def _sorted_counts(counter, blank_label):
    rows = sorted(
        ((label, n) for label, n in counter.items() if label),
        key=lambda item: (-item[1], str(item[0])),
    )
    if counter.get(None) or counter.get(""):
        rows.append((str(blank_label), counter.get(None, 0) + counter.get("", 0)))
    return rows


def stars_dataset(products):
    valid = {Status.VALID, Status.EXPIRING}
    rows, chart = [], []
    for stars in (5, 4, 3):
        mine = [p for p in products if p["cur_stars"] == stars]
        now = sum(1 for p in mine if p["cur_status"] in valid)
        expired = sum(1 for p in mine if p["cur_status"] == Status.EXPIRED)
        unknown = len(mine) - now - expired
        rows.append([f"{stars}★", len(mine), now, expired, unknown])
        chart.append((f"{stars}★", len(mine)))
    return Dataset(
        slug="stars",
        title=_("Products by star rating"),
        columns=[_("Stars"), _("Products"), _("Valid now"), _("Expired"), _("Validity unknown")],
        rows=rows,
        chart_items=chart,
        unit=_("products"),
    )


def counted_dataset(slug, title, column, products, key, blank_label):
    rows = _sorted_counts(Counter(p[key] for p in products), blank_label)
    return Dataset(
        slug=slug,
        title=title,
        columns=[column, _("Products")],
        rows=[[label, n] for label, n in rows],
        chart_items=rows,
        unit=_("products"),
    )


def producer_type_dataset(products):
    counter = Counter(p["producer__producer_type"] or "" for p in products)
    rows = [(str(label), counter.get(value, 0)) for value, label in ProducerType.choices]
    if counter.get(""):
        rows.append((str(_("Not stated")), counter[""]))
    return Dataset(
        slug="producer-types",
        title=_("Products by producer type"),
        columns=[_("Producer type"), _("Products")],
        rows=[list(r) for r in rows],
        chart_items=rows,
        unit=_("products"),
    )


def years_dataset(products):
    ids = [p["pk"] for p in products]
    decisions = CertificationDecision.objects.filter(
        page_id__in=ids, stars__gte=OCOP_MIN_STARS
    ).values_list("decision_year", "kind")
    per_year = {}
    for year, kind in decisions:
        entry = per_year.setdefault(year, {"new": 0, "renewal": 0})
        entry["renewal" if kind == CertificationDecision.Kind.RENEWAL else "new"] += 1
    years = sorted(y for y in per_year if y)
    rows = [
        [str(y), per_year[y]["new"], per_year[y]["renewal"], sum(per_year[y].values())]
        for y in years
    ]
    if None in per_year:
        entry = per_year[None]
        rows.append(
            [str(_("Year not published")), entry["new"], entry["renewal"], sum(entry.values())]
        )
    return Dataset(
        slug="years",
        title=_("Certification decisions by year"),
        columns=[_("Year"), _("New certifications"), _("Re-certifications"), _("Total")],
        rows=rows,
        chart_items=[(row[0], row[3]) for row in rows],
        unit=_("decisions"),
    )


def expiring_dataset(products, today):
    year = today.year
    mine = [p for p in products if p["cur_valid_until"] and p["cur_valid_until"].year == year]
    mine.sort(key=lambda p: (p["cur_valid_until"], p["title"]))
    by_month = Counter(p["cur_valid_until"].month for p in mine)
    months = [(f"{m:02d}/{year}", by_month.get(m, 0)) for m in range(1, 13)]
    listing = [
        [
            p["title"],
            p["producer__title"] or "",
            ("~ " if p["cur_approximate"] else "") + p["cur_valid_until"].strftime("%d/%m/%Y"),
            str(Status.LABELS.get(p["cur_status"], "")),
        ]
        for p in mine
    ]
    return Dataset(
        slug="expiring",
        title=_("Certificates expiring in %(year)s, by month") % {"year": year},
        columns=[_("Month"), _("Certificates")],
        rows=[list(m) for m in months],
        chart_items=months,
        unit=_("certificates"),
        extra_columns=[_("Product"), _("Producer"), _("Valid until"), _("Status")],
        extra_rows=listing,
    )


def targets_dataset(today):
    from programme.models import ProgrammeTarget

    rows, chart = [], []
    for target in ProgrammeTarget.objects.select_related("scope"):
        result = progress(target, today)
        scope = target.scope.name if target.scope_id else str(_("Province"))
        rows.append(
            [
                target.period_label,
                scope,
                target.target_products,
                result.achieved,
                f"{result.percent}%",
                str(result.state_label),
                target.rule,
            ]
        )
        chart.append((f"{target.period_label} · {scope}", result.achieved, target.target_products))
    return Dataset(
        slug="targets",
        title=_("Progress against the programme's targets"),
        columns=[
            _("Period"),
            _("Scope"),
            _("Target"),
            _("Achieved"),
            _("Percent"),
            _("Status"),
            _("Rule"),
        ],
        rows=rows,
        chart_items=chart,
        kind="progress",
        stacked=True,
    )


def statistics(site=None, today=None):
    """Every dataset of the statistics page, computed now from the database."""
    today = today or timezone.localdate()
    products = product_rows(site, today)
    datasets = [
        stars_dataset(products),
        counted_dataset(
            "groups",
            _("Products by product group"),
            _("Product group"),
            products,
            "group__name",
            _("Not classified"),
        ),
        counted_dataset(
            "localities",
            _("Products by locality (at certification)"),
            _("Locality"),
            products,
            "locality__name",
            _("Not stated"),
        ),
        producer_type_dataset(products),
        years_dataset(products),
        expiring_dataset(products, today),
        targets_dataset(today),
    ]
    statuses = Counter(p["cur_status"] for p in products)
    totals = {
        "products": len(products),
        "valid": statuses[Status.VALID] + statuses[Status.EXPIRING],
        "expired": statuses[Status.EXPIRED],
        "producers": len({p["producer_id"] for p in products if p["producer_id"]}),
        "expiring_this_year": len(datasets[5].extra_rows),
    }
    return Statistics(today=today, totals=totals, datasets={d.slug: d for d in datasets})
