"""Context builders for catalogue, product and producer pages."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When

from products_catalog.certification import Status
from products_catalog.filters import FACETS, ProducerFilter, ProductFilter, facet_counts
from products_catalog.models import CertificationDecision, ProducerType
from products_catalog.queries import catalogue_queryset, directory_queryset
from taxonomy.models import Locality, ProductGroup


def get_page_or_bound(paginator, raw_number):
    """Return a page of ``paginator`` for any ``?page=`` value, never raising.

    Non-numbers and numbers below 1 give the first page; numbers past the end
    give the last page.
    """
    try:
        number = int(str(raw_number).strip())
    except (TypeError, ValueError):
        number = 1
    number = min(max(number, 1), paginator.num_pages)
    return paginator.page(number)


def year_choices():
    """Certification years present in the register, newest first."""
    return sorted(
        {
            year
            for year in CertificationDecision.objects.values_list(
                "decision_year", flat=True
            ).distinct()
            if year
        },
        reverse=True,
    )


def catalogue_context(page, request):
    """Everything the catalogue template needs; constant number of queries.

    Keys: ``filter`` (bound :class:`ProductFilter`), ``products`` (a page of
    products), ``paginator``, ``facets`` (label/value/count rows per filter),
    ``invalid_params`` (by parameter name), ``ignored_filters`` (the same with
    translated filter labels, for the page), ``querystring`` (filters without ``page``).
    """
    years = year_choices()
    base = catalogue_queryset().child_of(page)
    data = request.GET.copy()
    product_filter = ProductFilter(data, queryset=base, year_choices=years)
    products = product_filter.ordered_qs
    paginator = Paginator(products, settings.CATALOGUE_PAGE_SIZE)
    page_obj = get_page_or_bound(paginator, request.GET.get("page", 1))
    counts = facet_counts(data, base, years)
    selected = {
        name: request.GET.getlist(name)
        for name in FACETS
        if name not in product_filter.invalid_params
    }
    query = data.copy()
    query.pop("page", None)
    return {
        "filter": product_filter,
        "products": page_obj,
        "paginator": paginator,
        "facets": build_facets(counts, selected, years),
        "invalid_params": product_filter.invalid_params,
        "ignored_filters": product_filter.ignored_filters,
        "querystring": query.urlencode(),
        "result_count": paginator.count,
        "active_filters": any(selected.get(name) for name in FACETS),
    }


def build_facets(counts, selected, years):
    """Rows ``{"name", "label", "options": [{"value", "label", "count", "checked"}]}``."""
    groups = ProductGroup.objects.filter(parent__isnull=True, slug__in=counts["group"])
    from core.models import Tag

    tags = Tag.objects.filter(slug__in=counts["tag"]).order_by("name")
    option_sets = {
        "stars": [(str(n), f"{n}★") for n in (5, 4, 3)],
        "group": [(g.slug, f"{g.name} ({g.criteria_version[-4:]})") for g in groups],
        "locality": [(unit.slug, unit.name) for unit in counts["locality_units"]],
        "producer_type": list(ProducerType.choices),
        "year": [(str(y), str(y)) for y in years],
        "status": list(Status.CHOICES),
        "tag": [(t.slug, t.name) for t in tags],
    }
    labels = {name: f.label for name, f in ProductFilter.base_filters.items()}
    facets = []
    for name, options in option_sets.items():
        rows = [
            {
                "value": value,
                "label": label,
                "count": counts[name].get(str(value), 0),
                "checked": str(value) in selected.get(name, []),
            }
            for value, label in options
        ]
        facets.append({"name": name, "label": labels[name], "options": rows})
    return facets


def product_context(product, request):
    """Profile context: history (newest first), related products of the same group."""
    history = sorted(
        product.certifications.all(), key=CertificationDecision.recency_key, reverse=True
    )
    related = []
    if product.group_id:
        # Same group; the same producer, then the same locality, come first.
        closeness = Case(
            When(producer_id=product.producer_id, then=Value(0)),
            When(locality_id=product.locality_id, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
        related = list(
            catalogue_queryset()
            .filter(group_id=product.group_id)
            .exclude(pk=product.pk)
            .annotate(closeness=closeness)
            .order_by("closeness", "status_rank", "-cur_stars", "sort_title")[:4]
        )
    return {
        "history": history,
        "latest": history[0] if history else None,
        "related_products": related,
        "gallery": product.gallery_images.select_related("image"),
        "channels": product.sales_channels.all(),
    }


def producer_directory_context(page, request):
    """Directory context: filtered, sorted, paginated producer cards; constant queries.

    Keys: ``filter`` (bound :class:`ProducerFilter`), ``producers`` (a page of
    producers annotated with ``certified_count``, ``valid_count`` and
    ``best_stars``), ``paginator``, ``options`` (choices for the locality and
    group selects), ``invalid_params``, ``ignored_filters``, ``result_count``, ``active_filters``.
    """
    base = directory_queryset().child_of(page)
    producer_filter = ProducerFilter(request.GET.copy(), queryset=base)
    paginator = Paginator(producer_filter.ordered_qs, settings.DIRECTORY_PAGE_SIZE)
    page_obj = get_page_or_bound(paginator, request.GET.get("page", 1))
    invalid = producer_filter.invalid_params
    selected = {
        name: request.GET.getlist(name)
        for name in ProducerFilter.base_filters
        if name not in invalid and name != "sort"
    }
    return {
        "filter": producer_filter,
        "producers": page_obj,
        "paginator": paginator,
        "options": directory_options(page),
        "selected": selected,
        "invalid_params": invalid,
        "ignored_filters": producer_filter.ignored_filters,
        "result_count": paginator.count,
        "active_filters": any(selected.values()),
    }


def directory_options(page):
    """Choices for the directory's selects: ``{"locality": [...], "group": [...]}``.

    Localities are those of the listed producers plus the units above them and
    the units that hold them since the 2025 reorganisation; groups are the
    top-level groups of their products. Rows are ``(slug, name)``. Three
    queries, whatever the number of producers.
    """
    from products_catalog.models import ProducerPage, ProductPage

    used = set(
        ProducerPage.objects.live()
        .child_of(page)
        .exclude(locality=None)
        .values_list("locality_id", flat=True)
    )
    units = {
        pk: (slug, name, parent, successor, level)
        for pk, slug, name, parent, successor, level in Locality.objects.values_list(
            "pk", "slug", "name", "parent_id", "successor_id", "level"
        )
    }
    wanted, todo = set(), list(used)
    while todo:
        pk = todo.pop()
        if pk in wanted or pk not in units:
            continue
        wanted.add(pk)
        todo.extend(p for p in units[pk][2:4] if p)
    level_order = {Locality.Level.PROVINCE: 0, Locality.Level.DISTRICT: 1}
    localities = sorted(
        (units[pk] for pk in wanted), key=lambda u: (level_order.get(u[4], 2), u[1])
    )
    groups = (
        ProductGroup.objects.filter(
            parent__isnull=True,
            products__in=ProductPage.objects.live().filter(
                producer__in=ProducerPage.objects.child_of(page)
            ),
        )
        .distinct()
        .order_by("criteria_version", "sort_order", "name")
    )
    return {
        "locality": [(u[0], u[1]) for u in localities],
        "group": [(g.slug, str(g)) for g in groups],
    }
