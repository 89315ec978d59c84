"""Admin wiring: the "OCOP programme" menu (import, log, targets, validity lists, records
flagged by the rules) and the dashboard panels."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from products_catalog.rules import EXPIRING_WITHIN_DAYS
from programme import admin_views
from programme.models import ImportLog, ProgrammeTarget
from programme.panels import construct_panels
from programme.records_admin import VIEWSETS as RECORD_VIEWSETS


def _expiring_label():
    return gettext("Expiring in %(days)s days") % {"days": EXPIRING_WITHIN_DAYS}


#: Translated when the menu is drawn, in the editor's language.
expiring_label = lazy(_expiring_label, str)


def _menu_item_for(permission):
    """A MenuItem class shown only to users holding ``permission``."""

    class PermissionMenuItem(MenuItem):
        def is_shown(self, request):
            return request.user.has_perm(permission)

    return PermissionMenuItem


class ImportViewSet(ViewSet):
    """Upload → preview → apply (``/admin/ocop-import/``)."""

    name = "ocop_import"
    url_prefix = "ocop-import"
    icon = "upload"
    menu_label = _("Import decisions")
    menu_item_class = _menu_item_for(admin_views.IMPORT_PERMISSION)

    def get_urlpatterns(self):
        return [
            path("", admin_views.ImportView.as_view(), name="upload"),
            path("<int:pk>/", admin_views.ImportDetailView.as_view(), name="detail"),
            path("<int:pk>/apply/", admin_views.ImportApplyView.as_view(), name="apply"),
        ]


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Logs are written by the import only: nobody adds, edits or deletes them."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)


# Registered before the viewset asks for a policy (Wagtail 8 style).
register_permission_policy(ImportLog, ReadOnlyPolicy(ImportLog))


class ImportLogIndexView(generic.IndexView):
    def get_inspect_url(self, instance):
        return reverse("ocop_import:detail", args=[instance.pk])

    def get_header_buttons(self):
        buttons = super().get_header_buttons()
        if self.request.user.has_perm(admin_views.IMPORT_PERMISSION):
            buttons.append(
                HeaderButton(
                    _("Upload a file"), url=reverse("ocop_import:upload"), icon_name="upload"
                )
            )
        return buttons


def _local_datetime(log):
    return timezone.localtime(log.created_at).strftime("%d/%m/%Y %H:%M")


class ImportLogViewSet(ModelViewSet):
    """Every import: who, when, which file, counts (``/admin/ocop-import-log/``)."""

    model = ImportLog
    name = "ocop_import_log"
    url_prefix = "ocop-import-log"
    icon = "list-ul"
    menu_label = _("Import log")
    index_view_class = ImportLogIndexView
    list_display = [
        "file_name",
        Column(
            "created_at", label=_("Uploaded at"), sort_key="created_at", accessor=_local_datetime
        ),
        "user",
        "status",
        "created_count",
        "updated_count",
        "skipped_count",
        "rejected_count",
    ]
    list_filter = ["status", "source"]
    copy_view_enabled = False
    form_fields = ["file_name"]


def _progress_cell(target):
    result = target.progress
    if not result.known:  # an empty register is not a zero (issue 16)
        return f"{result.display} · {result.state_label}"
    return f"{result.achieved}/{result.goal} ({result.percent}%) · {result.state_label}"


class ProgrammeTargetViewSet(ModelViewSet):
    """Targets with live progress (``/admin/ocop-targets/``)."""

    model = ProgrammeTarget
    name = "ocop_targets"
    url_prefix = "ocop-targets"
    icon = "crosshairs"
    menu_label = _("Targets")
    list_display = [
        "__str__",
        "rule",
        Column("progress", label=_("Progress (live)"), accessor=_progress_cell),
    ]
    copy_view_enabled = False
    inspect_view_enabled = True


class CertificateListViewSet(ViewSet):
    """One validity list; ``mode`` is ``expiring`` or ``expired``."""

    icon = "date"
    mode = "expiring"
    menu_item_class = _menu_item_for(admin_views.VALIDITY_PERMISSION)

    def get_urlpatterns(self):
        view = admin_views.CertificateListView.as_view(mode=self.mode)
        return [path("", view, name="list")]


class FlaggedRecordsViewSet(ViewSet):
    """Recorded decisions and lines the rules flag today (``/admin/ocop-flagged/``)."""

    name = "ocop_flagged"
    url_prefix = "ocop-flagged"
    icon = "warning"
    menu_label = _("Records flagged by the rules")
    menu_item_class = _menu_item_for(admin_views.VALIDITY_PERMISSION)

    def get_urlpatterns(self):
        return [path("", admin_views.FlaggedRecordsView.as_view(), name="list")]


class ProgrammeGroup(ViewSetGroup):
    menu_label = _("OCOP programme")
    menu_icon = "tasks"
    menu_order = 250
    items = (
        ImportViewSet(),
        ImportLogViewSet(),
        ProgrammeTargetViewSet(),
        CertificateListViewSet(
            "ocop_expiring",
            url_prefix="ocop-expiring",
            mode="expiring",
            menu_label=expiring_label(),
        ),
        CertificateListViewSet(
            "ocop_expired",
            url_prefix="ocop-expired",
            mode="expired",
            menu_label=_("Expired, not re-certified"),
            icon="warning",
        ),
        FlaggedRecordsViewSet(),
        *(viewset() for viewset in RECORD_VIEWSETS),
    )


@hooks.register("register_admin_viewset")
def register_programme_viewsets():
    return ProgrammeGroup()


@hooks.register("insert_global_admin_css")
def programme_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("programme/admin.css"))


@hooks.register("construct_homepage_panels")
def add_programme_panels(request, panels):
    construct_panels(request, panels)
