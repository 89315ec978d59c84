"""One listing pattern: a django-filter filterset, facet counts, a paginator, ignored values.

Every listing page (catalogue, producers, news, campaigns, events) and the
search page are a :class:`ListingFilterSet` plus a template:

- filters are django-filter filters; ``?sort=`` is a :class:`SortFilter`
  (an ``OrderingFilter`` of named orders with a default);
- a bad value never raises: the filter is ignored and reported
  (:attr:`ListingFilterSet.ignored_filters`, shown by
  ``templates/includes/ignored_filters.html``);
- :meth:`ListingFilterSet.facet_counts` counts each facet under all the
  other filters: one ``GROUP BY`` query per facet, or one query per
  distinct selection of the other filters (:attr:`facets_in_one_pass`);
- :func:`paginate` gives a page for any ``?page=`` value (below 1 or not a
  number → the first page, past the end → the last).

A page type lists with :class:`ListingPageMixin`: it names its filterset and
its queryset; the mixin puts the listing into the template context.
"""

from collections import Counter

import django_filters
from django.conf import settings
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Count, Model
from django.http import QueryDict
from django.utils import translation

from core import fastpath
from core.text import sort_key

EMPTY = ("", None)


def paginate(items, per_page, raw_page):
    """``(paginator, page)`` for any ``?page=`` value; never raises."""
    paginator = Paginator(items, per_page)
    try:
        number = int(str(raw_page).strip())
    except (TypeError, ValueError):
        number = 1
    return paginator, paginator.page(min(max(number, 1), paginator.num_pages))


class CachedIdList:
    """The rows of ``queryset`` in the order of ``ids``, read a slice at a time.

    What :class:`django.core.paginator.Paginator` pages when a listing's ordered ids
    come from the shared cache: ``count()`` is ``len(ids)`` (no COUNT query) and a slice
    is one query for its rows (annotations, joins and prefetches of ``queryset`` kept).
    Rows gone since the ids were cached are skipped.
    """

    def __init__(self, queryset, ids):
        self.queryset, self.ids = queryset, ids

    def count(self):
        return len(self.ids)

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        chunk = self.ids[index]
        if not chunk:
            return []
        queryset = self.queryset.order_by().filter(pk__in=chunk)
        # No DISTINCT over every column (the body included: ~70 ms on PostgreSQL) for a
        # few rows: a row a join repeats is kept once below.
        queryset.query.distinct = False
        queryset.query.distinct_fields = ()
        rows = {row.pk: row for row in queryset}
        return [rows[pk] for pk in chunk if pk in rows]


class SortFilter(django_filters.OrderingFilter):
    """``?sort=`` with named orders, e.g. ``{"name": ("sort_title", "pk")}``.

    No value (or the empty choice) gives ``default``; an unknown value is a
    form error, so it is ignored and reported like any other filter.
    """

    def __init__(self, *args, orders, default=(), labels=None, **kwargs):
        self.orders = dict(orders)
        self.default = tuple(default)
        labels = labels or {}
        kwargs.setdefault("empty_label", None)
        kwargs["choices"] = [(key, labels.get(key, key)) for key in self.orders]
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        keys = [key for key in (value or []) if key in self.orders]
        order = self.orders[keys[0]] if keys else self.default
        return qs.order_by(*order) if order else qs


class ListingFilterSet(django_filters.FilterSet):
    """A filterset that reports ignored values and counts its facets.

    ``facets`` maps a filter name to the field its values are counted on
    (e.g. ``{"stars": "cur_stars"}``), or to ``None`` for a facet shown
    without counts (its options' ``count`` is ``None``, and no query is
    spent on it); :meth:`facet_rows` turns the counts
    into rows for the template, with the options of each filter's form
    field (override :meth:`facet_options` for a facet whose options depend
    on the counts).
    """

    facets = {}
    #: Filters whose facet is a single choice (radio buttons with an "all" choice).
    single_choice = ()
    #: Facets whose options keep their own order (stars, years, months, statuses); the others
    #: are listed in Vietnamese dictionary order of their labels (:func:`core.text.sort_key`).
    ranked_facets = ()

    def __init__(self, data=None, *args, **kwargs):
        # django-filter turns an empty QueryDict into {}: keep the query as given.
        self.query = data.copy() if hasattr(data, "getlist") else QueryDict(mutable=True)
        super().__init__(data, *args, **kwargs)
        self.dropped_values = self._drop_unknown_choices()
        for name, field in self.form.fields.items():
            if isinstance(self.filters[name], SortFilter):
                field.required = False

    def _drop_unknown_choices(self):
        """Unknown values of a multiple choice filter, taken out of the query when it has a
        known one too: ``?stars=4&stars=9`` filters by 4★ and reports 9 (the form would
        reject both). Shape: ``{name: [values dropped]}``."""
        dropped = {}
        for name, flt in self.filters.items():
            if not isinstance(flt, django_filters.MultipleChoiceFilter) or isinstance(
                flt, django_filters.ModelMultipleChoiceFilter
            ):
                continue  # (a model's choices would be a query)
            values = [value for value in self.query.getlist(name) if value not in EMPTY]
            known = {str(value) for value, _label in flt.field.choices}
            kept = [value for value in values if value in known]
            if kept and len(kept) < len(values):
                dropped[name] = [value for value in values if value not in known]
                self.query.setlist(name, kept)
        if dropped:
            self.data = self.query.copy()
        return dropped

    # Ignored values -------------------------------------------------------
    @property
    def invalid_params(self):
        """``{param: message}`` for every value that was ignored."""
        return {name: " ".join(errors) for name, errors in self.form.errors.items()}

    @property
    def ignored_filters(self):
        """Rows ``{"name", "label", "message"}``: the filter's translated label, not the raw
        parameter name, with the (translated) reason."""
        messages = dict(self.invalid_params)
        for name, values in self.dropped_values.items():
            error = self.form.fields[name].error_messages["invalid_choice"]
            messages[name] = " ".join(error % {"value": value} for value in values)
        rows = []
        for name, message in messages.items():
            field = self.form.fields.get(name)
            label = field.label if field is not None and field.label else name
            rows.append({"name": name, "label": label, "message": message})
        return rows

    def selected(self):
        """``{facet: [values]}`` as given in the query string, for valid filters only."""
        invalid = self.invalid_params
        return {
            name: [v for v in self.query.getlist(name) if v not in EMPTY]
            for name in self.facets
            if name not in invalid
        }

    @property
    def active(self):
        """True when a valid facet value is selected."""
        return any(self.selected().values())

    def querystring(self):
        """The query string without ``page``, ignored values and empty fields, for pagination
        links: "Next" carries what the listing applied, not ``?stars=9&group=``."""
        invalid = self.invalid_params
        query = self.query.copy()
        for name in list(query):
            values = [v for v in query.getlist(name) if v not in EMPTY]
            if name == "page" or name in invalid or not values:
                del query[name]
            else:
                query.setlist(name, values)
        return query.urlencode()

    # Facets ---------------------------------------------------------------
    def filterset_kwargs(self):
        """Extra keyword arguments a copy of this filterset needs (override)."""
        return {}

    #: Count every facet from the rows of one query per distinct "other filters" selection
    #: (:meth:`facet_counts`), not one GROUP BY per facet: each GROUP BY joins and reads
    #: every listed item again (~50 ms for 20,000 products), and a search's SQL names up
    #: to 1,000 ids.
    facets_in_one_pass = False
    #: Facets over a many-valued relation (tags): an item has a row per value, so they are
    #: counted over distinct items. ``None`` (not declared): every facet is counted that
    #: way. With :attr:`multi_valued_apart` they keep their own GROUP BY in one pass, and
    #: the other facets' rows (one per item) are counted as read, without DISTINCT.
    multi_valued_facets = None
    multi_valued_apart = True

    def facet_counts(self):
        """``{facet: {value (str): count}}``, each facet counted under the *other* filters.

        One GROUP BY per counted facet, whatever the number of rows; with
        :attr:`facets_in_one_pass`, one query per distinct selection of the other
        filters instead (one when nothing is chosen), counted here. ``None`` for
        a facet without counts.
        """
        counts, groups = {}, {}
        for name, field in self.facets.items():
            if field is None:
                counts[name] = None
                continue
            others = self.query.copy()
            for param in (name, "sort", "page"):
                others.pop(param, None)
            apart = not self.facets_in_one_pass or (
                self.multi_valued_apart and name in (self.multi_valued_facets or ())
            )
            key = (
                name
                if apart
                else tuple(sorted((k, tuple(v)) for k, v in others.lists() if set(v) - set(EMPTY)))
            )
            groups.setdefault(key, (others, []))[1].append((name, field))
        for others, members in groups.values():
            subset = type(self)(others, queryset=self.queryset, **self.filterset_kwargs()).qs
            repeated = self.multi_valued_facets is None or any(
                name in self.multi_valued_facets for name, _field in members
            )
            counts.update(_count_facets(subset.order_by(), members, repeated=repeated))
        return counts

    def facet_options(self, name, counts):
        """``[(value, label)]`` offered for facet ``name``: the form field's choices, A–Z
        (Vietnamese order) unless the facet is one of :attr:`ranked_facets`."""
        field = self.form.fields[name]
        options = [(str(value), label) for value, label in field.choices if value not in EMPTY]
        return options if name in self.ranked_facets else vietnamese_order(options)

    def facet_rows(self, counts=None):
        """``[{"name", "label", "multiple", "single_choice", "selected", "options":
        [{"value", "label", "count", "checked"}]}]`` for every facet (``selected``: an
        option is checked; ``count`` is ``None`` for a facet without counts)."""
        counts = self.facet_counts() if counts is None else counts
        selected = self.selected()
        rows = []
        for name in self.facets:
            field = self.form.fields[name]
            counted = counts[name]
            options = [
                {
                    "value": value,
                    "label": label,
                    "count": None if counted is None else counted.get(value, 0),
                    "checked": value in selected.get(name, []),
                }
                for value, label in self.facet_options(name, counted)
            ]
            rows.append(
                {
                    "name": name,
                    "label": field.label,
                    "multiple": isinstance(self.filters[name], django_filters.MultipleChoiceFilter),
                    "single_choice": name in self.single_choice,
                    "selected": any(option["checked"] for option in options),
                    "options": options,
                }
            )
        return rows

    def chips(self, rows):
        """The active filters as removable chips: ``[{"label", "value", "query"}]``.

        ``rows`` are :meth:`facet_rows`; ``query`` is the query string ("?…") without that
        one value and without ``page``.
        """
        found = []
        for row in rows:
            for option in row["options"]:
                if not option["checked"]:
                    continue
                query = self.query.copy()
                query.pop("page", None)
                query.setlist(
                    row["name"], [v for v in query.getlist(row["name"]) if v != option["value"]]
                )
                found.append(
                    {
                        "label": row["label"],
                        "value": option["label"],
                        "query": "?" + query.urlencode(),
                    }
                )
        return found


def vietnamese_order(options):
    """``[(value, label)]`` sorted by label in Vietnamese dictionary order."""
    return sorted(options, key=lambda option: sort_key(str(option[1])))


class ListingPageMixin:
    """A page that lists things: a filterset, its queryset, a page size; the rest is here.

    Set ``filterset_class``, ``listing_page_size_setting`` (a settings name)
    or ``listing_page_size``, ``listing_context_name`` (the template's name
    for the page of results) and implement :meth:`listing_queryset`.
    Context added: ``filter``, the page of results under
    ``listing_context_name`` (and ``page_obj``), ``paginator``,
    ``result_count``, ``facets``, ``invalid_params``, ``ignored_filters``,
    ``querystring`` (without ``page``), ``active_filters``, ``filter_chips``.
    """

    filterset_class = None
    listing_page_size = 12
    listing_page_size_setting = ""
    listing_context_name = "items"
    listing_with_facets = True
    #: Keep the filtered, ordered ids in the shared cache per selection and sort
    #: (:meth:`listing_items`): for listings that grow with the catalogue.
    listing_cache_ids = False

    def listing_queryset(self, request):
        raise NotImplementedError

    def listing_filterset_kwargs(self, request):
        return {}

    def page_size(self):
        if self.listing_page_size_setting:
            return getattr(settings, self.listing_page_size_setting, self.listing_page_size)
        return self.listing_page_size

    def listing_context(self, request):
        filterset = self.filterset_class(
            request.GET.copy(),
            queryset=self.listing_queryset(request),
            **self.listing_filterset_kwargs(request),
        )
        paginator, page_obj = paginate(
            self.listing_items(filterset), self.page_size(), request.GET.get("page", 1)
        )
        facets = self.listing_facets(request, filterset) if self.listing_with_facets else []
        return {
            "filter": filterset,
            self.listing_context_name: page_obj,
            "page_obj": page_obj,
            "paginator": paginator,
            "result_count": paginator.count,
            "facets": facets,
            "filter_chips": filterset.chips(facets),
            "invalid_params": filterset.invalid_params,
            "ignored_filters": filterset.ignored_filters,
            "querystring": filterset.querystring(),
            "active_filters": filterset.active,
        }

    def listing_cache_key(self, filterset):
        """What decides the listed rows and their order, for shared-cache keys: the page and
        the filter values applied (cleaned; unknown or rejected parameters left out, so no
        query string makes a new entry by itself). ``None`` unless :attr:`listing_cache_ids`:
        other listings are keyed on their SQL (an events listing's order depends on the
        time of day). Building the key from the SQL cost 17 ms a query at 20,000 products.
        """
        if not self.listing_cache_ids:
            return None
        filterset.is_valid()  # cleaned_data then holds what was applied
        applied = getattr(filterset.form, "cleaned_data", {})
        parts = [
            f"{name}={_key_value(value)}"
            for name, value in sorted(applied.items())
            if value not in EMPTY and value != []
        ]
        return f"{type(self).__name__}:{self.pk}:{'&'.join(parts)}"

    def listing_items(self, filterset):
        """What the paginator pages: ``filterset.qs``, or with :attr:`listing_cache_ids`
        its ordered ids from the shared cache (:class:`CachedIdList`).

        Ordering 20,000 products by status (which depends on the day), stars and name
        cannot use an index: PostgreSQL sorts every listed row, about 100 ms. The ids
        (a list of ints) are kept per query (the SQL names the filters and the sort)
        until content changes or the local date turns (:func:`core.fastpath.cached`);
        a page then reads only its rows.
        """
        queryset = filterset.qs
        key = self.listing_cache_key(filterset)
        if key is None:
            return queryset
        ids = fastpath.cached(
            f"listing-ids:{key}", lambda: list(queryset.values_list("pk", flat=True))
        )
        # A page's rows by id from the unfiltered queryset: the filters are in the ids
        # already, and a province's thousands of locality ids need not be sent again.
        return CachedIdList(filterset.queryset, ids)

    def listing_facets(self, request, filterset):
        """``filterset.facet_rows()``, kept in the shared cache per filter selection.

        The GROUP BYs read every listed item: one run per selection (the query
        string without ``page``) and language until content changes or the
        local date turns (:func:`core.fastpath.cached`).
        """
        key = self.listing_cache_key(filterset)
        if key is None:
            sql = fastpath.query_text(filterset.queryset)
            if sql is None:
                return filterset.facet_rows()
            selection = sorted((k, v) for k, v in request.GET.lists() if k != "page")
            key = f"{type(self).__name__}:{self.pk}:{selection}:{sql}"
        return fastpath.cached(
            f"facets:{key}", filterset.facet_rows, language=translation.get_language()
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.listing_context(request))
        return context


def _key_value(value):
    """A filter value as key text: rows by primary key, lists in their order, else ``repr``."""
    if isinstance(value, Model):
        return f"#{value.pk}"
    if isinstance(value, list | tuple) and not hasattr(value, "_fields"):
        return ",".join(_key_value(item) for item in value)
    return repr(value)


def _count_facets(queryset, members, *, repeated=True):
    """``{name: {value (str): count of distinct rows}}`` for ``members`` (``[(name, field)]``):
    a GROUP BY for one facet; for several, one query (:func:`_grouped_counts`), or with
    ``repeated`` (an item may have several rows: a many-valued field) the distinct
    ``(pk, fields…)`` rows counted here."""
    if len(members) == 1:
        ((name, field),) = members
        rows = (
            queryset.values(field)
            .annotate(n=Count("pk", distinct=repeated))
            .values_list(field, "n")
        )
        return {name: {str(value): n for value, n in rows if value is not None}}
    if not repeated:
        return _grouped_counts(queryset, members)
    fields = [field for _name, field in members]
    rows = list(queryset.values_list("pk", *fields).distinct())
    result = {}
    for index, (name, _field) in enumerate(members, start=1):
        # (value, pk) pairs once each: an item with two tags counts once per other facet.
        pairs = {(row[index], row[0]) for row in rows}
        counted = Counter(value for value, _pk in pairs if value is not None)
        result[name] = {str(value): n for value, n in counted.items()}
    return result


def _grouped_counts(queryset, members):
    """The counts of :func:`_count_facets` for facets with one row per item, in one query:
    the listed rows are read once (a ``WITH``, which PostgreSQL and SQLite keep as a
    table when it is read more than once) and each facet is a GROUP BY over them
    (``UNION ALL``). Values come back as text: facet fields hold integers or text.

    Eight GROUP BYs over the listed queryset each joined every listed item again
    (~50 ms apiece for 20,000 products); counting the rows in Python cost ~80 ms of CPU.
    """
    # With the pk: a filter's DISTINCT (django-filter's multiple choices) would otherwise
    # merge different items with the same facts.
    fields = [field for _name, field in members]
    sql, params = queryset.values_list("pk", *fields).query.sql_with_params()
    columns = ", ".join(f"c{index}" for index in range(len(fields) + 1))
    counts = " UNION ALL ".join(
        f"SELECT {index}, CAST(c{index + 1} AS TEXT), COUNT(*) FROM listed GROUP BY c{index + 1}"
        for index in range(len(fields))
    )
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"WITH listed ({columns}) AS ({sql}) {counts}", params)
        rows = cursor.fetchall()
    result = {name: {} for name, _field in members}
    for index, value, n in rows:
        if value is not None:
            result[members[index][0]][value] = n
    return result
