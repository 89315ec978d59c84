"""News listing filters (django-filter): ``category`` and ``tag`` slugs.

Like the catalogue, an unknown value is ignored and reported in
``invalid_params``; it never raises. The categories are passed in (the
translatable snippets of one locale), so this module needs no model of its app.
"""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.listing import ListingFilterSet, vietnamese_order
from core.models import Tag


class NewsFilter(ListingFilterSet):
    """Filters a :class:`~news.models.NewsPage` queryset.

    ``categories``: the ``NewsCategory`` queryset offered (slugs are unique per
    locale only, so the news index passes the categories of its locale).
    Facets list only the values that have news under the other filters.
    """

    category = django_filters.ModelChoiceFilter(
        queryset=None,
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

    facets = {"category": "categories__slug", "tag": "tags__slug"}
    single_choice = ("category",)

    def __init__(self, *args, categories, **kwargs):
        self.categories = categories
        super().__init__(*args, **kwargs)
        self.filters["category"].queryset = categories
        self.form.fields["category"].queryset = categories

    def filterset_kwargs(self):
        return {"categories": self.categories}

    def facet_options(self, name, counts):
        if name == "category":
            objects = self.categories.filter(slug__in=counts)
        else:
            objects = Tag.objects.filter(slug__in=counts)
        return vietnamese_order([(obj.slug, obj.name) for obj in objects])
