"""Wagtail admin for registrations: listing with filters, search and spreadsheet export.

The CSV export starts with a UTF-8 byte-order mark so Excel detects the
encoding and keeps Vietnamese letters ("Nguyễn Thị Hương") intact; times are
local (Asia/Ho_Chi_Minh) in CSV and XLSX alike; text cells that a
spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``…) are
prefixed with an apostrophe (CSV injection, OWASP).
"""

import datetime

import django_filters
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from events import timeutils
from events.models import EventPage, Registration

CSV_BOM = "\ufeff"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A CSV text cell that spreadsheets will not evaluate as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def local_datetime_text(value):
    """``"14:05 10/03/2025"`` in local time, ``""`` for ``None``."""
    return timeutils.format_local(value, "H:i d/m/Y") if value else ""


def local_naive(value):
    """Local wall-clock time without tzinfo, as XLSX cells need."""
    return timeutils.to_local(value).replace(tzinfo=None) if value else None


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


class RegistrationIndexView(IndexView):
    """Index view whose CSV starts with a BOM and whose dates are local."""

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("event")

    def stream_csv(self, queryset):
        # The response streams after the view returned and the admin's language
        # was deactivated: keep the editor's language for the headings.
        language = translation.get_language()
        rows = super().stream_csv(queryset)

        def stream():
            with translation.override(language):
                yield CSV_BOM
                yield from rows

        return stream()

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response

    def preprocess_field_value(self, field, value, export_format):
        if isinstance(value, datetime.datetime):
            if export_format == self.FORMAT_CSV:
                return local_datetime_text(value)
            return local_naive(value)
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV and isinstance(value, str):
            return safe_cell(value)
        return value


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
