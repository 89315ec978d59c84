"""Wagtail hooks: registrations in the admin, events on product and producer pages."""

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
