"""Admin viewsets for localities and product groups: listings and chooser modals with search.

With the national register stored there are 14,000+ localities, so every foreign key
to :class:`Locality` is edited with the snippet chooser (Wagtail registers its widget
for any form built from a model: page, snippet and ``ModelViewSet`` forms alike), never
a ``<select>``. Searching, in the listing and in the chooser, ignores diacritics and
case: every word typed must start a word of the unit's name or of the names of the
units above it ("tuy an phu yen", "Phường 1 Tuy Hòa", "an nin"). Neither model is in
Wagtail's search index (units are stored in bulk, which would bypass indexing), so the
search is a database filter on ``Locality.search_key`` (localities) or on the names
(product groups).
"""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from core.text import fold
from taxonomy.models import CriteriaVersion, Locality, ProductGroup, Register

SEARCH_WORDS = 8
#: "Register" alone is the events' sign-up button.
REGISTER_LABEL = pgettext_lazy("administrative units", "Register")


def search_words(query):
    """At most ``SEARCH_WORDS`` folded words of ``query`` ("Tuy Hòa" → ["tuy", "hoa"])."""
    return fold(query).split()[:SEARCH_WORDS]


def folded_search(queryset, query):
    """Localities whose ``search_key`` has a word starting with each word of ``query``."""
    for word in search_words(query):
        queryset = queryset.filter(
            Q(search_key__startswith=word) | Q(search_key__contains=f" {word}")
        )
    return queryset


def group_search(queryset, query):
    """Product groups whose name or code holds every word of ``query`` (without diacritics).

    About fifty groups: the folding is done in Python on their names.
    """
    words = search_words(query)
    if not words:
        return queryset
    matching = [
        pk
        for pk, name, code in queryset.values_list("pk", "name", "code")
        if all(word in f"{fold(name)} {code}" for word in words)
    ]
    return queryset.filter(pk__in=matching)


def _filter_select(choices):
    return forms.ChoiceField(
        required=False,
        choices=choices,
        widget=forms.Select(attrs={"data-chooser-modal-search-filter": True}),
    )


class SearchFormMixin(BaseFilterForm):
    """The chooser's search box (``id_q``: Wagtail's chooser script searches as one types)."""

    q = forms.CharField(
        label=_("Search term"),
        widget=forms.TextInput(attrs={"placeholder": _("Search")}),
        required=False,
    )
    search = None  # a function (queryset, query) → queryset

    def filter(self, objects):
        objects = super().filter(objects)
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            objects = type(self).search(objects, query)
            self.is_searching = True
            self.search_query = query
        return objects


class LocalityChooserFilterForm(SearchFormMixin):
    search = staticmethod(folded_search)
    level = _filter_select([("", _("All levels")), *Locality.Level.choices])
    register = _filter_select([("", _("Both registers")), *Register.choices])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].label = _("Level")
        self.fields["register"].label = REGISTER_LABEL

    def filter(self, objects):
        objects = super().filter(objects)
        for name in ("level", "register"):
            if self.cleaned_data.get(name):
                objects = objects.filter(**{name: self.cleaned_data[name]})
        return objects


class ProductGroupChooserFilterForm(SearchFormMixin):
    search = staticmethod(group_search)
    criteria_version = _filter_select([("", _("Both criteria versions")), *CriteriaVersion.choices])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criteria_version"].label = _("Criteria version")

    def filter(self, objects):
        objects = super().filter(objects)
        if self.cleaned_data.get("criteria_version"):
            objects = objects.filter(criteria_version=self.cleaned_data["criteria_version"])
        return objects


def _chooser_viewset(form_class, columns, related=()):
    """A snippet chooser viewset whose modal uses ``form_class`` and shows ``columns``.

    ``related``: relations to select with the rows (their labels name them).
    """

    class Views:
        filter_form_class = form_class

        @property
        def columns(self):
            return [*super().columns, *columns]

    choose = type("ChooseView", (Views, ChooseView), {})
    results = type("ChooseResultsView", (Views, ChooseResultsView), {})

    def get_object_list(self):
        return self.model.objects.select_related(*related)

    return type(
        "ChooserViewSet",
        (SnippetChooserViewSet,),
        {
            "choose_view_class": choose,
            "choose_results_view_class": results,
            "get_object_list": get_object_list,
        },
    )


LocalityChooserViewSet = _chooser_viewset(
    LocalityChooserFilterForm,
    [
        Column("level", label=_("Level"), accessor="get_level_display"),
        Column("register", label=REGISTER_LABEL, accessor="get_register_display"),
        Column("successor", label=_("Now held by"), accessor="successor"),
    ],
    related=("parent", "successor__parent"),
)
ProductGroupChooserViewSet = _chooser_viewset(
    ProductGroupChooserFilterForm,
    [Column("code", label=_("Code"), accessor="code")],
    related=("parent",),
)


class ProvinceFilter(django_filters.ModelChoiceFilter):
    """Units of a province: the province, the units under it (two levels)."""

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(Q(pk=value.pk) | Q(parent=value) | Q(parent__parent=value))


class LocalityFilterSet(WagtailFilterSet):
    province = ProvinceFilter(
        label=_("Province"),
        queryset=Locality.objects.filter(level=Locality.Level.PROVINCE).order_by(
            "-register", "name"
        ),
    )

    class Meta:
        model = Locality
        fields = ["level", "register", "unit_type", "province"]


class LocalityIndexView(IndexView):
    """The listing: folded search (see the module docstring)."""

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return folded_search(queryset, self.search_query)


class ProductGroupIndexView(IndexView):
    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return group_search(queryset, self.search_query)


class ProductGroupViewSet(SnippetViewSet):
    model = ProductGroup
    icon = "folder-open-inverse"
    menu_label = _("Product groups")
    list_display = ["name", "code", "criteria_version", "family", "parent"]
    list_filter = ["criteria_version"]
    search_fields = ["name"]
    ordering = ["criteria_version", "parent__sort_order", "sort_order"]
    index_view_class = ProductGroupIndexView
    chooser_viewset_class = ProductGroupChooserViewSet

    def get_queryset(self, request):
        return ProductGroup.objects.select_related("parent")


class LocalityViewSet(SnippetViewSet):
    model = Locality
    icon = "site"
    menu_label = _("Localities")
    list_display = ["name", "level", "register", "official_code", "parent", "successor"]
    filterset_class = LocalityFilterSet
    search_fields = ["search_key"]
    index_view_class = LocalityIndexView
    chooser_viewset_class = LocalityChooserViewSet
    chooser_per_page = 25
    list_per_page = 50

    def get_queryset(self, request):
        return Locality.objects.select_related("parent", "successor__parent")
