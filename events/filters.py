"""Event listing filters and ordering.

Query-string names: ``type`` (an :class:`~events.choices.EventType` value),
``month`` (``YYYY-MM``, local month of the start; only months that have
events), ``locality`` (slug; includes the units under it and those it
absorbed in 2025), ``when`` (``upcoming`` or ``past``). Unknown values are
ignored and reported in ``invalid_params``; nothing here raises on input.
"""

import django_filters
from django.db.models import Case, F, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _

from core.listing import ListingFilterSet, vietnamese_order
from events import timeutils
from events.choices import EventType
from products_catalog.filters import locality_family_ids
from taxonomy.models import Locality

WHEN_CHOICES = [("upcoming", _("Upcoming")), ("past", _("Past events"))]


def month_choices(queryset):
    """``[("2023-07", "07/2023"), …]``: local months in which events start, newest first."""
    months = queryset.order_by().datetimes("start", "month", tzinfo=timeutils.event_tz())
    return [(f"{m.year}-{m.month:02d}", f"{m.month:02d}/{m.year}") for m in reversed(months)]


def order_upcoming_first(queryset, now=None):
    """Annotate ``is_past`` (0/1) and order: upcoming soonest first, then past latest first.

    "Past" means the event ended before today's local midnight
    (:func:`events.timeutils.upcoming_threshold`).
    """
    threshold = timeutils.upcoming_threshold(now)
    return queryset.annotate(
        is_past=Case(
            When(end__lt=threshold, then=Value(1)), default=Value(0), output_field=IntegerField()
        ),
        upcoming_start=Case(When(end__gte=threshold, then=F("start"))),
        past_start=Case(When(end__lt=threshold, then=F("start"))),
    ).order_by(
        "is_past",
        F("upcoming_start").asc(nulls_last=True),
        F("past_start").desc(nulls_last=True),
        "pk",
    )


class EventFilter(ListingFilterSet):
    """Filters an :class:`~events.models.EventPage` queryset (see module doc).

    ``months``: the ``[(value, label)]`` offered (:func:`month_choices`);
    ``locale``: localities of that locale; ``now``: the moment "upcoming" is
    measured from. Facets are shown without counts; the localities offered are
    those of the listed events.
    """

    type = django_filters.ChoiceFilter(
        field_name="event_type", choices=EventType.choices, label=_("Event type")
    )
    month = django_filters.ChoiceFilter(choices=[], method="filter_month", label=_("Month"))
    locality = django_filters.ModelChoiceFilter(
        queryset=Locality.objects.all(),
        to_field_name="slug",
        method="filter_locality",
        label=_("Locality"),
    )
    when = django_filters.ChoiceFilter(choices=WHEN_CHOICES, method="filter_when", label=_("When"))

    facets = {"type": None, "month": None, "locality": None, "when": None}
    single_choice = ("when",)
    ranked_facets = ("month", "when")

    def __init__(self, *args, months=(), locale=None, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.months, self.locale, self.now = list(months), locale, now
        if locale is not None:
            self.filters["locality"].queryset = Locality.objects.filter(locale=locale)
            self.form.fields["locality"].queryset = self.filters["locality"].queryset
        self.form.fields["month"].choices = [("", "---------"), *self.months]

    def filterset_kwargs(self):
        return {"months": self.months, "locale": self.locale, "now": self.now}

    def facet_options(self, name, counts):
        if name == "locality":
            used = self.queryset.order_by().values("locality_id")
            units = Locality.objects.filter(pk__in=used)
            return vietnamese_order([(unit.slug, unit.display_name) for unit in units])
        return super().facet_options(name, counts)

    def filter_month(self, queryset, name, value):
        year, month = (int(part) for part in value.split("-"))
        start, end = timeutils.month_bounds(year, month)
        return queryset.filter(start__gte=start, start__lt=end)

    def filter_locality(self, queryset, name, value):
        return queryset.filter(locality__in=locality_family_ids(value))

    def filter_when(self, queryset, name, value):
        threshold = timeutils.upcoming_threshold(self.now)
        if value == "upcoming":
            return queryset.filter(end__gte=threshold)
        return queryset.filter(end__lt=threshold)
