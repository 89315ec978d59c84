"""Catalogue filters (django-filter) and facet counts.

Query-string names are a public contract: ``stars`` (3, 4, 5; repeatable),
``group`` (slug), ``locality`` (slug), ``producer_type``, ``year``,
``status`` (valid, expiring, expired), ``tag`` (slug), ``sort`` (newest,
stars, name). An unknown or malformed value is ignored and reported in
``form.errors``; it never raises.
"""

import django_filters
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.filters import IgnoredValuesMixin
from core.models import Tag
from products_catalog.certification import Status
from products_catalog.models import ProducerType
from taxonomy.models import Locality, ProductGroup

STAR_CHOICES = [("3", "3★"), ("4", "4★"), ("5", "5★")]
SORT_CHOICES = [
    ("newest", _("Newest certification")),
    ("stars", _("Most stars")),
    ("name", _("Name A–Z")),
]
DEFAULT_ORDER = ("status_rank", "-cur_stars", "sort_title")
SORT_ORDERS = {
    "newest": ("-cur_valid_until", "-cur_year", "sort_title"),
    "stars": ("-cur_stars", "status_rank", "sort_title"),
    "name": ("sort_title", "pk"),
}


def family_of(pk, units):
    """Ids of unit ``pk``, the units under it, and abolished units it now holds.

    ``units`` is a list of ``(pk, parent_id, successor_id)`` rows. Shape:
    ``set[int]``.
    """
    family = {pk}
    changed = True
    while changed:
        changed = False
        for unit_pk, parent_id, successor_id in units:
            if unit_pk not in family and (parent_id in family or successor_id in family):
                family.add(unit_pk)
                changed = True
    return family


def locality_family_ids(locality):
    """Ids of ``locality`` and every unit it contains or now holds (one query).

    Filtering by the new province also finds products certified in the
    districts it absorbed in 2025.
    """
    units = list(Locality.objects.values_list("pk", "parent_id", "successor_id"))
    return family_of(locality.pk, units)


def locality_facet(counts_by_id):
    """Units to offer in the locality filter with their product counts.

    ``counts_by_id`` maps the locality ids products point at to counts; the
    result adds the provinces above them and the units that now hold them,
    each counted over its whole family. Shape: ``(units, {slug: count})``,
    provinces first.
    """
    rows = list(Locality.objects.values_list("pk", "parent_id", "successor_id"))
    parents = {pk: (parent_id, successor_id) for pk, parent_id, successor_id in rows}
    offered = set(counts_by_id)
    for pk in list(offered):
        while pk is not None and pk in parents:
            parent_id, successor_id = parents[pk]
            offered.update(x for x in (parent_id, successor_id) if x)
            pk = parent_id
    units = list(Locality.objects.filter(pk__in=offered).order_by("level", "name"))
    counts = {
        unit.slug: sum(counts_by_id.get(pk, 0) for pk in family_of(unit.pk, rows)) for unit in units
    }
    return units, counts


class ProductFilter(IgnoredValuesMixin, django_filters.FilterSet):
    """Filters for :class:`~products_catalog.models.ProductPage` querysets.

    The queryset must come from
    :func:`products_catalog.queries.catalogue_queryset` (it filters on the
    ``cur_*`` annotations).
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
        field_name="cur_status", choices=Status.CHOICES, label=_("Certificate status")
    )
    tag = django_filters.ModelChoiceFilter(
        queryset=Tag.objects.all(),
        to_field_name="slug",
        field_name="tags",
        label=_("Tag"),
    )
    sort = django_filters.ChoiceFilter(
        choices=SORT_CHOICES, method="apply_sort", label=_("Sort by"), empty_label=None
    )

    def __init__(self, *args, year_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["year"].choices = [("", "---------")] + [
            (str(year), str(year)) for year in year_choices
        ]
        self.form.fields["sort"].required = False

    def filter_group(self, queryset, name, value):
        return queryset.filter(Q(group=value) | Q(subgroup=value))

    def filter_locality(self, queryset, name, value):
        return queryset.filter(locality__in=locality_family_ids(value))

    def apply_sort(self, queryset, name, value):
        # Ordering happens in ``ordered_qs`` so that the default also applies.
        return queryset

    @property
    def ordered_qs(self):
        """The filtered queryset in the requested order (default: valid first)."""
        queryset = self.qs  # validates the form first
        sort = self.form.cleaned_data.get("sort")
        return queryset.order_by(*SORT_ORDERS.get(sort or "", DEFAULT_ORDER))


FACETS = {
    "stars": "cur_stars",
    "group": "group__slug",
    "locality": "locality_id",
    "producer_type": "producer__producer_type",
    "year": "cur_year",
    "status": "cur_status",
    "tag": "tags__slug",
}


def facet_counts(data, queryset, year_choices):
    """Count products per filter value, each facet under all the *other* filters.

    Shape: ``{facet: {value (str): count}}``. One query per facet, whatever
    the number of products.
    """
    counts = {}
    for facet, field in FACETS.items():
        others = data.copy()
        others.pop(facet, None)
        others.pop("sort", None)
        others.pop("page", None)
        base = ProductFilter(others, queryset=queryset, year_choices=year_choices).qs
        rows = (
            base.order_by()
            .values(field)
            .annotate(n=Count("pk", distinct=True))
            .values_list(field, "n")
        )
        counts[facet] = {str(value): n for value, n in rows if value is not None}
    by_id = {int(pk): n for pk, n in counts["locality"].items()}
    counts["locality_units"], counts["locality"] = locality_facet(by_id)
    return counts


PRODUCER_SORT_CHOICES = [
    ("name", _("Name A–Z")),
    ("stars", _("Most stars")),
    ("products", _("Most certified products")),
]
PRODUCER_SORT_ORDERS = {
    "name": ("sort_title", "pk"),
    "stars": (F("best_stars").desc(nulls_last=True), "-valid_count", "sort_title", "pk"),
    "products": ("-certified_count", "-valid_count", "sort_title", "pk"),
}
VALID_CHOICES = [("1", _("Has a valid certificate"))]


class ProducerFilter(IgnoredValuesMixin, django_filters.FilterSet):
    """Filters for the producer directory (query-string names are public).

    ``producer_type``, ``locality`` (slug; also finds abolished units the
    locality now holds), ``group`` (slug of a product group or subgroup of any
    live product of the producer), ``stars`` (highest star level among the
    producer's products; 3, 4, 5, repeatable), ``valid`` (``1``: at least one
    product with a valid or expiring certificate), ``sort`` (``name``,
    ``stars``, ``products``). The queryset must come from
    :func:`products_catalog.queries.directory_queryset`. Unknown values are
    ignored and reported in ``form.errors``.
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
    sort = django_filters.ChoiceFilter(
        choices=PRODUCER_SORT_CHOICES, method="apply_sort", label=_("Sort by"), empty_label=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["sort"].required = False

    def filter_locality(self, queryset, name, value):
        return queryset.filter(locality__in=locality_family_ids(value))

    def filter_group(self, queryset, name, value):
        from products_catalog.models import ProductPage

        products = ProductPage.objects.live().public().filter(producer=OuterRef("pk"))
        return queryset.filter(Exists(products.filter(Q(group=value) | Q(subgroup=value))))

    def filter_valid(self, queryset, name, value):
        return queryset.filter(valid_count__gt=0) if value == "1" else queryset

    def apply_sort(self, queryset, name, value):
        # Ordering happens in ``ordered_qs`` so that the default also applies.
        return queryset

    @property
    def ordered_qs(self):
        """The filtered producers in the requested order (default: name A–Z)."""
        queryset = self.qs
        sort = self.form.cleaned_data.get("sort") or "name"
        return queryset.order_by(*PRODUCER_SORT_ORDERS[sort])
