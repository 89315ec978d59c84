"""Views behind the event pages: listing context, event page with its form, confirmation."""

from urllib.parse import urlencode

from django.core import signing
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from core.links import absolute_url
from core.listing import paginate
from events import timeutils
from events.filters import EventFilter, month_choices, order_upcoming_first
from events.forms import RegistrationForm
from events.models import EVENT_PAGE_SIZE, EventType, Registration
from events.registration import AlreadyRegistered, RegistrationClosed, register
from products_catalog.models import ProducerPage, ProductPage
from taxonomy.models import Locality

TOKEN_SALT = "events.registration"
TOKEN_MAX_AGE = 60 * 60 * 24 * 30  # seconds: a confirmation link works for 30 days


def event_index_context(index, request, now=None):
    """Context of the event list; never raises on bad query strings.

    Keys: ``filter``, ``events`` (a page of events annotated ``is_past``),
    ``paginator``, ``result_count``, ``invalid_params``, ``active_filters``,
    ``type_options``, ``month_options``, ``locality_options``,
    ``when_options`` (``[(value, label)]``), ``calendar_url``, ``webcal_url``.
    """
    now = now or timeutils.current_time()
    base = index.events()
    months = month_choices(base)
    event_filter = EventFilter(
        request.GET.copy(), queryset=base, months=months, locale=index.locale, now=now
    )
    events = order_upcoming_first(event_filter.qs, now)
    paginator, page_obj = paginate(events, EVENT_PAGE_SIZE, request.GET.get("page", 1))
    invalid = event_filter.invalid_params
    selected = {
        name: request.GET.get(name)
        for name in ("type", "month", "locality", "when")
        if request.GET.get(name) and name not in invalid
    }
    locality_ids = base.order_by().values_list("locality_id", flat=True).distinct()
    calendar_path = index.url + index.reverse_subpage("calendar")
    calendar_url = absolute_url(calendar_path)
    return {
        "filter": event_filter,
        "events": page_obj,
        "paginator": paginator,
        "result_count": paginator.count,
        "invalid_params": invalid,
        "ignored_filters": event_filter.ignored_filters,
        "selected": selected,
        "active_filters": bool(selected),
        "type_options": list(EventType.choices),
        "month_options": months,
        "locality_options": list(
            Locality.objects.filter(pk__in=locality_ids).values_list("slug", "name")
        ),
        "calendar_url": calendar_url,
        "webcal_url": "webcal://" + calendar_url.split("://", 1)[-1],
    }


def participants(event):
    """``(products, producers)`` taking part: live pages, products with card data."""
    product_ids = [row.product_id for row in event.participating_products.all()]
    producer_ids = [row.producer_id for row in event.participating_producers.all()]
    products_by_id = {p.pk: p for p in ProductPage.objects.for_cards().filter(pk__in=product_ids)}
    producers_by_id = {
        p.pk: p
        for p in ProducerPage.objects.live()
        .public()
        .filter(pk__in=producer_ids)
        .select_related("locality")
    }
    return (
        [products_by_id[pk] for pk in product_ids if pk in products_by_id],
        [producers_by_id[pk] for pk in producer_ids if pk in producers_by_id],
    )


def event_page_view(event, request):
    """GET: the event page with its registration form. POST: register.

    A valid POST stores the registration, then redirects (POST/redirect/GET)
    to the confirmation page. An invalid POST re-renders the page with the
    errors and the typed values (status 200); a POST after the deadline
    shows "closed" and stores nothing (status 409).
    """
    now = timeutils.current_time()
    state = event.registration_state(now)
    form = RegistrationForm()
    status = 200
    notice = ""
    if request.method == "POST":
        form = RegistrationForm(request.POST)
        if state in ("disabled", "closed"):
            status = 409
            notice = _("Registration for this event is closed. Nothing was recorded.")
        elif form.is_valid():
            try:
                registration = register(event, form.cleaned_data, now=now)
            except RegistrationClosed:
                status = 409
                notice = _("Registration for this event is closed. Nothing was recorded.")
            except AlreadyRegistered:
                form.add_error(
                    "email", _("This email address is already registered for this event.")
                )
            else:
                token = signing.dumps(registration.pk, salt=TOKEN_SALT)
                done = event.url + event.reverse_subpage("registration_done")
                return redirect(f"{done}?{urlencode({'t': token})}")
        state = event.registration_state(now)
    products, producers = participants(event)
    context = {
        "form": form,
        "registration_state": state,
        "registration_notice": notice,
        "places_left": event.places_left,
        "participating_products": products,
        "participating_producers": producers,
        "report_photos": event.report_photos.select_related("image"),
        "is_upcoming": event.is_upcoming(now),
        "is_ongoing": event.is_ongoing(now),
        "ics_url": event.url + event.reverse_subpage("ics"),
    }
    response = event.render(request, context_overrides=context)
    response.status_code = status
    return response


def registration_done_view(event, request, token):
    """The confirmation page behind a signed token; a bad or old token is a 404."""
    try:
        pk = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature as error:
        raise Http404 from error
    registration = Registration.objects.filter(pk=pk, event=event).first()
    if registration is None:
        raise Http404
    return event.render(
        request,
        template="events/registration_done.html",
        context_overrides={
            "registration": registration,
            "waiting_position": registration.waiting_position(),
            "ics_url": event.url + event.reverse_subpage("ics"),
        },
    )
