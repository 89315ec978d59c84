"""Localities (administrative units) and OCOP product groups, shared by every app.

``Locality``: province → district-level unit → commune, with the 1 July 2025
reorganisation (district level abolished, provinces merged). ``ProductGroup``:
group → subgroup for each OCOP criteria version. Both are translatable
snippets; :class:`SlugFromNameMixin` also serves other apps' vocabularies
(news categories, event types).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import TranslatableMixin

from core.i18n import english_active, in_active_language
from core.text import fold, slugify_vi
from taxonomy.adminunits import register as adminunits
from taxonomy.panels import AlsoNowInPanel

#: The 2025 reorganisation of administrative units: district-level government abolished and
#: provinces merged; the 2024 units ceased that day (``Locality.abolished_on``).
REORGANISED_ON = datetime.date(2025, 7, 1)


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
    placeholder pictures. ``family`` (top-level groups) joins the groups of
    both versions that are one group for visitors (:mod:`taxonomy.groups`).
    """

    name = models.CharField(_("name"), max_length=150)
    name_en = models.CharField(
        _("English name"),
        max_length=150,
        blank=True,
        help_text=_("Shown on the English pages; the name when blank."),
    )
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
    family = models.SlugField(
        _("family"),
        max_length=80,
        blank=True,
        help_text=_(
            "Top-level groups only: groups of different criteria versions with the same family "
            "are one group for visitors (e.g. “thuc-pham”). Empty: the group's own slug."
        ),
    )
    colour = models.CharField(_("colour"), max_length=7, default="#2e7d32")
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]),
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("criteria_version"), FieldPanel("code")]),
        FieldPanel("parent"),
        FieldPanel("family"),
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

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify_vi(self.name, max_length=80)
        if self.parent_id:
            self.family = ""
        elif not self.family:
            self.family = self.slug
        super().save(*args, **kwargs)

    @property
    def display_name(self):
        """The name in the active language (``name_en`` in English when filled in)."""
        return group_display_name(self.name, self.name_en)


def group_display_name(name, name_en=""):
    """A product group's name in the active language: ``name_en`` in English when filled
    in, else ``name`` (for rows read with ``values()``, as :attr:`ProductGroup.display_name`)."""
    return in_active_language(name, name_en)


def locality_display_name(name, short_name="", unit_type=""):
    """A locality's name in the active language: composed in English
    (:func:`english_unit_name`), else ``name`` (as :attr:`Locality.display_name`)."""
    return english_unit_name(name, short_name, unit_type) if english_active() else name


class Register(models.TextChoices):
    """The national register of administrative units a :class:`Locality` comes from."""

    R2024 = adminunits.OLD, _("Until 30 June 2025")
    R2025 = adminunits.NEW, _("Since 1 July 2025")


class UnitType(models.TextChoices):
    """Official unit types (``taxonomy.adminunits.register.UNIT_TYPES``).

    English labels name the type so that English names can be composed from
    type + proper name ("Tuy An District"); the Vietnamese catalogue gives the
    official words (Huyện, Thị xã…).
    """

    TINH = "tinh", _("Province")
    THANH_PHO_TW = "thanh_pho_tw", _("Centrally governed city")
    HUYEN = "huyen", _("Rural district")
    QUAN = "quan", _("Urban district")
    THI_XA = "thi_xa", _("District-level town")
    THANH_PHO = "thanh_pho", _("Provincial city")
    XA = "xa", _("Commune")
    PHUONG = "phuong", _("Ward")
    THI_TRAN = "thi_tran", _("Township")
    DAC_KHU = "dac_khu", _("Special zone")


#: English words for the unit types, after the proper name ("Tuy An District"): how
#: English names are composed (issue 13) instead of translating every unit by hand.
ENGLISH_UNIT_WORDS = {
    "tinh": "Province",
    "thanh_pho_tw": "City",
    "huyen": "District",
    "quan": "District",
    "thi_xa": "Town",
    "thanh_pho": "City",
    "xa": "Commune",
    "phuong": "Ward",
    "thi_tran": "Township",
    "dac_khu": "Special Zone",
}
#: Vietnamese type words a hand-made unit's name may start with (no ``unit_type`` set).
VIETNAMESE_UNIT_PREFIXES = (
    ("Thành phố ", "thanh_pho"),
    ("Thị trấn ", "thi_tran"),
    ("Thị xã ", "thi_xa"),
    ("Đặc khu ", "dac_khu"),
    ("Phường ", "phuong"),
    ("Huyện ", "huyen"),
    ("Quận ", "quan"),
    ("Tỉnh ", "tinh"),
    ("Xã ", "xa"),
)


def english_unit_name(name, short_name="", unit_type=""):
    """ "Tuy An District" from ("Huyện Tuy An", "Tuy An", "huyen"); the name unchanged when
    neither the type nor a known Vietnamese prefix says what the unit is."""
    if not (short_name and unit_type):
        for prefix, kind in VIETNAMESE_UNIT_PREFIXES:
            if name.startswith(prefix):
                short_name, unit_type = name[len(prefix) :].strip(), kind
                break
    word = ENGLISH_UNIT_WORDS.get(unit_type)
    if not (short_name and word):
        return name
    # A numbered unit reads "Ward 1", a named one "Tuy An District".
    return f"{word} {short_name}" if short_name.isdigit() else f"{short_name} {word}"


class Locality(TranslatableMixin, models.Model):
    """An administrative unit: province, district-level unit or commune.

    The 1 July 2025 reorganisation abolished district-level government and
    merged provinces: an abolished unit keeps its record (products keep the
    locality at certification) and ``successor`` points to the unit that holds
    it now; :attr:`current_unit` follows that chain. A unit split between
    several new units lists the others in ``also_now_in``.

    Units taken from the national register (:mod:`taxonomy.adminunits`) carry
    their ``register`` ("2024": until 30/06/2025, "2025": since) and
    ``official_code`` (unique per register and locale), ``unit_type`` and
    ``short_name`` (the name without its type: "Tuy An"). Hand-made units leave
    them empty.

    Slugs (the public ``?locality=`` value) are unique per locale, hence also
    within a parent; see :mod:`taxonomy.units` for how they are made.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        DISTRICT = "district", _("District-level unit")
        COMMUNE = "commune", _("Commune-level unit")

    name = models.CharField(_("name"), max_length=120, help_text=_("e.g. “Huyện Tuy An”."))
    short_name = models.CharField(
        _("proper name"),
        max_length=120,
        blank=True,
        help_text=_("The name without its type, e.g. “Tuy An”."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        blank=True,
        help_text=_("Used in addresses (?locality=…). Empty: made from the name."),
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    unit_type = models.CharField(
        _("unit type"), max_length=12, choices=UnitType.choices, blank=True
    )
    register = models.CharField(
        _("register"), max_length=4, choices=Register.choices, blank=True, db_index=True
    )
    official_code = models.CharField(
        _("official code"),
        max_length=5,
        blank=True,
        help_text=_("Code in the national register: 2 digits (province), 3 or 5 digits."),
    )
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
    also_now_in = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="partial_predecessors",
        verbose_name=_("also now in"),
        help_text=_("For a unit split in 2025: the other units that hold part of it."),
    )
    #: Folded name and the names of the units above (admin search without diacritics).
    search_key = models.CharField(max_length=400, blank=True, editable=False)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("short_name")]),
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("level"), FieldPanel("unit_type"), FieldPanel("parent")]),
        FieldRowPanel([FieldPanel("abolished_on"), FieldPanel("successor")]),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("register"), FieldPanel("official_code")]),
                AlsoNowInPanel(heading=_("Also now in")),
            ],
            heading=_("National register"),
        ),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("locality")
        verbose_name_plural = _("localities")
        ordering = ["level", "name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]
        constraints = [
            models.UniqueConstraint(
                fields=["register", "official_code", "locale"],
                condition=~Q(official_code=""),
                name="taxonomy_locality_official_code_unique",
            ),
        ]

    def __str__(self):
        if self.parent_id:
            return f"{self.name}, {self.parent.name}"
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            from_name = self.short_name if self.level == self.Level.PROVINCE else ""
            self.slug = free_slug(self, slugify_vi(from_name or self.name, max_length=80))
        self.search_key = self.make_search_key()
        super().save(*args, **kwargs)

    @property
    def english_name(self):
        """The name composed in English: proper name + unit type ("Tuy An District")."""
        return english_unit_name(self.name, self.short_name, self.unit_type)

    @property
    def display_name(self):
        """The name in the active language: :attr:`english_name` in English, else ``name``.

        The English parts are read only in English (listings may defer them)."""
        if not english_active():
            return self.name
        return locality_display_name(self.name, self.short_name, self.unit_type)

    @property
    def history_name(self):
        """ "Tuy An District (former), now Đắk Lắk Province" for an abolished unit, in the
        active language; :attr:`display_name` for a unit that still exists."""
        current = self.current_unit
        if current.pk == self.pk:
            return self.display_name
        return gettext("%(unit)s (former), now %(current)s") % {
            "unit": self.display_name,
            "current": current.display_name,
        }

    @property
    def code(self):
        """The register-qualified code (``"2024:559"``), or ``""`` for a hand-made unit."""
        if self.register and self.official_code:
            return adminunits.make_code(self.register, self.official_code)
        return ""

    @property
    def is_abolished(self):
        return self.abolished_on is not None

    @property
    def now_held_by(self):
        """The unit that holds this one today when it is another (an abolished unit's
        successor, followed to the end), else ``None``: what pages show as "now: …"."""
        current = self.current_unit
        return None if current.pk == self.pk else current

    @property
    def current_unit(self):
        """The unit that holds this one today (itself when not abolished)."""
        unit, seen = self, set()
        while unit.successor_id and unit.pk not in seen:
            seen.add(unit.pk)
            unit = unit.successor
        return unit

    @property
    def province(self):
        """The province this unit lies in (itself for a province), or ``None`` if unknown.

        Walks ``parent``: select ``parent__parent`` with the unit to keep it query-free.
        """
        unit, seen = self, set()
        while unit is not None and unit.pk not in seen:
            if unit.level == self.Level.PROVINCE:
                return unit
            seen.add(unit.pk)
            unit = unit.parent
        return None

    def ancestor_names(self):
        names, unit, seen = [], self.parent, {self.pk}
        while unit is not None and unit.pk not in seen:
            seen.add(unit.pk)
            names.append(unit.name)
            unit = unit.parent
        return names

    def make_search_key(self, ancestor_names=None):
        """``"huyen tuy an tuy an tinh phu yen"``: what the admin's search looks in."""
        names = self.ancestor_names() if ancestor_names is None else ancestor_names
        return fold(" ".join(n for n in [self.name, self.short_name, *names] if n))[:400]

    def clean(self):
        if self.successor_id and self.successor_id == self.pk:
            raise ValidationError({"successor": _("A unit cannot succeed itself.")})
        if self.official_code and not self.register:
            raise ValidationError({"register": _("Give the register of the official code.")})


def free_slug(unit, slug):
    """``slug``, or it qualified by the parent's name (then a number) when another unit of the
    same locale holds it: "xa-hoa-binh" → "xa-hoa-binh-tuy-an" → "xa-hoa-binh-tuy-an-2"."""
    taken = Locality.objects.filter(locale_id=unit.locale_id).exclude(pk=unit.pk)
    candidates = [slug]
    if unit.parent_id:
        parent = unit.parent
        qualified = f"{slug}-{slugify_vi(parent.short_name or parent.name, 40)}"
        candidates.append(qualified[:80].rstrip("-"))
    for candidate in candidates:
        if not taken.filter(slug=candidate).exists():
            return candidate
    number = 2
    while taken.filter(slug=f"{candidates[-1][:75]}-{number}").exists():
        number += 1
    return f"{candidates[-1][:75]}-{number}"
