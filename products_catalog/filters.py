"""Catalogue and producer-directory filters (django-filter), on :mod:`core.listing`.

Query-string names are a public contract. Catalogue: ``stars`` (3, 4, 5;
repeatable), ``group`` (slug), ``locality`` (slug), ``producer_type``,
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
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.listing import ListingFilterSet, SortFilter
from core.models import Tag
from core.text import sort_key
from products_catalog import rules
from products_catalog.rules import ProducerType, Status
from taxonomy.models import Locality, ProductGroup

STAR_CHOICES = [(str(n), f"{n}★") for n in rules.OCOP_STARS]
#: Statuses a listed product can have (revoked products are not listed).
LISTED_STATUSES = [(value, label) for value, label in Status.CHOICES if value != Status.REVOKED]
DEFAULT_ORDER = ("status_rank", F("cur_stars").desc(nulls_last=True), "sort_title", "pk")
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


def family_of(pk, units):
    """Ids of unit ``pk``, the units under it, and abolished units it now holds.

    ``units`` is a list of ``(pk, parent_id, successor_id)`` rows. Shape:
    ``set[int]``.
    """
    family = {pk}
    children = {}
    for unit_pk, parent_id, successor_id in units:
        for holder in (parent_id, successor_id):
            if holder:
                children.setdefault(holder, []).append(unit_pk)
    todo = [pk]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in family:
                family.add(child)
                todo.append(child)
    return family


def locality_family_ids(locality):
    """Ids of ``locality`` and every unit it contains or now holds (one query).

    Filtering by the new province also finds products certified in the
    districts it absorbed in 2025.
    """
    units = list(Locality.objects.values_list("pk", "parent_id", "successor_id"))
    return family_of(locality.pk, units)


def locality_facet(counts_by_id):
    """Units to offer in the locality filter with their counts.

    ``counts_by_id`` maps the locality ids rows point at to counts; the
    result adds the units above them and the units that now hold them, each
    counted over its whole family. Shape: ``(units, {slug: count})``,
    provinces first, then Vietnamese A–Z.
    """
    rows = list(Locality.objects.values_list("pk", "parent_id", "successor_id"))
    holders = {pk: (parent_id, successor_id) for pk, parent_id, successor_id in rows}
    offered, todo = set(), list(counts_by_id)
    while todo:
        pk = todo.pop()
        if pk in offered or pk not in holders:
            continue
        offered.add(pk)
        todo.extend(x for x in holders[pk] if x)
    level_order = {Locality.Level.PROVINCE: 0, Locality.Level.DISTRICT: 1}
    units = sorted(
        Locality.objects.filter(pk__in=offered),
        key=lambda unit: (level_order.get(unit.level, 2), sort_key(unit.name)),
    )
    counts = {
        unit.slug: sum(counts_by_id.get(pk, 0) for pk in family_of(unit.pk, rows)) for unit in units
    }
    return units, counts


def group_label(group):
    """ "Thực phẩm (2023)": groups of both criteria versions share names."""
    return f"{group.name} ({group.criteria_version[-4:]})"


class LocalityFacetMixin:
    """A ``locality`` facet counted over families (a province counts its districts)."""

    def facet_counts(self):
        counts = super().facet_counts()
        by_id = {int(pk): n for pk, n in counts["locality"].items()}
        self._locality_units, counts["locality"] = locality_facet(by_id)
        return counts

    def filter_locality(self, queryset, name, value):
        return queryset.filter(locality__in=locality_family_ids(value))


class ProductFilter(LocalityFacetMixin, ListingFilterSet):
    """Filters for product querysets from ``ProductPage.objects.for_cards()``.

    ``year_choices`` (certification years to offer, newest first) defaults
    to the years present in the queryset.
    """

    stars = django_filters.MultipleChoiceFilter(
        field_name="cur_stars", choices=STAR_CHOICES, label=_("Stars")
    )
    group = django_filters.ModelChoiceFilter(
        queryset=ProductGroup.objects.all(),
        to_field_name="slug",
        method="filter_group",
        label=_("Product group"),
    )
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
    sort = SortFilter(
        orders=SORT_ORDERS, default=DEFAULT_ORDER, labels=SORT_LABELS, label=_("Sort by")
    )

    facets = {
        "stars": "cur_stars",
        "group": "group__slug",
        "locality": "locality_id",
        "producer_type": "producer__producer_type",
        "year": "cur_year",
        "status": "cur_status",
        "tag": "tags__slug",
    }
    single_choice = ("producer_type", "status")

    def __init__(self, data=None, queryset=None, *, year_choices=None, **kwargs):
        if year_choices is None and queryset is not None:
            years = queryset.order_by().values_list("cur_year", flat=True).distinct()
            year_choices = sorted({year for year in years if year}, reverse=True)
        self.year_choices = list(year_choices or [])
        super().__init__(data, queryset=queryset, **kwargs)
        self.form.fields["year"].choices = [("", "---------")] + [
            (str(year), str(year)) for year in self.year_choices
        ]

    def filterset_kwargs(self):
        return {"year_choices": self.year_choices}

    def filter_group(self, queryset, name, value):
        return queryset.filter(Q(group=value) | Q(subgroup=value))

    def facet_options(self, name, counts):
        if name == "group":
            groups = ProductGroup.objects.filter(parent__isnull=True, slug__in=counts)
            return [(g.slug, group_label(g)) for g in groups]
        if name == "locality":
            return [(unit.slug, unit.name) for unit in self._locality_units]
        if name == "tag":
            tags = sorted(Tag.objects.filter(slug__in=counts), key=lambda t: sort_key(t.name))
            return [(t.slug, t.name) for t in tags]
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
    group = django_filters.ModelChoiceFilter(
        queryset=ProductGroup.objects.all(),
        to_field_name="slug",
        method="filter_group",
        label=_("Product group"),
    )
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
        listed = products.objects.visible().ocop().filter(producer=OuterRef("pk"))
        return queryset.filter(Exists(listed.filter(Q(group=value) | Q(subgroup=value))))

    def filter_valid(self, queryset, name, value):
        return queryset.filter(valid_count__gt=0) if value == "1" else queryset
