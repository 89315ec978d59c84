"""Event template helpers: local-time formatting, home and product/producer sections.

Every date and time goes through :mod:`events.timeutils`, so it is shown in
Asia/Ho_Chi_Minh whatever time zone is active.
"""

from django import template
from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail.models import Locale

from core import fastpath
from core.localize import in_locale
from events import timeutils
from events.filters import order_upcoming_first
from events.models import EventIndexPage, EventPage, card_queryset

register = template.Library()

DATE = "d/m/Y"
TIME = "H:i"


@register.filter
def local_dt(value, fmt="H:i d/m/Y"):
    """``{{ value|local_dt:"H:i d/m/Y" }}``: an aware datetime formatted in local time."""
    return timeutils.format_local(value, fmt)


def _time(value, fmt):
    return format_html(
        '<time datetime="{}">{}</time>',
        timeutils.to_local(value).isoformat(),
        timeutils.format_local(value, fmt),
    )


@register.simple_tag
def event_when(event, weekday=True):
    """When an event happens, in local time, as ``<time>`` elements.

    Same day: "Thứ hai, 10/03/2025 · 06:00–09:00"; several days: "14/07/2023 –
    16/07/2023" (with times unless ``all_day``).
    """
    day_fmt = f"l, {DATE}" if weekday else DATE
    if not event.is_multi_day:
        if event.all_day:
            return _time(event.start, day_fmt)
        return format_html(
            "{} · {}–{}",
            _time(event.start, day_fmt),
            _time(event.start, TIME),
            _time(event.end, TIME),
        )
    if event.all_day:
        return format_html("{} – {}", _time(event.start, DATE), _time(event.end, DATE))
    both = f"{TIME} {DATE}"
    return format_html("{} – {}", _time(event.start, both), _time(event.end, both))


def _card_events(queryset):
    return card_queryset(queryset)


@register.inclusion_tag("events/includes/home_events.html", takes_context=True)
def upcoming_events_section(context, limit=3):
    """Home section: the next ``limit`` upcoming events under the current site root.

    Kept in the shared cache until content changes or the local date turns (the
    threshold is today's local midnight).
    """
    page = context.get("page")
    threshold = timeutils.upcoming_threshold()
    found = fastpath.cached(
        f"home-events:{getattr(page, 'pk', 0)}:{limit}",
        lambda: _upcoming_events(page, limit, threshold),
        language=translation.get_language(),
    )
    return {**found, "request": context.get("request")}


def _upcoming_events(page, limit, threshold):
    """The next events under the source (Vietnamese) home, each in the page's language when
    translated (else kept, marked ``other_language``): a translated home lists the same
    events as the Vietnamese one (issue 13)."""
    events = EventPage.objects.live().public()
    index = None
    locale = None
    if page is not None:
        locale = page.locale
        source = page.get_translation_or_none(Locale.get_default()) or page
        events = events.descendant_of(source)
        index = EventIndexPage.objects.live().descendant_of(page).first()
        if index is None:
            index = EventIndexPage.objects.live().descendant_of(source).first()
    upcoming = _card_events(events.filter(end__gte=threshold).order_by("start", "pk"))[:limit]
    upcoming = in_locale(upcoming, locale, _card_events(EventPage.objects.live().public()))
    return {"events": upcoming, "event_index": index}


def events_involving(product=None, producer=None, limit=None):
    """Live events that list ``product`` (or ``producer``, directly or via its products),
    in the page's language: ``[EventPage]``, upcoming first (soonest first), then past
    (latest first), at most ``limit``.

    Participants are shared facts (issue 13): every translation of an event lists the
    source (default-language) pages, so the events are found in the default language by
    the pages' ``translation_key`` and each is shown as its translation in the page's
    language when there is one (else in its own language, marked ``other_language``).
    Never the same event twice.
    """
    condition = Q()
    if product is not None:
        condition |= Q(participating_products__product__translation_key=product.translation_key)
    if producer is not None:
        key = producer.translation_key
        condition |= Q(participating_producers__producer__translation_key=key)
        condition |= Q(participating_products__product__producer__translation_key=key)
    ids = (
        EventPage.objects.live()
        .public()
        .filter(condition, locale__language_code=settings.LANGUAGE_CODE)
        .values_list("pk", flat=True)
        .distinct()
    )
    events = order_upcoming_first(_card_events(EventPage.objects.filter(pk__in=list(ids))))
    events = list(events[:limit] if limit else events)
    page = product or producer
    cards = order_upcoming_first(_card_events(EventPage.objects.live().public()))
    return in_locale(events, page.locale_id if page is not None else None, queryset=cards)


TAKING_PART_LIMIT = 6


@register.inclusion_tag("events/includes/taking_part.html", takes_context=True)
def events_taking_part(context, product=None, producer=None):
    """Events a product takes part in, or a producer and its products (upcoming first).

    Renders nothing without events, or for a page never saved (a preview).
    """
    page = product or producer
    events = []
    if page is not None and page.pk:
        events = events_involving(product=product, producer=producer, limit=TAKING_PART_LIMIT)
    heading = _("Events with this product") if product else _("Events this producer takes part in")
    return {"events": events, "heading": heading, "request": context.get("request")}
