"""News listing filters (django-filter): ``category`` and ``tag`` slugs.

Like the catalogue, an unknown value is ignored and reported in
``invalid_params``; it never raises.
"""

import django_filters
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core.filters import IgnoredValuesMixin
from core.models import Tag
from news.models import NewsCategory

FACETS = {"category": "categories__slug", "tag": "tags__slug"}


class NewsFilter(IgnoredValuesMixin, django_filters.FilterSet):
    """Filters a :class:`~news.models.NewsPage` queryset.

    ``locale``: categories are translatable snippets whose slugs are unique
    per locale only, so the ``category`` choices are limited to one locale
    (default: every locale, fine while only one is used).
    """

    category = django_filters.ModelChoiceFilter(
        queryset=NewsCategory.objects.all(),
        to_field_name="slug",
        field_name="categories",
        label=_("Category"),
    )
    tag = django_filters.ModelChoiceFilter(
        queryset=Tag.objects.all(),
        to_field_name="slug",
        field_name="tags",
        label=_("Tag"),
    )

    def __init__(self, *args, locale=None, **kwargs):
        super().__init__(*args, **kwargs)
        if locale is not None:
            self.filters["category"].queryset = NewsCategory.objects.filter(locale=locale)
            self.form.fields["category"].queryset = self.filters["category"].queryset


def facet_counts(data, queryset, locale=None):
    """News counts per category and per tag slug, each under the other filter.

    Shape: ``{"category": {slug: n}, "tag": {slug: n}}``; one query per facet.
    """
    counts = {}
    for facet, field in FACETS.items():
        others = data.copy()
        for name in (facet, "page"):
            others.pop(name, None)
        base = NewsFilter(others, queryset=queryset, locale=locale).qs
        rows = (
            base.order_by()
            .values(field)
            .annotate(n=Count("pk", distinct=True))
            .values_list(field, "n")
        )
        counts[facet] = {value: n for value, n in rows if value}
    return counts
