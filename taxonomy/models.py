"""Localities (administrative units) and OCOP product groups, shared by every app.

``Locality``: province → district-level unit → commune, with the 1 July 2025
reorganisation (district level abolished, provinces merged). ``ProductGroup``:
group → subgroup for each OCOP criteria version. Both are translatable
snippets; :class:`SlugFromNameMixin` also serves other apps' vocabularies
(news categories, event types).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import TranslatableMixin

from core.text import slugify_vi


class CriteriaVersion(models.TextChoices):
    """The OCOP criteria set a group or a decision belongs to."""

    D1048_2019 = "1048-2019", _("Decision 1048/QĐ-TTg (2019)")
    D148_2023 = "148-2023", _("Decision 148/QĐ-TTg (2023)")


class SlugFromNameMixin(models.Model):
    """Fill an empty ``slug`` from ``name`` with :func:`core.text.slugify_vi`."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify_vi(self.name, max_length=80)
        super().save(*args, **kwargs)


class ProductGroup(TranslatableMixin, SlugFromNameMixin):
    """A product group or subgroup of one OCOP criteria version.

    Groups come from the criteria decisions (1048/QĐ-TTg 2019, 148/QĐ-TTg
    2023: six groups each), seeded by a data migration; a subgroup points to
    its group through ``parent``. ``colour`` (hex "#rrggbb") tints cards and
    placeholder pictures.
    """

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=80, blank=True)
    criteria_version = models.CharField(
        _("criteria version"), max_length=12, choices=CriteriaVersion.choices
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subgroups",
        verbose_name=_("group"),
        help_text=_("Leave empty for a top-level group."),
    )
    code = models.CharField(_("code"), max_length=10, blank=True, help_text=_("e.g. 1.3"))
    colour = models.CharField(_("colour"), max_length=7, default="#2e7d32")
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("criteria_version"), FieldPanel("code")]),
        FieldPanel("parent"),
        FieldRowPanel([FieldPanel("colour"), FieldPanel("sort_order")]),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("product group")
        verbose_name_plural = _("product groups")
        ordering = ["criteria_version", "sort_order", "name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]

    def __str__(self):
        prefix = f"{self.parent.name} › " if self.parent_id else ""
        return f"{prefix}{self.name} ({self.get_criteria_version_display()})"


class Locality(TranslatableMixin, SlugFromNameMixin):
    """An administrative unit: province, district-level unit or commune.

    The 1 July 2025 reorganisation abolished district-level government and
    merged provinces: an abolished unit keeps its record (products keep the
    locality at certification) and ``successor`` points to the unit that holds
    it now; :attr:`current_unit` follows that chain.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        DISTRICT = "district", _("District-level unit")
        COMMUNE = "commune", _("Commune-level unit")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("part of"),
    )
    abolished_on = models.DateField(_("abolished on"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
        verbose_name=_("now held by"),
        help_text=_("For an abolished unit: the unit that holds its territory now."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("level"), FieldPanel("parent")]),
        FieldRowPanel([FieldPanel("abolished_on"), FieldPanel("successor")]),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("locality")
        verbose_name_plural = _("localities")
        ordering = ["level", "name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]

    def __str__(self):
        if self.parent_id:
            return f"{self.name}, {self.parent.name}"
        return self.name

    @property
    def is_abolished(self):
        return self.abolished_on is not None

    @property
    def current_unit(self):
        """The unit that holds this one today (itself when not abolished)."""
        unit, seen = self, set()
        while unit.successor_id and unit.pk not in seen:
            seen.add(unit.pk)
            unit = unit.successor
        return unit

    def clean(self):
        if self.successor_id and self.successor_id == self.pk:
            raise ValidationError({"successor": _("A unit cannot succeed itself.")})
