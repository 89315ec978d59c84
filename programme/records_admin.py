"""Admin for the plan's records (issue 16): viewsets with filters, search and export, two views.

- councils, evaluation rounds (with "issue the certification decision"),
  training sessions, participants (with "import a sign-in sheet"),
  officials rosters, post-certification inspections;
- permissions are Django's model permissions, granted to the roles by
  ``programme.roles`` (migration 0006).
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.generic import FormView
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from core.exports import SpreadsheetExportViewMixin
from events.models import EventPage
from products_catalog.models import Inspection
from programme import rounds, signin
from programme.admin_views import CERTIFY_PERMISSION, IMPORT_PERMISSION
from programme.imports.reader import MAX_FILE_BYTES
from programme.records import (
    TRAINING_EVENT_TYPES,
    Council,
    EvaluationRound,
    TrainingParticipant,
    TrainingRoster,
    TrainingSession,
)

SIGNIN_PERMISSION = "programme.add_trainingparticipant"
ISSUE_PERMISSION = "programme.change_evaluationround"


class ExportIndexView(SpreadsheetExportViewMixin, generic.IndexView):
    """Index view whose CSV/XLSX exports follow :mod:`core.exports`."""


class RecordsViewSet(ModelViewSet):
    """Common settings: database search, exports, no copy view."""

    index_view_class = ExportIndexView
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = True


class CouncilViewSet(RecordsViewSet):
    model = Council
    name = "ocop_councils"
    url_prefix = "ocop-councils"
    icon = "group"
    menu_label = _("Evaluation councils")
    list_display = ["name", "level", "term_label", "decision_number", "decision_date"]
    list_filter = ["level", "term_start"]
    search_fields = ["name", "decision_number", "members__name", "members__organisation"]
    list_export = ["name", "level", "term_start", "term_end", "decision_number", "decision_date"]


def _round_text(round_):
    return round_.public_text()


def _issue_link(round_):
    """A link to "issue the decision" while the round has none, else the decision."""
    if round_.decision_id:
        return str(round_.decision)
    return format_html(
        '<a href="{}">{}</a>', reverse("ocop_rounds:issue", args=[round_.pk]), _("Issue")
    )


class RoundIndexView(ExportIndexView):
    pass


class EvaluationRoundViewSet(RecordsViewSet):
    model = EvaluationRound
    name = "ocop_rounds"
    url_prefix = "ocop-rounds"
    icon = "table"
    menu_label = _("Evaluation rounds")
    list_display = [
        Column("label", label=_("Round"), accessor="label"),
        "level",
        "start_date",
        Column("figures", label=_("Figures"), accessor=_round_text),
        Column("decision", label=_("Certification decision"), accessor=_issue_link),
    ]
    list_filter = ["year", "level", "council"]
    search_fields = ["note", "locality__name", "council__name", "decision__number"]
    list_export = [
        "year",
        "number",
        "level",
        "start_date",
        "reported_registered",
        "reported_producers",
        "reported_evaluated",
        "reported_3",
        "reported_4",
        "reported_5",
        "decision",
        "source_url",
    ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/issue/", IssueDecisionView.as_view(), name="issue"),
        ]


class TrainingSessionViewSet(RecordsViewSet):
    model = TrainingSession
    name = "ocop_training_sessions"
    url_prefix = "ocop-training-sessions"
    icon = "date"
    menu_label = _("Training sessions")
    list_display = ["event", "day", "label"]
    list_filter = ["event"]
    search_fields = ["label", "event__title"]
    list_export = ["event", "day", "label"]
    form_fields = ["event", "day", "label"]


def _participant_name(participant):
    return participant.registration.name


def _participant_event(participant):
    return participant.registration.event.title


def _sessions_attended(participant):
    return len(participant.sessions.all())


class ParticipantIndexView(ExportIndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("registration__event", "producer")
            .prefetch_related("sessions")
        )

    def get_header_buttons(self):
        buttons = super().get_header_buttons()
        if self.request.user.has_perm(SIGNIN_PERMISSION):
            buttons.append(
                HeaderButton(
                    _("Import a sign-in sheet"),
                    url=reverse("ocop_participants:signin"),
                    icon_name="upload",
                )
            )
        return buttons


class TrainingParticipantViewSet(RecordsViewSet):
    """Participants (personal data: admin only)."""

    model = TrainingParticipant
    name = "ocop_participants"
    url_prefix = "ocop-participants"
    icon = "user"
    menu_label = _("Training participants")
    index_view_class = ParticipantIndexView
    list_display = [
        Column("name", label=pgettext_lazy("person", "Name"), accessor=_participant_name),
        Column("event", label=_("Course or tour"), accessor=_participant_event),
        "role",
        "producer",
        Column("sessions", label=_("Sessions attended"), accessor=_sessions_attended),
    ]
    list_filter = ["role", "registration__event"]
    search_fields = ["registration__name", "registration__email", "registration__organisation"]
    list_export = ["name", "organisation", "event_title", "role", "producer"]
    export_headings = {
        "name": pgettext_lazy("person", "Name"),
        "organisation": _("Organisation"),
        "event_title": _("Course or tour"),
    }
    form_fields = ["registration", "role", "producer", "sessions"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("sign-in-sheet/", SignInImportView.as_view(), name="signin"),
        ]


class TrainingRosterViewSet(RecordsViewSet):
    model = TrainingRoster
    name = "ocop_rosters"
    url_prefix = "ocop-rosters"
    icon = "list-ol"
    menu_label = _("Officials rosters")
    list_display = ["year", "level", "officials", "is_sample", "source"]
    list_filter = ["year", "level", "is_sample"]
    search_fields = ["source"]
    list_export = ["year", "level", "officials", "is_sample", "source"]
    form_fields = ["year", "level", "officials", "is_sample", "source"]


class InspectionViewSet(RecordsViewSet):
    model = Inspection
    name = "ocop_inspections"
    url_prefix = "ocop-inspections"
    icon = "view"
    menu_label = _("Post-certification inspections")
    list_display = ["product", "inspected_on", "body", "result", "revocation"]
    list_filter = ["result", "inspected_on"]
    search_fields = ["product__title", "body", "findings"]
    list_export = ["product", "inspected_on", "body", "result", "findings", "revocation"]


# Views -----------------------------------------------------------------------


class SignInForm(forms.Form):
    event = forms.ModelChoiceField(
        label=_("Course or tour"),
        queryset=EventPage.objects.filter(event_type__in=TRAINING_EVENT_TYPES).order_by("-start"),
    )
    file = forms.FileField(
        label=_("Sign-in sheet"),
        help_text=_("CSV (UTF-8) or XLSX, at most 5 MB; the first row names the columns."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class SignInImportView(WagtailAdminTemplateMixin, FormView):
    """Upload a sign-in sheet: all rows written, or none with the reasons per row."""

    form_class = SignInForm
    template_name = "programme/admin/signin_form.html"
    page_title = _("Import a sign-in sheet")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(SIGNIN_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"event": self.request.GET.get("event") or None}

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        event = form.cleaned_data["event"]
        try:
            counts = signin.import_sheet(event, upload.read(), upload.name)
        except signin.SheetRejected as error:
            return self.render_to_response(
                self.get_context_data(form=form, reasons=error.reasons, row_errors=error.rows)
            )
        messages.success(
            self.request,
            _("%(created)s participants added, %(updated)s updated, %(sessions)s sessions added.")
            % counts,
        )
        url = reverse("ocop_participants:index")
        return redirect(f"{url}?registration__event={event.pk}")


class IssueForm(forms.Form):
    number = forms.CharField(label=_("Decision number"), max_length=80)
    decision_date = forms.DateField(
        label=_("Decision date"), input_formats=["%d/%m/%Y", "%Y-%m-%d"]
    )
    issuing_body = forms.CharField(label=_("Issuing body"), max_length=200, required=False)


class IssueDecisionView(WagtailAdminTemplateMixin, FormView):
    """The round's certified dossiers become one certification decision."""

    form_class = IssueForm
    template_name = "programme/admin/issue_decision.html"
    page_title = _("Issue the certification decision")
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        if not all(
            request.user.has_perm(permission)
            for permission in (ISSUE_PERMISSION, IMPORT_PERMISSION, CERTIFY_PERMISSION)
        ):
            raise PermissionDenied
        self.round = get_object_or_404(EvaluationRound, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.round.label)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["round"] = self.round
        context["dossiers"] = self.round.dossiers.select_related("product")
        return context

    def form_valid(self, form):
        try:
            decision = rounds.issue_decision(
                self.round, user=self.request.user, **form.cleaned_data
            )
        except rounds.RoundError as error:
            return self.render_to_response(self.get_context_data(form=form, reasons=error.reasons))
        messages.success(
            self.request,
            _("Decision %(decision)s issued with %(lines)s products.")
            % {"decision": decision, "lines": decision.lines.count()},
        )
        return redirect(reverse("ocop_rounds:edit", args=[self.round.pk]))


VIEWSETS = (
    CouncilViewSet,
    EvaluationRoundViewSet,
    TrainingSessionViewSet,
    TrainingParticipantViewSet,
    TrainingRosterViewSet,
    InspectionViewSet,
)
