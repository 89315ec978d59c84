"""Wagtail hooks: registrations in the admin, events on product and producer pages."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from events.admin_views import RegistrationViewSet
from events.models import EventPage


@hooks.register("register_admin_viewset")
def register_registration_viewset():
    return RegistrationViewSet()


def registrations_url(page):
    """Admin listing of the registrations of one event."""
    return reverse("registrations:index") + f"?event={page.pk}"


@hooks.register("register_page_header_buttons")
def registrations_header_button(page, user, view_name, next_url=None):
    if isinstance(page.specific_deferred, EventPage) and user.has_perm("events.view_registration"):
        count = page.specific_deferred.registrations.count()
        yield Button(
            _("Registrations (%(count)s)") % {"count": count},
            registrations_url(page),
            icon_name="group",
            priority=80,
        )


@hooks.register("register_page_listing_more_buttons")
def registrations_listing_button(page, user, next_url=None):
    if isinstance(page.specific_deferred, EventPage) and user.has_perm("events.view_registration"):
        yield Button(_("Registrations"), registrations_url(page), icon_name="group", priority=45)


TAKING_PART_LIMIT = 6


@hooks.register("catalog_page_section")
def events_on_catalogue_pages(slot, page, request, context):
    """Fill the catalogue's ``product_after`` and ``producer_events`` slots.

    A product page lists the events it takes part in; a producer page lists
    its own events and those of its products (upcoming first, then past).
    Nothing is rendered when there is none. See
    ``products_catalog.templatetags.catalog_tags.page_sections``.
    """
    from events.templatetags.events_tags import events_involving
    from products_catalog.models import ProducerPage, ProductPage

    if slot == "product_after" and isinstance(page, ProductPage):
        events = events_involving(product=page)
        heading = _("Events with this product")
    elif slot == "producer_events" and isinstance(page, ProducerPage):
        events = events_involving(producer=page)
        heading = _("Events this producer takes part in")
    else:
        return ""
    events = list(events[:TAKING_PART_LIMIT])
    if not events:
        return ""
    return render_to_string(
        "events/includes/taking_part.html",
        {"events": events, "heading": heading},
        request=request,
    )
