"""Wagtail admin for buyer inquiries: listing with filters, search, CSV/XLSX export, editing.

Editors change the status with a note; every change is kept in the
history (:class:`~buyers.models.InquiryStatusChange`) with who made it.
Exports (CSV/XLSX) follow :mod:`core.exports`: BOM, no formulas, local times,
headings in the editor's language.
"""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, Panel
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from buyers.forms import InquiryAdminForm
from buyers.models import Inquiry
from core.exports import SpreadsheetExportViewMixin
from products_catalog.models import ProducerPage, ProductPage


class ConsentPanel(FieldPanel):
    """The consent, read-only, as "Yes, <when>" / "No" rather than Python's True / False."""

    def __init__(self, field_name="consent", **kwargs):
        kwargs["read_only"] = True
        super().__init__(field_name, **kwargs)

    class BoundPanel(FieldPanel.BoundPanel):
        @property
        def value_from_instance(self):
            return self.instance.get_consent_display()


class InquiryFilterSet(WagtailFilterSet):
    """Filters of the admin listing: status, producer, product, received between two dates."""

    status = django_filters.ChoiceFilter(
        choices=Inquiry.Status.choices,
        label=_("Status"),
        widget=forms.RadioSelect,
        empty_label=_("All"),
    )
    producer = django_filters.ModelChoiceFilter(
        queryset=ProducerPage.objects.order_by("title"), label=_("Producer")
    )
    product = django_filters.ModelChoiceFilter(
        queryset=ProductPage.objects.order_by("title"), label=_("Product")
    )
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Received"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Inquiry
        fields = ["status", "producer", "product", "created_at"]


class InquiryPermissionPolicy(ModelPermissionPolicy):
    """Django model permissions, except that nobody creates inquiries in the admin.

    Inquiries come from buyers through the website form (which stores them
    and sends the e-mails); an admin "add" form would bypass both.
    """

    def user_has_permission(self, user, action):
        if action == "add":
            return False
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a != "add"])


class InquiryHistoryPanel(Panel):
    """Read-only panel: status history with notes, and the state of each e-mail."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "buyers/admin/inquiry_history_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            inquiry = self.instance
            context["changes"] = inquiry.status_changes.select_related("user") if inquiry.pk else []
            context["emails"] = inquiry.emails.all() if inquiry.pk else []
            return context


class InquiryIndexView(SpreadsheetExportViewMixin, generic.IndexView):
    """Listing whose CSV/XLSX exports follow :mod:`core.exports`."""

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("product", "producer")
            .prefetch_related("emails")
        )


class InquiryEditView(generic.EditView):
    """Edit view that records a status change (or a note) in the history with the user."""

    def save_instance(self):
        old_status = (
            Inquiry.objects.filter(pk=self.object.pk).values_list("status", flat=True).first()
        )
        instance = super().save_instance()
        note = self.form.cleaned_data.get("status_note", "")
        instance.log_status(old_status or "", instance.status, note, self.request.user)
        return instance


class InquiryViewSet(ModelViewSet):
    """Admin menu "Buyer inquiries": filters by status, producer, product and date."""

    model = Inquiry
    icon = "mail"
    add_to_admin_menu = True
    menu_order = 250
    menu_label = _("Buyer inquiries")
    index_view_class = InquiryIndexView
    edit_view_class = InquiryEditView
    copy_view_enabled = False
    inspect_view_enabled = True
    list_per_page = 50
    ordering = ["-created_at", "-pk"]
    list_display = [
        "__str__",
        Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
        Column("organisation", label=_("Organisation")),
        Column("producer", label=_("Producer"), accessor="producer_name"),
        Column("delivery", label=_("E-mails"), accessor="delivery_summary"),
        DateColumn("created_at", label=_("Received"), sort_key="created_at"),
    ]
    filterset_class = InquiryFilterSet
    search_fields = [
        "buyer_name",
        "organisation",
        "email",
        "phone",
        "country",
        "products_wanted",
        "message",
        "subject_title",
    ]
    search_backend_name = None
    list_export = [
        "reference_code",
        "created_at",
        "get_status_display",
        "subject_title",
        "producer_name",
        "buyer_name",
        "organisation",
        "country",
        "email",
        "phone",
        "products_wanted",
        "quantity",
        "quantity_unit",
        "delivery_wanted",
        "message",
        "consent",
        "page_url",
    ]
    export_headings = {
        "reference_code": _("Reference"),
        # The status's label, as the registrations' export (the code is for machines).
        "get_status_display": _("Status"),
        "buyer_name": _("Buyer name"),
        "producer_name": _("Producer"),
    }
    export_filename = "yeu-cau-mua-hang"
    inspect_view_fields = [
        "created_at",
        "status",
        "subject_title",
        "page_url",
        "producer",
        "product",
        "buyer_name",
        "organisation",
        "country",
        "email",
        "phone",
        "products_wanted",
        "quantity",
        "quantity_unit",
        "delivery_wanted",
        "message",
        "consent",
        "internal_note",
    ]

    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [FieldPanel("status"), FieldPanel("status_note"), FieldPanel("internal_note")],
                heading=_("Work on this inquiry"),
            ),
            InquiryHistoryPanel(heading=_("Status history")),
            MultiFieldPanel(
                [
                    FieldPanel("subject_title", read_only=True),
                    FieldPanel("page_url", read_only=True),
                    FieldPanel("buyer_name", read_only=True),
                    FieldPanel("organisation", read_only=True),
                    FieldPanel("country", read_only=True),
                    FieldPanel("email", read_only=True),
                    FieldPanel("phone", read_only=True),
                    FieldPanel("products_wanted", read_only=True),
                    FieldPanel("quantity", read_only=True),
                    FieldPanel("quantity_unit", read_only=True),
                    FieldPanel("delivery_wanted", read_only=True),
                    FieldPanel("message", read_only=True),
                    ConsentPanel(),
                ],
                heading=_("What the buyer sent"),
            ),
        ],
        base_form_class=InquiryAdminForm,
    )
