"""News listing filters (django-filter): ``category`` and ``tag`` slugs.

Like the catalogue, an unknown value is ignored and reported in
``invalid_params``; it never raises.
"""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.listing import ListingFilterSet
from core.models import Tag
from news.models import NewsCategory


class NewsFilter(ListingFilterSet):
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

    facets = {"category": "categories__slug", "tag": "tags__slug"}

    def __init__(self, *args, locale=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.locale = locale
        if locale is not None:
            self.filters["category"].queryset = NewsCategory.objects.filter(locale=locale)
            self.form.fields["category"].queryset = self.filters["category"].queryset

    def filterset_kwargs(self):
        return {"locale": self.locale}
