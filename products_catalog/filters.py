"""Catalogue and producer-directory filters (django-filter), on :mod:`core.listing`.

Query-string names are a public contract. Catalogue: ``stars`` (3, 4, 5;
repeatable), ``group`` (a family's slug such as ``thuc-pham``, both criteria
versions; a version's group or a subgroup slug also works, and the pages redirect a
version's group to its family), ``locality`` (slug), ``producer_type``,
``year``, ``status`` (valid, expiring, expired, unknown), ``tag`` (slug),
``sort`` (newest, stars, name). Directory: ``producer_type``, ``locality``,
``group``, ``stars`` (best star level), ``valid`` (1), ``sort`` (name,
stars, products). An unknown or malformed value is ignored and reported; it
never raises. The same :class:`ProductFilter` serves the catalogue, the API
and site search.

This module imports no model of this app: querysets come from the caller
(``ProductPage.objects.for_cards()``, ``ProducerPage.objects.for_cards()``).
"""

import django_filters
from django import forms
from django.db.models import Case, Exists, F, OuterRef, Value, When
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core import fastpath
from core.listing import ListingFilterSet, SortFilter, vietnamese_order
from core.models import Tag
from core.text import sort_key
from products_catalog import rules
from products_catalog.rules import ProducerType, Status
from taxonomy.groups import families, group_choice
from taxonomy.models import Locality
from taxonomy.tree import cached_holders_of, family_ids, upward_closure

#: A provincial 4★ scored 90+, until the central council decides (rules.is_potential_five).
POTENTIAL_CHOICES = [("1", _("4★ · potential 5★"))]
STAR_CHOICES = [(str(n), f"{n}★") for n in rules.OCOP_STARS]
#: Statuses a listed product can have (revoked products are not listed).
LISTED_STATUSES = [(value, label) for value, label in Status.CHOICES if value != Status.REVOKED]
# Products of a named producer before those whose source names none (a fuller card first).
NAMED_FIRST = Case(When(producer__isnull=True, then=Value(1)), default=Value(0))
DEFAULT_ORDER = (
    "status_rank",
    F("cur_stars").desc(nulls_last=True),
    NAMED_FIRST.asc(),
    "sort_title",
    "pk",
)
SORT_ORDERS = {
    "newest": (
        F("cur_year").desc(nulls_last=True),
        F("certification__decision_date").desc(nulls_last=True),
        "sort_title",
        "pk",
    ),
    "stars": (F("cur_stars").desc(nulls_last=True), "status_rank", "sort_title", "pk"),
    "name": ("sort_title", "pk"),
}
SORT_LABELS = {
    "newest": _("Newest certification"),
    "stars": _("Most stars"),
    "name": _("Name A–Z"),
}


def locality_family_ids(locality):
    """Ids of ``locality`` and every unit it contains or now holds.

    Filtering by the new province also finds products certified in the
    districts it absorbed in 2025. Reads only that part of the tree
    (:func:`taxonomy.tree.family_ids`: one query per level).
    """
    # Cached until content changes: a province's family is thousands of ids read in up
    # to five queries (48 ms for Hà Nội in the 20,000-product benchmark).
    return fastpath.cached(f"locality-family:{locality.pk}", lambda: family_ids([locality.pk]))


def locality_facet(counts_by_id):
    """Units to offer in the locality filter with their counts.

    ``counts_by_id`` maps the locality ids rows point at to counts; the
    result adds the units above them and the units that now hold them, each
    counted over its whole family. Shape: ``(units, {slug: count})``,
    provinces first, then Vietnamese A–Z. Reads only those units and the
    links between them (:func:`taxonomy.tree.cached_holders_of`).
    """
    by_pk, holders = cached_holders_of(counts_by_id)
    counts = dict.fromkeys(by_pk, 0)
    for pk, count in counts_by_id.items():
        if pk in by_pk:
            for holder in upward_closure(pk, holders):
                counts[holder] += count
    level_order = {Locality.Level.PROVINCE: 0, Locality.Level.DISTRICT: 1}
    units = sorted(
        by_pk.values(), key=lambda unit: (level_order.get(unit.level, 2), sort_key(unit.name))
    )
    return units, {unit.slug: counts[unit.pk] for unit in units}


class GroupField(forms.CharField):
    """A ``?group=`` value → :class:`taxonomy.groups.GroupChoice` (family, group or subgroup)."""

    default_error_messages = {
        "invalid_choice": _(
            "Select a valid choice. That choice is not one of the available choices."
        ),
    }

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        choice = group_choice(value)
        if choice is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], "invalid_choice")
        return choice


class GroupFilter(django_filters.Filter):
    """``?group=``: a family slug (both criteria versions: ``thuc-pham``), a version's group
    slug (that version only: ``thuc-pham-2023``) or a subgroup slug."""

    field_class = GroupField

    def __init__(self, *args, prefix="", **kwargs):
        self.prefix = prefix
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value is None:
            return qs
        return qs.filter(value.q(self.prefix))


def legacy_group_redirect(request):
    """The URL ``?group=<a version's group>`` moved to (its family's), or ``None``.

    ``?group=thuc-pham-2023&stars=4`` → ``?group=thuc-pham&stars=4``: old catalogue
    links keep working and land on the family, which lists both versions.
    """
    values = request.GET.getlist("group")
    if len(values) != 1:
        return None
    choice = group_choice(values[0])
    family = choice.legacy_family if choice else ""
    if not family:
        return None
    query = request.GET.copy()
    query.setlist("group", [family])
    return f"{request.path}?{query.urlencode()}"


class LocalityFacetMixin:
    """A ``locality`` facet counted over families (a province counts its districts).

    The family of the chosen unit is read once per request: the copies of the
    filterset that count the other facets share ``family_cache``.
    """

    def __init__(self, *args, family_cache=None, **kwargs):
        self._family_cache = {} if family_cache is None else family_cache
        super().__init__(*args, **kwargs)

    def filterset_kwargs(self):
        return {**super().filterset_kwargs(), "family_cache": self._family_cache}

    #: ``{locality id: n}`` of other listed items the locality filter applies to (a
    #: search's producers and events), counted in the locality facet with the rows.
    extra_locality_counts = {}

    def facet_counts(self):
        counts = super().facet_counts()
        by_id = {int(pk): n for pk, n in counts["locality"].items()}
        for pk, n in self.extra_locality_counts.items():
            by_id[pk] = by_id.get(pk, 0) + n
        # The chosen unit stays on offer when the other filters leave it nothing: dropped,
        # the form would show "all" and "Apply" would silently clear it.
        chosen = self.form.cleaned_data.get("locality") if self.is_valid() else None
        if chosen is not None:
            by_id.setdefault(chosen.pk, 0)
        self._locality_units, counts["locality"] = locality_facet(by_id)
        return counts

    def filter_locality(self, queryset, name, value):
        if value.pk not in self._family_cache:
            self._family_cache[value.pk] = locality_family_ids(value)
        return queryset.filter(locality__in_ids=self._family_cache[value.pk])


class ProductFilter(LocalityFacetMixin, ListingFilterSet):
    """Filters for product querysets from ``ProductPage.objects.for_cards()``.

    ``year_choices`` (certification years to offer, newest first) defaults
    to the years present in the queryset.
    """

    stars = django_filters.MultipleChoiceFilter(
        field_name="cur_stars", choices=STAR_CHOICES, label=_("Stars")
    )
    group = GroupFilter(label=_("Product group"))
    locality = django_filters.ModelChoiceFilter(
        queryset=Locality.objects.all(),
        to_field_name="slug",
        method="filter_locality",
        label=_("Locality"),
    )
    producer_type = django_filters.ChoiceFilter(
        field_name="producer__producer_type",
        choices=ProducerType.choices,
        label=_("Producer type"),
    )
    year = django_filters.TypedChoiceFilter(
        field_name="cur_year", coerce=int, choices=[], label=_("Certification year")
    )
    status = django_filters.ChoiceFilter(
        field_name="cur_status", choices=LISTED_STATUSES, label=_("Certificate status")
    )
    tag = django_filters.ModelChoiceFilter(
        queryset=Tag.objects.all(), to_field_name="slug", field_name="tags", label=_("Tag")
    )
    potential = django_filters.ChoiceFilter(
        field_name="cur_potential", choices=POTENTIAL_CHOICES, label=_("Potential 5★")
    )
    sort = SortFilter(
        orders=SORT_ORDERS, default=DEFAULT_ORDER, labels=SORT_LABELS, label=_("Sort by")
    )

    facets = {
        "stars": "cur_stars",
        "group": "group__family",
        "locality": "locality_id",
        "producer_type": "producer__producer_type",
        "year": "cur_year",
        "status": "cur_status",
        "tag": "tags__slug",
        "potential": "cur_potential",
    }
    single_choice = ("producer_type", "status")
    ranked_facets = ("stars", "year", "status")
    # One read of the listed products' facts for the facets, not eight GROUP BYs that each
    # join all of them again (first visitor, 20,000 products: 577 → 320 ms a page).
    facets_in_one_pass = True
    multi_valued_facets = ("tag",)

    def __init__(self, data=None, queryset=None, *, year_choices=None, **kwargs):
        if year_choices is None and queryset is not None:
            # Every listed product's year: cached until content changes (core.fastpath).
            sql = fastpath.query_text(queryset)
            year_choices = (
                fastpath.cached(f"years:{sql}", lambda: self.listed_years(queryset))
                if sql
                else self.listed_years(queryset)
            )
        self.year_choices = list(year_choices or [])
        super().__init__(data, queryset=queryset, **kwargs)
        self.form.fields["year"].choices = [("", "---------")] + [
            (str(year), str(year)) for year in self.year_choices
        ]

    @staticmethod
    def listed_years(queryset):
        """Certification years of ``queryset``'s products, newest first (one query)."""
        return ProductFilter.years_of(
            queryset.order_by().values_list("cur_year", flat=True).distinct()
        )

    @staticmethod
    def years_of(years):
        """The year choices for certification ``years`` (ints or None): distinct, newest first."""
        return sorted({year for year in years if year}, reverse=True)

    def filterset_kwargs(self):
        return {**super().filterset_kwargs(), "year_choices": self.year_choices}

    def facet_options(self, name, counts):
        if name == "group":
            # Every family's name, read once per language until content changes (a search
            # asked for the first time builds its facets: one query fewer).
            names = fastpath.cached(
                "family-names",
                lambda: [(family.slug, family.name) for family in families()],
                language=translation.get_language(),
            )
            # Offered: what the other filters leave something for, and what is chosen (a
            # chosen value with no product must stay checked, or "Apply" would clear it).
            offered = set(counts) | set(self.selected().get(name, []))
            return vietnamese_order([(slug, label) for slug, label in names if slug in offered])
        if name == "locality":
            return [(unit.slug, unit.display_name) for unit in self._locality_units]
        if name == "tag":
            offered = set(counts) | set(self.selected().get(name, []))
            tags = Tag.objects.filter(slug__in=offered)
            return vietnamese_order([(tag.slug, tag.display_name) for tag in tags])
        return super().facet_options(name, counts)


PRODUCER_SORT_ORDERS = {
    "name": ("sort_title", "pk"),
    "stars": (F("best_stars").desc(nulls_last=True), "-valid_count", "sort_title", "pk"),
    "products": ("-certified_count", "-valid_count", "sort_title", "pk"),
}
PRODUCER_SORT_LABELS = {
    "name": _("Name A–Z"),
    "stars": _("Most stars"),
    "products": _("Most certified products"),
}
VALID_CHOICES = [("1", _("Has a valid certificate"))]


class ProducerFilter(LocalityFacetMixin, ListingFilterSet):
    """Filters for producers from ``ProducerPage.objects.for_cards()``.

    ``group``: a group or subgroup of any listed product of the producer;
    ``stars``: the producer's best star level; ``valid=1``: at least one
    product with a certificate in force.
    """

    producer_type = django_filters.ChoiceFilter(
        choices=ProducerType.choices, label=_("Producer type")
    )
    locality = django_filters.ModelChoiceFilter(
        queryset=Locality.objects.all(),
        to_field_name="slug",
        method="filter_locality",
        label=_("Locality"),
    )
    group = GroupFilter(method="filter_group", label=_("Product group"))
    stars = django_filters.MultipleChoiceFilter(
        field_name="best_stars", choices=STAR_CHOICES, label=_("Highest star level")
    )
    valid = django_filters.ChoiceFilter(
        choices=VALID_CHOICES, method="filter_valid", label=_("Certificate")
    )
    sort = SortFilter(
        orders=PRODUCER_SORT_ORDERS,
        default=PRODUCER_SORT_ORDERS["name"],
        labels=PRODUCER_SORT_LABELS,
        label=_("Sort by"),
    )

    def filter_group(self, queryset, name, value):
        products = queryset.model._meta.get_field("products").related_model
        # By identity: a translated producer's products link its source page.
        # The products its card counts (ProducerQuerySet.with_stats): OCOP, not revoked.
        listed = (
            products.objects.visible()
            .ocop()
            .not_revoked()
            .filter(producer__translation_key=OuterRef("translation_key"))
        )
        return queryset.filter(Exists(listed.filter(value.q())))

    def filter_valid(self, queryset, name, value):
        return queryset.filter(valid_count__gt=0) if value == "1" else queryset
