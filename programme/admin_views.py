"""Wagtail admin views: council-decision import, certificate validity lists.

Permissions:
- import: ``programme.import_decisions`` (Editors, Moderators, Administrators)
  plus the right to add pages under the catalogue: upload and preview. Applying
  one issues certification decisions, which the public site shows at once, so it
  also takes :data:`CERTIFY_PERMISSION` (Moderators, Administrators), as issuing a
  round's decision does: an editor prepares the import, a moderator applies it.
  Only users who may publish under the catalogue can choose "publish"; otherwise
  new products are drafts, which may be submitted to the moderation workflow.
- validity lists and "records flagged by the rules": ``programme.view_expirynotice``
  (all three groups).
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Locale

from products_catalog.models import ProductIndexPage
from products_catalog.rules import ERROR, EXPIRING_WITHIN_DAYS, WARNING
from programme import flagged, validity
from programme.imports.columns import FORMATS
from programme.imports.reader import MAX_FILE_BYTES
from programme.imports.service import ImportRefused, apply_import, preview_import
from programme.models import ImportLog

IMPORT_PERMISSION = "programme.import_decisions"
#: Who may issue certification decisions, by hand, by import or from a round.
CERTIFY_PERMISSION = "products_catalog.add_certificationdecision"
VALIDITY_PERMISSION = "programme.view_expirynotice"


def may_apply(user):
    """Whether ``user`` may apply an import (it issues certification decisions)."""
    return user.has_perm(IMPORT_PERMISSION) and user.has_perm(CERTIFY_PERMISSION)


def catalogue_permissions(user):
    """``(can_add, can_publish)`` for new products under the catalogue page."""
    index = ProductIndexPage.objects.filter(locale=Locale.get_default()).first()
    if index is None:
        return False, False
    tester = index.permissions_for_user(user)
    return tester.can_add_subpage(), tester.can_publish_subpage()


class ImportForm(forms.Form):
    """Upload form; ``publish`` is offered only to users who may publish."""

    file = forms.FileField(
        label=_("Council list"),
        help_text=_("CSV (UTF-8) or XLSX, at most 5 MB; the first row names the columns."),
    )
    column_format = forms.ChoiceField(
        label=_("Column format"),
        choices=[
            ("auto", _("Detect from the header")),
            ("council", _("Council list")),
            ("catalogue", _("Catalogue CSV (demo data format)")),
        ],
        initial="auto",
    )
    publish = forms.ChoiceField(
        label=_("New products"),
        choices=[("draft", _("Create as drafts")), ("publish", _("Publish at once"))],
        initial="draft",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, can_publish=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_publish:
            del self.fields["publish"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class ProgrammeAdminMixin(WagtailAdminTemplateMixin):
    permission = IMPORT_PERMISSION
    header_icon = "upload"

    def has_permission(self, user):
        return user.has_perm(self.permission)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_header_title()}]

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ImportView(ProgrammeAdminMixin, FormView):
    """Step 1: upload a file; it is checked and logged, nothing is written."""

    template_name = "programme/admin/import_form.html"
    form_class = ImportForm
    page_title = _("Import council decisions")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["can_publish"] = catalogue_permissions(self.request.user)[1]
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        can_add, can_publish = catalogue_permissions(self.request.user)
        context.update(
            {
                "can_add": can_add,
                "can_publish": can_publish,
                "formats": FORMATS.values(),
                "recent": ImportLog.objects.select_related("user")[:5],
            }
        )
        return context

    def form_valid(self, form):
        can_add, can_publish = catalogue_permissions(self.request.user)
        if not can_add:
            raise PermissionDenied
        upload = form.cleaned_data["file"]
        log, _plan = preview_import(
            upload.read(),
            upload.name,
            user=self.request.user,
            column_format=form.cleaned_data["column_format"],
            publish=can_publish and form.cleaned_data.get("publish") == "publish",
        )
        return redirect("ocop_import:detail", log.pk)


class ImportDetailView(ProgrammeAdminMixin, TemplateView):
    """Step 2: the preview (or, once applied, the result) of one import."""

    template_name = "programme/admin/import_detail.html"
    page_title = _("Import")

    def has_permission(self, user):
        return user.has_perm(IMPORT_PERMISSION) or user.has_perm("programme.view_importlog")

    def get_page_subtitle(self):
        return self.log.file_name

    def get(self, request, pk):
        self.log = get_object_or_404(ImportLog.objects.select_related("user", "applied_by"), pk=pk)
        return super().get(request, pk=pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        log = self.log
        rows = log.report or []
        can_publish = catalogue_permissions(self.request.user)[1]
        context.update(
            {
                "log": log,
                "rows": rows,
                "rejected_rows": [r for r in rows if r.get("action") == "reject"],
                "warning_count": sum(
                    len(r.get("warnings") or []) for r in rows if r.get("action") != "reject"
                ),
                "can_apply": (
                    log.can_apply
                    and may_apply(self.request.user)
                    and (can_publish or not log.publish)
                ),
                "needs_certifier": log.can_apply and not may_apply(self.request.user),
                "apply_url": reverse("ocop_import:apply", args=[log.pk]),
                "upload_url": reverse("ocop_import:upload"),
            }
        )
        return context


class ImportApplyView(View):
    """Step 3 (POST): apply a previewed import in one transaction."""

    def post(self, request, pk):
        if not may_apply(request.user):
            raise PermissionDenied
        log = get_object_or_404(ImportLog, pk=pk)
        can_add, can_publish = catalogue_permissions(request.user)
        if not can_add or (log.publish and not can_publish):
            raise PermissionDenied
        try:
            log, plan, counts = apply_import(
                log, user=request.user, submit=bool(request.POST.get("submit_for_moderation"))
            )
        except ImportRefused as refused:
            messages.error(request, str(refused))
            return redirect("ocop_import:detail", refused.log.pk)
        message = _(
            "Import applied: %(created)s created, %(updated)s updated, %(skipped)s skipped."
        ) % {
            "created": log.created_count,
            "updated": log.updated_count,
            "skipped": log.skipped_count,
        }
        if counts.get("submitted"):
            message = f"{message} " + str(
                _("%(n)s drafts submitted for moderation.") % {"n": counts["submitted"]}
            )
        messages.success(request, message)
        return redirect("ocop_import:detail", log.pk)


class CertificateListView(ProgrammeAdminMixin, TemplateView):
    """Certificates "expiring in 90 days" or "expired, not re-certified"."""

    permission = VALIDITY_PERMISSION
    template_name = "programme/admin/certificates.html"
    header_icon = "date"
    mode = "expiring"

    def get_page_title(self):
        if self.mode == "expired":
            return _("Expired, not re-certified")
        return _("Certificates expiring in %(days)s days") % {"days": EXPIRING_WITHIN_DAYS}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        if self.mode == "expired":
            products = validity.expired_not_recertified(today)
        else:
            products = validity.expiring_within(EXPIRING_WITHIN_DAYS, today)
        context.update(
            {
                "mode": self.mode,
                "today": today,
                "lines": [validity.line_for(p, today) for p in products],
            }
        )
        return context


class FlaggedRecordsView(ProgrammeAdminMixin, TemplateView):
    """Recorded decisions and lines the rules flag today; ``?severity=``, ``?export=csv``."""

    permission = VALIDITY_PERMISSION
    template_name = "programme/admin/flagged.html"
    header_icon = "warning"
    page_title = _("Records flagged by the rules")

    def get(self, request, *args, **kwargs):
        severity = request.GET.get("severity")
        self.severity = severity if severity in (ERROR, WARNING) else ""
        self.flags = flagged.flagged_records(timezone.localdate())
        if request.GET.get("export") == "csv":
            shown = [f for f in self.flags if not self.severity or f.finding.severity == severity]
            response = HttpResponse(flagged.as_csv(shown), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="ocop-flagged-records.csv"'
            return response
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = {ERROR: 0, WARNING: 0}
        for flag in self.flags:
            counts[flag.finding.severity] += 1
        context.update(
            {
                "severity": self.severity,
                "flags": [
                    f
                    for f in self.flags
                    if not self.severity or f.finding.severity == self.severity
                ],
                "error_count": counts[ERROR],
                "warning_count": counts[WARNING],
            }
        )
        return context
