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
        method="filter_category",
        label=_("Category"),
    )
    tag = django_filters.ModelChoiceFilter(
        queryset=Tag.objects.all(),
        to_field_name="slug",
        field_name="tags",
        label=_("Tag"),
    )

    # Categories are matched by translation key (issue 13): a translated news page keeps the
    # source's category links (wagtail-localize copies many-to-many fields as they are), so
    # "?category=policy" on /en/ finds the pages linked to "chinh-sach".
    facets = {"category": "categories__translation_key", "tag": "tags__slug"}
    single_choice = ("category",)

    def __init__(self, *args, categories, **kwargs):
        self.categories = categories
        super().__init__(*args, **kwargs)
        self.filters["category"].queryset = categories
        self.form.fields["category"].queryset = categories

    def filterset_kwargs(self):
        return {"categories": self.categories}

    def filter_category(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(categories__translation_key=value.translation_key)

    def facet_counts(self):
        counts = super().facet_counts()
        by_key = counts.get("category")
        if by_key is not None:
            slugs = {
                str(key): slug
                for key, slug in self.categories.values_list("translation_key", "slug")
            }
            counts["category"] = {slugs[key]: n for key, n in by_key.items() if key in slugs}
        return counts

    def facet_options(self, name, counts):
        if name == "category":
            named = [(obj.slug, obj.name) for obj in self.categories.filter(slug__in=counts)]
        else:
            named = [(tag.slug, tag.display_name) for tag in Tag.objects.filter(slug__in=counts)]
        return vietnamese_order(named)
