"""Wagtail admin dashboard panels (added by ``construct_homepage_panels``).

- this year's targets with live progress;
- certificates expiring soon (30 and 90 days) and expired ones;
- new buyer inquiries and upcoming events, when those apps are installed.

Models of other apps are looked up lazily (``apps.get_model`` inside
``try/except LookupError``) so the panels appear once the apps exist:
``buyers.Inquiry`` with a ``status`` field whose value ``"new"`` marks an
unanswered inquiry and a ``created_at`` datetime; ``events.EventPage``
with a ``start`` datetime. A missing model or field hides the panel.
"""

from django.apps import apps
from django.core.exceptions import FieldError
from django.db import DatabaseError
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.ui.components import Component

from events.models import EventPage
from products_catalog.rules import EXPIRING_WITHIN_DAYS, NOTICE_DAYS
from programme import validity
from programme.models import ProgrammeTarget
from programme.records import TRAINING_EVENT_TYPES, EvaluationRound, TrainingParticipant
from programme.targets import progress

INQUIRY_MODEL = "buyers.Inquiry"
EVENT_MODEL = "events.EventPage"
LIST_LIMIT = 5


def optional_model(label):
    """The model class for ``"app.Model"``, or ``None`` when it is not installed."""
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


class TargetsPanel(Component):
    """Progress against the targets whose period includes this year."""

    name = "ocop_targets"
    template_name = "programme/panels/targets.html"
    order = 95

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        today = timezone.localdate()
        targets = ProgrammeTarget.objects.for_year(today.year)
        context["year"] = today.year
        context["current"] = bool(targets)
        if not targets:
            targets = ProgrammeTarget.objects.latest_period()
        context["results"] = [progress(t, today) for t in targets]
        context["targets_url"] = reverse("ocop_targets:index")
        return context


class ExpiryPanel(Component):
    """Counts of expiring/expired certificates and the soonest few."""

    name = "ocop_expiry"
    template_name = "programme/panels/expiry.html"
    order = 96

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        today = timezone.localdate()
        soon = validity.expiring_within(EXPIRING_WITHIN_DAYS, today)
        context.update(
            {
                "notice_days": NOTICE_DAYS,
                "window_days": EXPIRING_WITHIN_DAYS,
                "within_notice": validity.expiring_within(NOTICE_DAYS, today).count(),
                "within_window": soon.count(),
                "expired": validity.expired_not_recertified(today).count(),
                "soonest": [validity.line_for(p, today) for p in soon[:LIST_LIMIT]],
                "expiring_url": reverse("ocop_expiring:list"),
                "expired_url": reverse("ocop_expired:list"),
            }
        )
        return context


def new_inquiries(model, user, limit=LIST_LIMIT):
    """``(count, [(label, url or None, created_at)…])`` of inquiries with status "new".

    ``None`` when the model lacks the assumed fields.
    """
    try:
        queryset = model.objects.filter(status="new").order_by("-created_at")
        count = queryset.count()
        latest = list(queryset[:limit])
    except (FieldError, DatabaseError):
        return None
    finder = AdminURLFinder(user)
    return count, [(str(obj), finder.get_edit_url(obj), obj.created_at) for obj in latest]


def upcoming_events(model, user, limit=LIST_LIMIT, now=None):
    """``[(title, edit url, start)…]`` of live events starting from now; ``None`` if unusable."""
    now = now or timezone.now()
    try:
        queryset = model.objects.all()
        if hasattr(queryset, "live"):
            queryset = queryset.live()
        events = list(queryset.filter(start__gte=now).order_by("start")[:limit])
    except (FieldError, DatabaseError):
        return None
    finder = AdminURLFinder(user)
    return [(str(e), finder.get_edit_url(e), e.start) for e in events]


class InquiriesPanel(Component):
    name = "ocop_inquiries"
    template_name = "programme/panels/inquiries.html"
    order = 97

    def __init__(self, summary):
        self.summary = summary

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["count"], context["inquiries"] = self.summary
        return context


class EventsPanel(Component):
    name = "ocop_events"
    template_name = "programme/panels/events.html"
    order = 98

    def __init__(self, events):
        self.events = events

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["events"] = self.events
        return context


class RecordsPanel(Component):
    """This year's training courses and study tours (participants) and evaluation rounds."""

    name = "ocop_records"
    template_name = "programme/panels/records.html"
    order = 99

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        year = timezone.localdate().year
        courses = (
            EventPage.objects.filter(event_type__in=TRAINING_EVENT_TYPES, start__year=year)
            .annotate(participants=Count("registrations__training"))
            .order_by("start")
        )
        context.update(
            {
                "year": year,
                "courses": [(c.title, c.start, c.participants) for c in courses[:LIST_LIMIT]],
                "rounds": [
                    r.public_text()
                    for r in EvaluationRound.objects.filter(year=year)
                    .select_related("locality")
                    .prefetch_related("dossiers")[:LIST_LIMIT]
                ],
                "rounds_url": reverse("ocop_rounds:index"),
                "participants_url": reverse("ocop_participants:index"),
            }
        )
        return context


def _can_view(user, model, actions=("view", "change")):
    meta = model._meta
    return any(user.has_perm(f"{meta.app_label}.{a}_{meta.model_name}") for a in actions)


def construct_panels(request, panels):
    """Add the programme panels the user may see to the dashboard."""
    user = request.user
    if user.has_perm("programme.view_expirynotice") or user.has_perm("programme.import_decisions"):
        panels.append(TargetsPanel())
        panels.append(ExpiryPanel())
    if _can_view(user, EvaluationRound) or _can_view(user, TrainingParticipant):
        panels.append(RecordsPanel())
    inquiry_model = optional_model(INQUIRY_MODEL)
    if inquiry_model is not None and _can_view(user, inquiry_model):
        summary = new_inquiries(inquiry_model, user)
        if summary is not None:
            panels.append(InquiriesPanel(summary))
    event_model = optional_model(EVENT_MODEL)
    if event_model is not None:
        events = upcoming_events(event_model, user)
        if events:
            panels.append(EventsPanel(events))
