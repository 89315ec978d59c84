"""Admin for the outbox (*Settings → Outgoing e-mails*): what waits, what was sent, what gave up.

Read-only listing with filters (state, kind) and an inspect view; messages
that gave up ("dead letter") or still wait can be retried now ("Retry":
a confirmation page, then a POST). Only users with the "change outgoing
e-mail" permission (superusers) see it: the bodies hold personal data.
"""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import MenuItem
from wagtail.permission_policies import ModelPermissionPolicy

from core import outbox
from core.models import OutboxMessage


class OutboxFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        choices=OutboxMessage.State.choices,
        label=_("State"),
        widget=forms.RadioSelect,
        empty_label=_("All"),
    )
    kind = django_filters.ChoiceFilter(choices=OutboxMessage.Kind.choices, label=_("Kind"))

    class Meta:
        model = OutboxMessage
        fields = ["state", "kind"]


class OutboxPermissionPolicy(ModelPermissionPolicy):
    """Messages are written by the site only: no add or edit form; "change" allows Retry."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        if action == "view":
            return user.has_perm("core.change_outboxmessage")
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(["change"])


class OutboxIndexView(generic.IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.state != OutboxMessage.State.SENT:
            url = reverse("outbox:retry", args=[instance.pk])
            buttons.append(MenuItem(_("Retry now"), url=url, icon_name="redirect", priority=5))
        return buttons


def retry_view(request, pk):
    """GET: confirm; POST: put the message back in line (attempts from 0) and kick the worker."""
    if not request.user.has_perm("core.change_outboxmessage"):
        raise PermissionDenied
    message = get_object_or_404(OutboxMessage, pk=pk)
    if request.method == "POST":
        if outbox.retry(OutboxMessage.objects.filter(pk=pk)):
            outbox.kick()
            messages.success(request, _gettext("The e-mail will be sent again now."))
        return redirect("outbox:index")
    return TemplateResponse(request, "core/admin/outbox_retry.html", {"message": message})


class OutboxViewSet(ModelViewSet):
    model = OutboxMessage
    icon = "mail"
    menu_label = _("Outgoing e-mails")
    add_to_settings_menu = True
    name = "outbox"
    inspect_view_enabled = True
    index_view_class = OutboxIndexView
    filterset_class = OutboxFilterSet
    search_fields = ["recipient", "subject"]
    search_backend_name = None
    list_display = [
        "recipient",
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        Column("state", label=_("State"), accessor="get_state_display"),
        "attempts",
        DateColumn("created_at", label=_("Created")),
        DateColumn("sent_at", label=_("Sent")),
        Column("last_error", label=_("Last error"), accessor="last_error"),
    ]
    inspect_view_fields = [
        "kind",
        "state",
        "recipient",
        "reply_to",
        "subject",
        "body",
        "message_id",
        "created_at",
        "attempts",
        "last_attempt_at",
        "next_attempt_at",
        "sent_at",
        "last_error",
    ]
    form_fields = ["recipient"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("<int:pk>/retry/", retry_view, name="retry")]
