"""Wagtail admin for registrations: listing with filters, search and spreadsheet export.

Exports follow :mod:`core.exports`: the CSV starts with a UTF-8 byte-order
mark (Excel keeps "Nguyễn Thị Hương" intact); times are local
(Asia/Ho_Chi_Minh) in CSV and XLSX alike; text that a spreadsheet would run
as a formula (``=``, ``+``, ``-``, ``@``…) cannot run.
"""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from core.exports import SpreadsheetExportViewMixin
from events.models import EventPage, Registration


class RegistrationFilterSet(WagtailFilterSet):
    """Admin filters: event, role, status, registration date, email not sent."""

    event = django_filters.ModelChoiceFilter(
        queryset=EventPage.objects.order_by("-start"), label=_("Event")
    )
    role = django_filters.ChoiceFilter(
        choices=Registration.Role.choices, label=_("Role"), empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        choices=Registration.Status.choices, label=_("Status"), empty_label=_("All")
    )
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Registered between"), widget=DateRangePickerWidget
    )
    email_pending = django_filters.BooleanFilter(
        field_name="confirmation_sent_at",
        lookup_expr="isnull",
        label=_("Confirmation email not sent"),
    )

    class Meta:
        model = Registration
        fields = ["event", "role", "status", "created_at", "email_pending"]


class RegistrationIndexView(SpreadsheetExportViewMixin, IndexView):
    """Index view whose exports follow :mod:`core.exports` (BOM, local times, no formulas)."""

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("event").prefetch_related("emails")


class RegistrationViewSet(ModelViewSet):
    """ "Event registrations" in the admin menu: filter per event, export CSV/XLSX."""

    model = Registration
    index_view_class = RegistrationIndexView
    icon = "group"
    menu_label = _("Event registrations")
    menu_order = 320
    add_to_admin_menu = True
    name = "registrations"
    filterset_class = RegistrationFilterSet
    search_fields = ["name", "organisation", "email", "phone"]
    search_backend_name = None
    list_display = [
        "name",
        "organisation",
        Column("event", label=_("Event"), accessor="event"),
        Column("role", label=_("Role"), accessor="get_role_display"),
        Column("status", label=_("Status"), accessor="get_status_display"),
        "email",
        "phone",
        DateColumn("created_at", label=_("Registered at")),
        Column("email_state", label=_("Confirmation"), accessor="email_state"),
    ]
    list_export = [
        "event",
        "event_start",
        "name",
        "organisation",
        "get_role_display",
        "email",
        "phone",
        "message",
        "get_status_display",
        "created_at",
        "confirmation_sent_at",
    ]
    export_headings = {
        "event": _("Event"),
        "event_start": _("Event starts"),
        "get_role_display": _("Role"),
        "get_status_display": _("Status"),
        "created_at": _("Registered at"),
        "confirmation_sent_at": _("Confirmation sent at"),
    }
    export_filename = "dang-ky-su-kien"
