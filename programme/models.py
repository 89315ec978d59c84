"""Programme management models: import log, expiry notices, targets, the statistics page.

- :class:`ImportLog` records every council-decision import (preview and apply):
  who, when, which file, counts and the per-row report.
- :class:`ExpiryNotice` records each 30-day notice / expiry report already
  e-mailed, so the daily command never sends the same line twice.
- :class:`ProgrammeTarget` is a province's (or a locality's) target, e.g.
  "at least 15 provincial-level OCOP products in 2021"; progress is computed
  live by :func:`programme.targets.progress`.
- :class:`StatisticsPage` is the public "OCOP in numbers" page.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField

from core import exports, fastpath
from core.i18n import in_active_language
from core.listing import paginate
from core.models import BasePage
from core.pieces import IntroMixin
from products_catalog import rules
from products_catalog.models import CertificationLevel
from programme import stats, targets
from programme.records import (  # noqa: F401 (the app's models)
    Council,
    CouncilMember,
    CouncilReview,
    Dossier,
    EvaluationRound,
    TrainingParticipant,
    TrainingRoster,
    TrainingSession,
)


class ImportLog(models.Model):
    """One upload of a council's list of certified products.

    ``status`` follows the import: ``previewed`` (checked, nothing written),
    ``rejected`` (the file or some row is broken: nothing can be written),
    ``applied`` (written in one transaction), ``failed`` (an error during
    apply: rolled back). ``report`` holds one dict per data row
    (``row``, ``action``, ``product``, ``producer``, ``decision``,
    ``reasons``); ``file_errors`` the reasons a whole file was refused.
    ``content`` keeps the uploaded bytes so "apply" re-reads exactly the file
    that was previewed (and for audit).
    """

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed, not applied")
        REJECTED = "rejected", _("Rejected")
        APPLIED = "applied", _("Applied")
        FAILED = "failed", _("Failed, rolled back")

    class Source(models.TextChoices):
        ADMIN = "admin", _("Admin upload")
        COMMAND = "command", _("Management command")

    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now, db_index=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("user"),
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("applied by"),
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    file_size = models.PositiveIntegerField(_("file size (bytes)"), default=0)
    file_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, db_index=True)
    column_format = models.CharField(_("column format"), max_length=20, blank=True)
    publish = models.BooleanField(_("publish new products"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    skipped_count = models.PositiveIntegerField(_("skipped"), default=0)
    rejected_count = models.PositiveIntegerField(_("rejected"), default=0)
    file_errors = models.JSONField(_("file errors"), default=list, blank=True)
    report = models.JSONField(_("row report"), default=list, blank=True)
    content = models.BinaryField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("import log entry")
        verbose_name_plural = _("import log")
        ordering = ["-created_at", "-pk"]
        permissions = [("import_decisions", "Can import council decisions")]

    def __str__(self):
        return f"{self.file_name} ({timezone.localtime(self.created_at):%d/%m/%Y %H:%M})"

    @property
    def can_apply(self):
        """True while a clean preview waits to be applied."""
        return self.status == self.Status.PREVIEWED and self.content is not None


class ExpiryNotice(models.Model):
    """A certificate line already e-mailed, to the programme office or to its holder.

    One row per (product, last valid day, kind): ``expiring`` is the 30-day
    notice in the office digest, ``holder`` the same notice sent to the
    producer's e-mail on record (published or not), ``expired`` the report
    that a certificate ran out without a new decision. A re-certification
    gives a new ``valid_until`` and so a new notice 36 months later.
    """

    class Kind(models.TextChoices):
        EXPIRING = "expiring", _("30-day notice")
        EXPIRED = "expired", _("Expired, not re-certified")
        HOLDER = "holder", _("30-day notice to the holder")

    product = models.ForeignKey(
        "products_catalog.ProductPage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("product"),
    )
    valid_until = models.DateField(_("valid until"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    sent_on = models.DateField(_("sent on"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    recipient = models.EmailField(_("sent to"))

    class Meta:
        verbose_name = _("expiry notice")
        verbose_name_plural = _("expiry notices")
        constraints = [
            models.UniqueConstraint(
                fields=["product", "valid_until", "kind"], name="programme_unique_notice"
            )
        ]

    def __str__(self):
        return f"{self.product_id} {self.kind} {self.valid_until}"


class TargetLevel(models.TextChoices):
    """Which certification level a target counts ("" = every level)."""

    ANY = "", _("Any level")
    DISTRICT = CertificationLevel.DISTRICT.value, _("District level only")
    PROVINCIAL = CertificationLevel.PROVINCIAL.value, _("Provincial level only")
    CENTRAL = CertificationLevel.CENTRAL.value, _("Central level only")


def _shortest_first(target):
    return (target.last_year - target.period_start, target.period_start)


class ProgrammeTargetQuerySet(models.QuerySet):
    def for_year(self, year):
        """Targets whose period includes ``year``, shortest period first (a list)."""
        rows = self.select_related("scope")
        return sorted((t for t in rows if t.covers(year)), key=_shortest_first)

    def latest_period(self):
        """Targets of the latest period end (dashboard fallback), shortest first (a list)."""
        rows = list(self.select_related("scope"))
        if not rows:
            return []
        last = max(t.last_year for t in rows)
        return sorted((t for t in rows if t.last_year == last), key=_shortest_first)


class TargetKind(models.TextChoices):
    """What a target counts (see :mod:`programme.targets`)."""

    PRODUCTS_CERTIFIED = "products_certified", _("Products certified")
    OFFICIALS_TRAINED = "officials_trained", _("Programme officials trained (share of the roster)")
    MANAGERS_TRAINED = (
        "managers_trained",
        _("Producer managers trained (share of producers in the year's rounds)"),
    )
    PRODUCTS_REGISTERED = "products_registered", _("Products registered for evaluation")


class ProgrammeTarget(models.Model):
    """A target set by the province: "at least N OCOP products in a period".

    ``kind`` says what counts: products certified (below), products
    registered for evaluation (dossiers and reported registrations of the
    period's rounds), or people trained — then ``target_products`` is the
    required percentage (e.g. 100) of the officials' roster
    (``roster_level`` or every level) or of the producers in the rounds.

    The structured fields say what counts (see :func:`programme.targets.progress`):
    distinct live products with a certification decision whose year lies in
    ``period_start``–``period_end`` (inclusive), with at least ``min_stars``,
    at ``level`` when one is given, new certifications only unless
    ``include_renewals``, and certified in ``scope`` (a locality, the units
    under it and the abolished units it now holds) when a scope is given,
    otherwise anywhere in the province. ``rule`` is the wording of the source,
    ``rule_en`` its English rendering (:attr:`display_rule`).
    """

    kind = models.CharField(
        _("what counts"),
        max_length=20,
        choices=TargetKind.choices,
        default=TargetKind.PRODUCTS_CERTIFIED,
    )
    period_start = models.PositiveSmallIntegerField(_("from year"))
    period_end = models.PositiveSmallIntegerField(
        _("to year"), null=True, blank=True, help_text=_("Leave empty for a one-year target.")
    )
    scope = models.ForeignKey(
        "taxonomy.Locality",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("scope"),
        help_text=_("Leave empty for the whole province."),
    )
    target_products = models.PositiveIntegerField(
        _("target"), help_text=_("Products, or a percentage for people trained.")
    )
    roster_level = models.CharField(
        _("officials of level"),
        max_length=10,
        choices=TrainingRoster.Level.choices,
        blank=True,
        help_text=_("For officials trained; empty for every level."),
    )
    reported_achieved = models.PositiveIntegerField(
        _("figure the province published"),
        null=True,
        blank=True,
        help_text=_("Leave empty while the province has not published its figure."),
    )
    min_stars = models.PositiveSmallIntegerField(
        _("at least"),
        choices=[(n, f"{n}★") for n in sorted(rules.OCOP_STARS)],
        default=rules.OCOP_MIN_STARS,
    )
    level = models.CharField(
        _("certification level"), max_length=12, choices=TargetLevel.choices, blank=True
    )
    include_renewals = models.BooleanField(
        _("count re-certifications"),
        default=False,
        help_text=_("Untick to count new certifications only."),
    )
    rule = models.TextField(_("rule"), help_text=_("The target as the source words it."))
    rule_en = models.TextField(
        _("rule in English"),
        blank=True,
        help_text=_("Empty: the Vietnamese wording is shown."),
    )
    source_url = models.URLField(_("source (web)"), max_length=500, blank=True)
    source_document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("source document"),
    )

    panels = [
        FieldPanel("kind"),
        FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")], heading=_("Period")),
        FieldPanel("scope"),
        FieldRowPanel([FieldPanel("target_products"), FieldPanel("roster_level")]),
        FieldPanel("reported_achieved"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("min_stars"), FieldPanel("level")]),
                FieldPanel("include_renewals"),
            ],
            heading=_("What counts"),
        ),
        FieldPanel("rule"),
        FieldPanel("rule_en"),
        FieldRowPanel([FieldPanel("source_url"), FieldPanel("source_document")]),
    ]

    objects = ProgrammeTargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme target")
        verbose_name_plural = _("programme targets")
        ordering = ["period_start", "period_end", "pk"]

    def __str__(self):
        scope = self.scope.name if self.scope_id else _("province")
        return f"{self.period_label}: {self.target_products} ({scope})"

    @property
    def display_rule(self):
        """The rule in the active language (``rule_en`` in English when filled in)."""
        return in_active_language(self.rule, self.rule_en)

    @property
    def last_year(self):
        return self.period_end or self.period_start

    @property
    def period_label(self):
        """ "2021" or "2022–2025"."""
        if self.last_year == self.period_start:
            return str(self.period_start)
        return f"{self.period_start}–{self.last_year}"

    def covers(self, year):
        return self.period_start <= year <= self.last_year

    def clean(self):
        if self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period ends before it starts.")})
        if self.period_start < rules.FIRST_YEAR or self.last_year > 2100:
            raise ValidationError(
                {"period_start": _("OCOP started in 2018: give a year from 2018.")}
            )

    @property
    def progress(self):
        """Live :class:`programme.targets.Progress` (one query)."""
        return targets.progress(self)


#: Rows a page of a statistics table's "see all" view shows.
TABLE_PAGE_SIZE = 50


class StatisticsPage(IntroMixin, RoutablePageMixin, BasePage):
    """Public "OCOP in numbers": live counts, charts, tables and CSV downloads.

    Sub-routes: the page itself, and ``csv/<dataset>/`` for each table
    (``stars``, ``groups``, ``localities``, ``producer-types``, ``years``,
    ``expiring``, ``targets``). Every number is computed at request time by
    :mod:`programme.stats` from live products.
    """

    method_note = RichTextField(
        _("how the numbers are counted"),
        blank=True,
        help_text=_("Shown under the figures; a default explanation is shown when empty."),
    )

    content_panels = BasePage.content_panels + IntroMixin.intro_panels + [FieldPanel("method_note")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("OCOP in numbers page")

    def statistics(self, today=None):
        """:class:`programme.stats.Statistics` of this page's site, with every target."""
        return stats.statistics(
            self.get_site(), today, ProgrammeTarget.objects.select_related("scope")
        )

    def cached_statistics(self):
        """:meth:`statistics`, kept in the shared cache until content changes or the
        local date turns (:func:`core.fastpath.cached`): every figure reads every product."""

        def compute():
            figures = self.statistics()
            for dataset in figures:
                dataset.svg  # noqa: B018  (drawn once, kept with the figures)
            return figures

        return fastpath.cached(
            f"statistics:{self.pk}", compute, language=translation.get_language()
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["stats"] = self.cached_statistics()
        # Councils with their founding decision; members only where the editor
        # chose to show names (contacts are never shown). Two queries.
        context["councils"] = Council.objects.select_related("locality").prefetch_related(
            "members", "reviews"
        )
        return context

    @path("bang/<slug:dataset>/", name="table_route")
    def table_route(self, request, dataset):
        """Every row of the ``dataset`` table, :data:`TABLE_PAGE_SIZE` a page; 404 if unknown."""
        if dataset not in stats.DATASET_SLUGS:
            raise Http404("Unknown dataset")
        data = self.cached_statistics()[dataset]
        _paginator, rows = paginate(data.full_rows, TABLE_PAGE_SIZE, request.GET.get("page", 1))
        context = {**self.get_context(request), "dataset": data, "rows": rows}
        return TemplateResponse(request, "programme/statistics_table.html", context)

    @path("csv/<slug:dataset>/")
    def csv_route(self, request, dataset):
        """The ``dataset`` table as CSV (:mod:`core.exports`: BOM, no formulas); 404 if unknown.

        Columns are those of the page's table (for ``expiring``: the list of
        certificates).
        """
        if dataset not in stats.DATASET_SLUGS:
            raise Http404("Unknown dataset")
        figures = self.cached_statistics()
        data = figures[dataset]
        filename = f"ocop-{dataset}-{figures.today:%Y-%m-%d}.csv"
        return exports.csv_response(data.csv_columns, data.csv_rows, filename)
