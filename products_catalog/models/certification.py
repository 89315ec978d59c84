"""Certification as it is issued: decisions that list products, revocations, one summary.

- :class:`CertificationDecision` is one document (number, date or year,
  issuing body, level, criteria version, batch, file) whose
  :class:`DecisionLine` rows give each product's stars, score and kind.
- :class:`RevocationDecision` ends the certificates of its
  :class:`RevocationLine` products early, with its reason.
- :class:`CertificationSummary` is derived from those by
  :func:`products_catalog.certification.refresh_summaries`: one row per
  product (shared by all its translations, through ``translation_key``), not
  revisioned, so publishing an old draft of the page never changes it.

The rules themselves live in :mod:`products_catalog.rules`.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable
from wagtail.search import index

from products_catalog import rules
from products_catalog.decision_forms import ACKNOWLEDGE_FIELD, CertificationDecisionForm
from taxonomy.models import CriteriaVersion

#: Who issued a decision: the rules' own vocabulary.
CertificationLevel = rules.Level


class NumberedDecision(ClusterableModel):
    """Fields shared by certification and revocation decisions."""

    number = models.CharField(
        _("decision number"), max_length=80, blank=True, help_text=_("e.g. 1234/QĐ-UBND")
    )
    number_key = models.CharField(max_length=80, blank=True, editable=False, db_index=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    issuing_body = models.CharField(
        _("issuing body"), max_length=200, blank=True, help_text=_("e.g. UBND tỉnh Phú Yên")
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decision document"),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.number_key = rules.decision_number_key(self.number)[:80]
        super().save(*args, **kwargs)


class CertificationDecision(index.Indexed, NumberedDecision):
    """A decision certifying products ("quyết định công nhận sản phẩm OCOP").

    ``decision_year`` alone when the source gives no date (then validity is
    approximate); with a date it is the date's year. ``acknowledged`` keeps
    the warnings of the rules that were accepted: ``[{"code", "message",
    "product", "by", "at"}]`` (``product``: page id; ``by``: username, or
    "import" with the ``import_log`` id when an import applied them). The
    admin form (:mod:`products_catalog.decision_forms`) checks every line
    with the rules before saving.
    """

    decision_year = models.PositiveSmallIntegerField(
        _("decision year"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("When only the year is known."),
    )
    level = models.CharField(
        _("level"), max_length=12, choices=CertificationLevel.choices, blank=True
    )
    criteria_version = models.CharField(
        _("criteria version"), max_length=12, choices=CriteriaVersion.choices, blank=True
    )
    batch = models.CharField(
        _("batch"), max_length=120, blank=True, help_text=_("e.g. đợt 1 năm 2022")
    )
    acknowledged = models.JSONField(_("acknowledged warnings"), default=list, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("batch")]),
        FieldRowPanel([FieldPanel("decision_date"), FieldPanel("decision_year")]),
        FieldRowPanel([FieldPanel("issuing_body"), FieldPanel("level")]),
        FieldPanel("criteria_version"),
        FieldPanel("document"),
        FieldPanel("note"),
        InlinePanel("lines", heading=_("Products certified"), label=_("product")),
        FieldPanel(ACKNOWLEDGE_FIELD),
    ]
    base_form_class = CertificationDecisionForm
    search_fields = [
        index.SearchField("number"),
        index.SearchField("issuing_body"),
        index.SearchField("batch"),
        index.AutocompleteField("number"),
        index.FilterField("level"),
        index.FilterField("decision_year"),
    ]

    class Meta:
        verbose_name = _("certification decision")
        verbose_name_plural = _("certification decisions")
        ordering = ["-decision_year", "-decision_date", "-pk"]

    def __str__(self):
        when = self.decision_date.strftime("%d/%m/%Y") if self.decision_date else self.decision_year
        number = self.number or _("no number")
        return f"{number} ({when or '—'})"

    def save(self, *args, **kwargs):
        if self.decision_date:
            self.decision_year = self.decision_date.year
        super().save(*args, **kwargs)

    @property
    def valid_until(self):
        """``(last valid day, approximate)`` of the certificates it issued."""
        return rules.valid_until(self.decision_date, self.decision_year)

    @property
    def legal_basis(self):
        return rules.legal_basis(self.decision_date, self.decision_year)


class DecisionLine(Orderable):
    """One product certified by a decision: stars, score (0–100), new or re-certification."""

    class Kind(models.TextChoices):
        NEW = "new", _("New certification")
        RENEWAL = "renewal", _("Re-certification")

    decision = ParentalKey(CertificationDecision, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        "products_catalog.ProductPage",
        on_delete=models.CASCADE,
        related_name="decision_lines",
        verbose_name=_("product"),
    )
    stars = models.PositiveSmallIntegerField(
        _("stars"), choices=[(n, f"{n}★") for n in range(1, rules.MAX_STARS + 1)]
    )
    stars_published = models.BooleanField(
        _("star level published"),
        default=True,
        help_text=_("Untick when the source only says '3 stars or more'."),
    )
    score = models.PositiveSmallIntegerField(_("score (0–100)"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NEW)
    note = models.CharField(_("note"), max_length=255, blank=True)

    panels = [
        FieldPanel("product"),
        FieldRowPanel([FieldPanel("stars"), FieldPanel("stars_published"), FieldPanel("score")]),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("note")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("certified product")
        verbose_name_plural = _("certified products")
        constraints = [
            models.UniqueConstraint(fields=["decision", "product"], name="one_line_per_product")
        ]

    def __str__(self):
        return f"{self.decision} · {self.stars}★"

    @property
    def recency(self):
        return rules.recency_key(
            self.decision.decision_date, self.decision.decision_year, self.pk or 0
        )

    @property
    def potential_five(self):
        return rules.is_potential_five(self.stars, self.score, self.decision.level)


class RevocationDecision(NumberedDecision):
    """A decision revoking certificates before they expire ("thu hồi giấy chứng nhận")."""

    reason = models.TextField(_("reason"))

    panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("decision_date")]),
        FieldPanel("issuing_body"),
        FieldPanel("reason"),
        FieldPanel("document"),
        FieldPanel("note"),
        InlinePanel("lines", heading=_("Products revoked"), label=_("product"), min_num=1),
    ]

    class Meta:
        verbose_name = _("revocation decision")
        verbose_name_plural = _("revocation decisions")
        ordering = ["-decision_date", "-pk"]

    def __str__(self):
        when = self.decision_date.strftime("%d/%m/%Y") if self.decision_date else "—"
        number = self.number or _("no number")
        return f"{number} ({when})"

    def clean(self):
        super().clean()
        errors = rules.revocation_errors(self.decision_date, timezone.localdate())
        if errors:
            raise ValidationError(errors)


class RevocationLine(Orderable):
    revocation = ParentalKey(RevocationDecision, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        "products_catalog.ProductPage",
        on_delete=models.CASCADE,
        related_name="revocation_lines",
        verbose_name=_("product"),
    )

    panels = [FieldPanel("product")]

    class Meta(Orderable.Meta):
        verbose_name = _("revoked product")
        verbose_name_plural = _("revoked products")


class CertificationSummary(models.Model):
    """A product's certificate as the rules read it today; derived, never edited.

    One row per product identity (``translation_key``, shared by its
    translations). Written only by
    :func:`products_catalog.certification.refresh_summaries`. ``stars`` is
    ``None`` without any decision; ``revoked_on`` is set when a revocation
    ended the ruling certificate. The status is not stored: it depends on
    the day (:func:`products_catalog.rules.status_expression`).
    """

    translation_key = models.UUIDField(unique=True)
    line = models.ForeignKey(
        DecisionLine, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stars = models.PositiveSmallIntegerField(null=True, blank=True, db_index=True)
    stars_published = models.BooleanField(default=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    potential_five = models.BooleanField(default=False, db_index=True)
    level = models.CharField(max_length=12, blank=True)
    criteria_version = models.CharField(max_length=12, blank=True)
    decision_number = models.CharField(max_length=80, blank=True)
    issuing_body = models.CharField(max_length=200, blank=True)
    decision_date = models.DateField(null=True, blank=True)
    decision_year = models.PositiveSmallIntegerField(null=True, blank=True, db_index=True)
    valid_until = models.DateField(null=True, blank=True, db_index=True)
    valid_until_approximate = models.BooleanField(default=True)
    revocation = models.ForeignKey(
        RevocationDecision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_on = models.DateField(null=True, blank=True, db_index=True)
    revocation_reason = models.TextField(blank=True)
    first_year = models.PositiveSmallIntegerField(null=True, blank=True)
    decisions_count = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("certification summary")
        verbose_name_plural = _("certification summaries")
        indexes = [models.Index(fields=["stars", "valid_until"], name="summary_stars_valid")]

    def __str__(self):
        return f"{self.stars or '—'}★ until {self.valid_until or '—'}"

    @property
    def is_ocop(self):
        return rules.is_ocop(self.stars)

    def status(self, today):
        """The :class:`~products_catalog.rules.Status` value on ``today``."""
        return rules.status_for(self.valid_until, today, self.revoked_on)


class Inspection(models.Model):
    """A post-certification check ("hậu kiểm") of a certified product.

    Lives in the catalogue (not in ``programme``) because the product page
    and the buyers' certificate check show it and may not import upwards.
    ``revocation`` links the revocation decision when the check led to one.
    """

    class Result(models.TextChoices):
        COMPLIANT = "compliant", _("Compliant")
        CORRECTIVE = "corrective", _("Corrective action required")
        REVOKED = "revoked", _("Certificate revoked")

    product = models.ForeignKey(
        "products_catalog.ProductPage",
        on_delete=models.CASCADE,
        related_name="inspections",
        verbose_name=_("product"),
    )
    inspected_on = models.DateField(_("date"))
    body = models.CharField(
        _("inspecting body"), max_length=200, help_text=_("e.g. Sở Nông nghiệp và PTNT")
    )
    findings = models.TextField(_("findings"), blank=True)
    result = models.CharField(_("result"), max_length=12, choices=Result.choices)
    revocation = models.ForeignKey(
        RevocationDecision,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inspections",
        verbose_name=_("revocation decision"),
    )
    public = models.BooleanField(
        _("show publicly"), default=True, help_text=_("Shown on the product page and the check.")
    )

    panels = [
        FieldPanel("product"),
        FieldRowPanel([FieldPanel("inspected_on"), FieldPanel("body")]),
        FieldPanel("findings"),
        FieldRowPanel([FieldPanel("result"), FieldPanel("revocation")]),
        FieldPanel("public"),
    ]

    class Meta:
        verbose_name = _("post-certification inspection")
        verbose_name_plural = _("post-certification inspections")
        ordering = ["-inspected_on", "-pk"]

    def __str__(self):
        return f"{self.inspected_on:%d/%m/%Y} · {self.get_result_display()}"

    def clean(self):
        if self.revocation_id and self.result != self.Result.REVOKED:
            raise ValidationError(
                {"revocation": _("A revocation decision goes with the result 'revoked'.")}
            )
