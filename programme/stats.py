"""Live figures for the "OCOP in numbers" page (and its CSV downloads).

What is counted: the products the catalogue lists
(``ProductPage.objects.for_cards()``: live, public, ruling certificate 3★
or more, not revoked), in the default language only. A product counts once,
under its certification summary (stars, validity); its group, locality (at
certification) and producer type are the product's. Statuses use the
catalogue's labels (:class:`products_catalog.rules.Status`); "in force" is
valid + expiring. Unpublished star levels and potential 5★ are counted
apart. The year table counts
certification **decisions** (new and re-certifications) of those products
(3★ or more) by decision year. "Expiring this year": ruling certificates whose last valid
day falls in the current calendar year (already expired or not).
Targets: :mod:`programme.targets`, for the targets passed in.
Rounds, the yearly funnel (registered → evaluated → certified) and
training (aggregates only) come from :mod:`programme.records`; a figure the
register does not hold is "—", never 0.

Every call queries the database: nothing is cached.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.i18n import language_code
from events.choices import RegistrationStatus
from events.models import EventPage
from products_catalog import rules
from products_catalog.models import DecisionLine, ProducerType, ProductPage
from products_catalog.rules import Status
from programme import charts
from programme.records import (
    OFFICIAL_LEVELS,
    TRAINING_EVENT_TYPES,
    EvaluationRound,
    ParticipantRole,
    TrainingParticipant,
)
from programme.targets import progress
from taxonomy.groups import families
from taxonomy.models import group_display_name, locality_display_name

DATASET_SLUGS = (
    "stars",
    "groups",
    "localities",
    "producer-types",
    "years",
    "expiring",
    "targets",
    "rounds",
    "funnel",
    "training",
)
#: Shown in a table cell for a figure the register does not hold.
UNKNOWN = "—"
#: Rows (and bars) a table shows on the statistics page; the rest is on its own
#: paginated page ("see all") and in its CSV, so the page stays small at any scale.
TOP_ROWS = 20


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
    #: The count with its noun, plural-aware: ``ngettext_lazy("%(n)s product", …, "n")``.
    unit: object = ""
    stacked: bool = False  # chart above a wide table instead of side by side
    extra_columns: list = field(default_factory=list)
    extra_rows: list = field(default_factory=list)

    @cached_property
    def svg(self):
        chart_id = f"chart-{self.slug}"
        items = self.chart_items[:TOP_ROWS]
        if self.kind == "progress":
            return charts.progress_chart(chart_id, str(self.title), items)
        return charts.bar_chart(chart_id, str(self.title), items, unit=self.unit)

    @property
    def top_rows(self):
        return self.rows[:TOP_ROWS]

    @property
    def top_extra_rows(self):
        return self.extra_rows[:TOP_ROWS]

    @property
    def is_cut(self):
        """Whether the page shows only the first :data:`TOP_ROWS` rows of a table."""
        return len(self.rows) > TOP_ROWS or len(self.extra_rows) > TOP_ROWS

    @property
    def full_columns(self):
        """Columns of the "see all" table: the list's when there is one."""
        return self.extra_columns or self.columns

    @property
    def full_rows(self):
        return self.extra_rows if self.extra_columns else self.rows

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
    """One dict per listed product with its certification summary (one query).

    Counted in the default language; ``title`` (the product's translation when there is
    one: a second query), ``group__name`` and ``locality__name`` (the group's English name,
    the locality's composed English name) are in the active language (issue 13).
    ``group__name`` is the group's family (:func:`taxonomy.groups.families`), as the
    catalogue's group filter names it: "Thảo dược" (1048) and "Dược liệu…" (148) are one
    family for a visitor, counted once under the newest version's name (a third query).
    """
    queryset = ProductPage.objects.visible().ocop().not_revoked(today).default_locale()
    if site is not None:
        queryset = queryset.descendant_of(site.root_page)
    queryset = queryset.with_certification(today)
    rows = list(
        queryset.order_by("sort_title").values(
            "pk",
            "translation_key",
            "title",
            "cur_stars",
            "cur_status",
            "cur_valid_until",
            "certification__valid_until_approximate",
            "certification__stars_published",
            "certification__potential_five",
            "group__name",
            "group__name_en",
            "group__slug",
            "group__family",
            "locality__name",
            "locality__short_name",
            "locality__unit_type",
            "producer_id",
            "producer__title",
            "producer__producer_type",
        )
    )
    titles = {}
    active = language_code(translation.get_language()) or settings.LANGUAGE_CODE
    if rows and active != language_code(settings.LANGUAGE_CODE):
        titles = dict(
            ProductPage.objects.filter(
                locale__language_code=active,
                translation_key__in=[row["translation_key"] for row in rows],
            ).values_list("translation_key", "title")
        )
    family_names = {family.slug: family.name for family in families()} if rows else {}
    for row in rows:
        row["title"] = titles.get(row["translation_key"], row["title"])
        row["group__name"] = family_names.get(
            row["group__family"] or row["group__slug"],
            group_display_name(row["group__name"], row["group__name_en"]),
        )
        if row["locality__name"]:
            row["locality__name"] = locality_display_name(
                row["locality__name"], row["locality__short_name"], row["locality__unit_type"]
            )
    return rows


def _sorted_counts(counter, blank_label):
    rows = sorted(
        ((label, n) for label, n in counter.items() if label),
        key=lambda item: (-item[1], str(item[0])),
    )
    if counter.get(None) or counter.get(""):
        rows.append((str(blank_label), counter.get(None, 0) + counter.get("", 0)))
    return rows


STATUS_COLUMNS = (Status.VALID, Status.EXPIRING, Status.EXPIRED, Status.UNKNOWN)


def _star_groups(products):
    """``[(label, products)]``: 5★, 4★, of which potential 5★, 3★, 3★ level not published."""
    published = [p for p in products if p["certification__stars_published"]]
    groups = []
    for stars in rules.OCOP_STARS:
        groups.append((f"{stars}★", [p for p in published if p["cur_stars"] == stars]))
        if stars == 4:
            potential = [p for p in published if p["certification__potential_five"]]
            groups.append((str(_("of which potential 5★")), potential))
    unpublished = [p for p in products if not p["certification__stars_published"]]
    groups.append((str(_("3★ (level not published)")), unpublished))
    return groups


def stars_dataset(products):
    rows, chart = [], []
    for label, mine in _star_groups(products):
        counts = Counter(p["cur_status"] for p in mine)
        rows.append([label, len(mine), *(counts[status] for status in STATUS_COLUMNS)])
        chart.append((label, len(mine)))
    return Dataset(
        slug="stars",
        title=_("Products by star rating"),
        columns=[_("Stars"), _("Products"), *(Status.LABELS[s] for s in STATUS_COLUMNS)],
        rows=rows,
        chart_items=chart,
        unit=ngettext_lazy("%(n)s product", "%(n)s products", "n"),
    )


def counted_dataset(slug, title, column, products, key, blank_label):
    rows = _sorted_counts(Counter(p[key] for p in products), blank_label)
    return Dataset(
        slug=slug,
        title=title,
        columns=[column, _("Products")],
        rows=[[label, n] for label, n in rows],
        chart_items=rows,
        unit=ngettext_lazy("%(n)s product", "%(n)s products", "n"),
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
        unit=ngettext_lazy("%(n)s product", "%(n)s products", "n"),
    )


def years_dataset(products):
    ids = [p["pk"] for p in products]
    lines = DecisionLine.objects.filter(
        product_id__in=ids, stars__gte=rules.OCOP_MIN_STARS
    ).values_list("decision__decision_year", "kind")
    per_year = {}
    for year, kind in lines:
        entry = per_year.setdefault(year, {"new": 0, "renewal": 0})
        entry["renewal" if kind == DecisionLine.Kind.RENEWAL else "new"] += 1
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
        unit=ngettext_lazy("%(n)s decision", "%(n)s decisions", "n"),
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
            ("~ " if p["certification__valid_until_approximate"] else "")
            + p["cur_valid_until"].strftime("%d/%m/%Y"),
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
        unit=ngettext_lazy("%(n)s certificate", "%(n)s certificates", "n"),
        extra_columns=[_("Product"), _("Producer"), _("Valid until"), _("Status")],
        extra_rows=listing,
    )


def targets_dataset(targets, today):
    """Progress of each of ``targets`` (``ProgrammeTarget`` rows, scope joined).

    A target the register cannot measure (nothing recorded, no roster) shows
    "—" and its coverage notes, and no bar: an empty register is not 0 %.
    """
    rows, chart = [], []
    for target in targets:
        result = progress(target, today)
        scope = target.scope.display_name if target.scope_id else str(_("Province"))
        known = result.known
        rows.append(
            [
                target.period_label,
                scope,
                target.target_products,
                result.achieved if known else UNKNOWN,
                f"{result.percent}%" if known else UNKNOWN,
                str(result.state_label),
                target.display_rule,
                str(target.get_kind_display()),
                result.notes_text,
            ]
        )
        if known:
            label = f"{target.period_label} · {scope}"
            chart.append((label, result.achieved, result.goal))
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
            _("What counts"),
            _("What the register covers"),
        ],
        rows=rows,
        chart_items=chart,
        kind="progress",
        stacked=True,
    )


def _or_unknown(value):
    return UNKNOWN if value is None else value


def evaluation_rounds():
    """Every evaluation round with its dossiers and locality (two queries), oldest first."""
    return list(
        EvaluationRound.objects.select_related("locality")
        .prefetch_related("dossiers")
        .order_by("year", "start_date", "number", "pk")
    )


def rounds_dataset(rounds):
    """One row per round: figures reported by the sources, else counted from dossiers."""
    rows, chart = [], []
    for round_ in rounds:
        figures = round_.figures()
        by_stars = figures["by_stars"]
        rows.append(
            [
                str(round_.label),
                round_.start_date.strftime("%d/%m/%Y") if round_.start_date else UNKNOWN,
                str(round_.get_level_display()),
                _or_unknown(figures["registered"]),
                _or_unknown(figures["evaluated"]),
                _or_unknown(figures["certified"]),
                *[
                    by_stars.get(stars, UNKNOWN if not by_stars else 0)
                    for stars in rules.OCOP_STARS
                ],
                str(SOURCE_LABELS[figures["source"]]),
            ]
        )
        if figures["certified"] is not None:
            chart.append((str(round_.label), figures["certified"]))
    return Dataset(
        slug="rounds",
        title=_("Evaluation rounds"),
        columns=[
            _("Round"),
            _("Session"),
            _("Level"),
            _("Registered"),
            _("Evaluated"),
            _("Certified"),
            "5★",
            "4★",
            "3★",
            _("Figures"),
        ],
        rows=rows,
        chart_items=chart,
        unit=ngettext_lazy("%(n)s product", "%(n)s products", "n"),
        stacked=True,
    )


SOURCE_LABELS = {
    "reported": _("as the source reports"),
    "recorded": _("counted from recorded dossiers"),
    "none": _("no figures recorded"),
}


def funnel_dataset(rounds):
    """Per year: registered → evaluated → certified, summing what each round's figures give.

    A stage is "—" when no round of the year gives it (not a zero).
    """
    years = {}
    for round_ in rounds:
        figures = round_.figures()
        stages = years.setdefault(
            round_.year, {"registered": None, "evaluated": None, "certified": None}
        )
        for stage in stages:
            if figures[stage] is not None:
                stages[stage] = (stages[stage] or 0) + figures[stage]
    rows, chart = [], []
    for year, stages in sorted(years.items()):
        rows.append(
            [year, *[_or_unknown(stages[s]) for s in ("registered", "evaluated", "certified")]]
        )
        for stage, label in FUNNEL_LABELS.items():
            if stages[stage] is not None:
                chart.append((f"{year} · {label}", stages[stage]))
    return Dataset(
        slug="funnel",
        title=_("From registration to certification, by year"),
        columns=[_("Year"), _("Registered"), _("Evaluated"), _("Certified")],
        rows=rows,
        chart_items=chart,
        unit=ngettext_lazy("%(n)s product", "%(n)s products", "n"),
    )


FUNNEL_LABELS = {
    "registered": _("registered"),
    "evaluated": _("evaluated"),
    "certified": _("certified"),
}


def training_dataset():
    """Per year: courses and study tours, people who attended, officials, producer managers.

    Aggregates only (no names). Attended: as in :mod:`programme.targets`
    (a session ticked, or a course without sessions and a registration not
    cancelled). One query for the events, one for the participants.
    """
    courses = EventPage.objects.live().filter(event_type__in=TRAINING_EVENT_TYPES)
    years = {}
    for start in courses.values_list("start", flat=True):
        year = timezone.localtime(start).year
        years.setdefault(year, {"courses": 0, "people": 0, "officials": 0, "managers": 0})
        years[year]["courses"] += 1
    participants = (
        TrainingParticipant.objects.filter(registration__event__in=courses)
        .exclude(registration__status=RegistrationStatus.CANCELLED)
        .annotate(
            attended=Count("sessions", distinct=True),
            planned=Count("registration__event__training_sessions", distinct=True),
        )
        .values_list("registration__event__start", "role", "attended", "planned")
    )
    for start, role, attended, planned in participants:
        if not (attended or not planned):
            continue
        row = years[timezone.localtime(start).year]
        row["people"] += 1
        if role in OFFICIAL_LEVELS:
            row["officials"] += 1
        elif role == ParticipantRole.PRODUCER_MANAGER:
            row["managers"] += 1
    rows = [
        [year, r["courses"], r["people"], r["officials"], r["managers"]]
        for year, r in sorted(years.items())
    ]
    return Dataset(
        slug="training",
        title=_("Training courses and study tours"),
        columns=[
            _("Year"),
            _("Courses and tours"),
            _("Attended"),
            _("of whom programme officials"),
            _("of whom producer managers"),
        ],
        rows=rows,
        chart_items=[(str(row[0]), row[2]) for row in rows],
        unit=ngettext_lazy("%(n)s person", "%(n)s people", "n"),
    )


def statistics(site=None, today=None, targets=()):
    """Every dataset of the statistics page, computed now from the database.

    ``site``: count the products under its root only; ``targets``: the
    ``ProgrammeTarget`` rows of the targets table (``StatisticsPage.statistics``
    passes them all).
    """
    today = today or timezone.localdate()
    products = product_rows(site, today)
    rounds = evaluation_rounds()
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
        targets_dataset(targets, today),
        rounds_dataset(rounds),
        funnel_dataset(rounds),
        training_dataset(),
    ]
    statuses = Counter(p["cur_status"] for p in products)
    totals = {
        "products": len(products),
        "in_force": sum(statuses[status] for status in Status.IN_FORCE),
        "valid": statuses[Status.VALID],
        "expiring": statuses[Status.EXPIRING],
        "expired": statuses[Status.EXPIRED],
        "unpublished": sum(1 for p in products if not p["certification__stars_published"]),
        "potential_five": sum(1 for p in products if p["certification__potential_five"]),
        "producers": len({p["producer_id"] for p in products if p["producer_id"]}),
        "expiring_this_year": len(datasets[5].extra_rows),
    }
    return Statistics(today=today, totals=totals, datasets={d.slug: d for d in datasets})
