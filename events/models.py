"""Market-connection events: fairs, buyer–producer matching, training, ceremonies.

Pages: ``EventIndexPage`` → ``EventPage``. ``Registration`` rows are the
sign-ups of visitors (stored before any email is sent; see
:mod:`events.registration`). Times are stored in UTC and shown in local time
(:mod:`events.timeutils`).
"""

import datetime
from urllib.parse import urlencode

from django.contrib.contenttypes.fields import GenericRelation
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from core import outbox, ratelimit
from core.admin_forms import PastExpiryTolerantPageForm
from core.blocks import BodyBlock
from core.links import absolute_url
from core.listing import ListingPageMixin
from core.localize import source_of
from core.models import BasePage
from core.pieces import HeroImageMixin, IntroMixin, with_card_images
from core.search import FoldedSearchMixin
from events import timeutils
from events.calendar import calendar_response, event_calendar, index_calendar
from events.choices import EventType, RegistrationRole, RegistrationStatus
from events.filters import EventFilter, month_choices, order_upcoming_first
from events.forms import RegistrationForm
from events.registration import (
    AlreadyRegistered,
    RegistrationClosed,
    register,
    render_confirmation,
)
from events.seo import event_jsonld
from products_catalog.models.related import (
    RelatedProducerBase,
    RelatedProductBase,
    producer_chooser_panel,
    producers_in_order,
    product_chooser_panel,
    products_in_order,
)

__all__ = ["EventType"]  # re-exported: the choices live in events.choices

EVENT_PAGE_SIZE = 12
TOKEN_SALT = "events.registration"
TOKEN_MAX_AGE = 60 * 60 * 24 * 30  # seconds: a confirmation link works for 30 days
CLOSED_NOTICE = _("Registration for this event is closed. Nothing was recorded.")


def card_queryset(queryset):
    """Events with what a card shows: locality joined, picture renditions prefetched.

    Keeps listings at a constant number of queries whatever the number of events.
    """
    return with_card_images(queryset.select_related("locality"))


class AgendaItemBlock(blocks.StructBlock):
    """One slot of the programme: local wall-clock times, title, speaker."""

    start_time = blocks.TimeBlock(label=_("from"), required=False)
    end_time = blocks.TimeBlock(label=_("to"), required=False)
    title = blocks.CharBlock(label=_("title"), max_length=200)
    description = blocks.TextBlock(label=_("description"), required=False)
    speaker = blocks.CharBlock(label=_("speaker or host"), required=False, max_length=200)

    class Meta:
        icon = "time"
        template = "events/blocks/agenda_item.html"
        description = _("A slot of the programme (local time)")
        preview_value = {
            "start_time": datetime.time(8, 0),
            "end_time": datetime.time(9, 30),
            "title": "Giới thiệu sản phẩm OCOP với doanh nghiệp thu mua",
            "speaker": "Sở Công Thương",
        }


class AgendaBlock(blocks.StreamBlock):
    """The programme: day headings and slots."""

    day = blocks.CharBlock(
        label=_("day heading"),
        max_length=120,
        template="events/blocks/agenda_day.html",
        icon="date",
        description=_("A heading such as “Day 1 – 14/07”"),
    )
    item = AgendaItemBlock()


class EventIndexPage(ListingPageMixin, IntroMixin, RoutablePageMixin, BasePage):
    """All events: upcoming first (soonest first), then the archive (latest first).

    Query string (:class:`events.filters.EventFilter`): ``type``
    (:class:`EventType` value), ``month`` (``YYYY-MM``, local calendar month of
    the start), ``locality`` (slug), ``when`` (``upcoming``/``past``),
    ``page``. Unknown values are ignored and reported. ``calendar/`` is a
    subscribable iCalendar feed of upcoming events.
    """

    content_panels = BasePage.content_panels + IntroMixin.intro_panels
    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("event index")

    filterset_class = EventFilter
    listing_page_size = EVENT_PAGE_SIZE
    listing_context_name = "events"

    @path("calendar/", name="calendar")
    def calendar_feed(self, request):
        return calendar_response(index_calendar(self, request), "su-kien-ocop.ics")

    def events(self):
        """Live, public events under this index (unordered)."""
        return card_queryset(EventPage.objects.live().public().child_of(self))

    def listing_queryset(self, request):
        # One "now" per request: the order, the "when" filter and the badges agree.
        self.listing_now = timeutils.current_time()
        return order_upcoming_first(self.events(), self.listing_now)

    def listing_filterset_kwargs(self, request):
        return {
            "months": month_choices(self.events()),
            "locale": self.locale,
            "now": self.listing_now,
        }

    def listing_context(self, request):
        """The listing (:class:`core.listing.ListingPageMixin`, events annotated
        ``is_past``) plus ``type_options``, ``month_options``, ``locality_options``
        (``[(value, label)]``), ``selected`` (``{filter: value}``), ``calendar_url`` and
        ``webcal_url``."""
        context = super().listing_context(request)
        for facet in context["facets"]:
            context[f"{facet['name']}_options"] = [
                (option["value"], option["label"]) for option in facet["options"]
            ]
        context["selected"] = {
            name: values[0] for name, values in context["filter"].selected().items() if values
        }
        if self.pk:
            calendar_url = absolute_url(self.url + self.reverse_subpage("calendar"))
            context["calendar_url"] = calendar_url
            context["webcal_url"] = "webcal://" + calendar_url.split("://", 1)[-1]
        return context


class EventPage(HeroImageMixin, IntroMixin, FoldedSearchMixin, RoutablePageMixin, BasePage):
    """One event with its programme, participants, registration and report.

    ``start``/``end`` are aware datetimes (UTC in the database). An
    ``all_day`` event (time not announced) spans whole local days; its times
    are normalised to 00:00 and 23:59 local time on save. Registration is
    open until ``registration_deadline`` (default: the start); beyond
    ``capacity`` confirmed registrations further ones go to the waiting list.

    Translations (issue 13) share the facts (``override_translatable_fields``: type,
    dates, locality, registration settings, source; kept in step on publish by
    :func:`core.localize.share_facts`) and the registrations: every registration hangs on
    the source page (:attr:`registration_event`), whatever language it was made in, so
    places are counted once.
    """

    event_type = models.CharField(_("event type"), max_length=20, choices=EventType.choices)
    start = models.DateTimeField(_("starts"), help_text=_("Local time (Asia/Ho_Chi_Minh)."))
    end = models.DateTimeField(_("ends"), help_text=_("Local time (Asia/Ho_Chi_Minh)."))
    all_day = models.BooleanField(
        _("whole days"),
        default=False,
        help_text=_("The times are not announced: show dates only."),
    )
    date_note = models.CharField(
        _("note on the date"),
        max_length=255,
        blank=True,
        help_text=_("e.g. “The source does not give the month; the date is approximate.”"),
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    locality = models.ForeignKey(
        "taxonomy.Locality",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("locality"),
    )
    organiser = models.CharField(_("organiser"), max_length=255, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("description"))
    agenda = StreamField(AgendaBlock(), blank=True, verbose_name=_("programme"))
    registration_enabled = models.BooleanField(_("accept registrations"), default=True)
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_(
            "Confirmed places; later registrations join the waiting list. Empty: no limit."
        ),
    )
    registration_deadline = models.DateTimeField(
        _("registration deadline"),
        null=True,
        blank=True,
        help_text=_("Empty: registration closes when the event starts."),
    )
    report = StreamField(
        BodyBlock(),
        blank=True,
        verbose_name=_("post-event report"),
        help_text=_("Results after the event: figures, quotes, pictures."),
    )
    source_url = models.URLField(_("source"), max_length=500, blank=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("event_type"),
        *IntroMixin.intro_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("all_day"),
                FieldPanel("date_note"),
            ],
            heading=_("Date and time"),
        ),
        MultiFieldPanel(
            [FieldPanel("venue"), FieldPanel("locality"), FieldPanel("organiser")],
            heading=_("Place and organiser"),
        ),
        *HeroImageMixin.hero_panels,
        FieldPanel("body"),
        FieldPanel("agenda"),
        producer_chooser_panel("participating_producers", _("Participating producers")),
        product_chooser_panel("participating_products", _("Participating products")),
        MultiFieldPanel(
            [
                FieldPanel("registration_enabled"),
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("registration_deadline")]),
                HelpPanel(
                    content=_("Registrations are listed under “Event registrations” in the menu.")
                ),
            ],
            heading=_("Registration"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("report"),
                InlinePanel("report_photos", label=_("photo"), heading=_("Photos")),
            ],
            heading=_("Post-event report"),
        ),
        FieldPanel("source_url"),
    ]
    search_type_order = 50
    search_fields = BasePage.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("venue"),
        index.SearchField("organiser"),
        index.SearchField("report"),
        index.FilterField("event_type"),
        index.FilterField("start"),
        index.FilterField("end"),
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []
    base_form_class = PastExpiryTolerantPageForm
    # Facts shared by every translation (issue 13); venue, organiser and the date note are
    # text and are translated.
    override_translatable_fields = [
        SynchronizedField(name, overridable=False)
        for name in (
            "event_type",
            "start",
            "end",
            "all_day",
            "locality",
            "registration_enabled",
            "capacity",
            "registration_deadline",
            "source_url",
        )
    ]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    # Validation ---------------------------------------------------------
    def clean(self):
        super().clean()
        if self.all_day and self.start and self.end:
            self.normalise_all_day()
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The event cannot end before it starts.")
        if self.registration_deadline and self.end and self.registration_deadline > self.end:
            errors["registration_deadline"] = _("The deadline must be before the event ends.")
        if errors:
            raise ValidationError(errors)

    def normalise_all_day(self):
        """Stretch an all-day event to 00:00 → 23:59:59 local on its first and last day."""
        first = timeutils.to_local(self.start).date()
        last = max(timeutils.to_local(self.end).date(), first)
        self.start = timeutils.local_midnight(first)
        self.end = timeutils.local_midnight(last + datetime.timedelta(days=1)) - (
            datetime.timedelta(seconds=1)
        )

    def save(self, *args, **kwargs):
        if self.all_day and self.start and self.end:
            self.normalise_all_day()
        super().save(*args, **kwargs)

    # Time ----------------------------------------------------------------
    def structured_data(self):
        """JSON-LD for the page head (:mod:`core.seo`): an ``Event``."""
        return [event_jsonld(self)]

    @property
    def local_start(self):
        return timeutils.to_local(self.start)

    @property
    def local_end(self):
        return timeutils.to_local(self.end)

    @property
    def is_multi_day(self):
        return self.local_start.date() != self.local_end.date()

    def is_upcoming(self, now=None):
        """True until local midnight after the event's last day."""
        return self.end >= timeutils.upcoming_threshold(now)

    def is_ongoing(self, now=None):
        now = now or timeutils.current_time()
        return self.start <= now <= self.end

    @property
    def upcoming(self):
        return self.is_upcoming()

    @property
    def ongoing(self):
        return self.is_ongoing()

    # Registration ----------------------------------------------------------
    @property
    def effective_deadline(self):
        """When registration closes: the deadline, else the start."""
        return self.registration_deadline or self.start

    @property
    def registration_event(self):
        """The page the registrations hang on: the source (Vietnamese) page of a translation,
        so a place taken on ``/en/`` is taken on ``/`` too."""
        if not hasattr(self, "_registration_event"):
            self._registration_event = source_of(self)
        return self._registration_event

    def confirmed_count(self):
        if not self.pk:  # a page being previewed before its first save
            return 0
        return self.registration_event.registrations.filter(
            status=RegistrationStatus.CONFIRMED
        ).count()

    def registration_state(self, now=None):
        """One of ``"disabled"``, ``"closed"``, ``"open"``, ``"full"`` at ``now``.

        ``full``: capacity reached, the form offers the waiting list.
        """
        if not self.registration_enabled:
            return "disabled"
        now = now or timeutils.current_time()
        if now >= self.effective_deadline or now >= self.end:
            return "closed"
        if self.capacity is not None and self.confirmed_count() >= self.capacity:
            return "full"
        return "open"

    @property
    def places_left(self):
        if self.capacity is None:
            return None
        return max(self.capacity - self.confirmed_count(), 0)

    # Serving -------------------------------------------------------------
    def ics_url(self):
        return self.url + self.reverse_subpage("ics") if self.pk else ""

    def get_context(self, request, *args, form=None, registration_notice="", now=None, **kwargs):
        """The event page: ``form`` (blank unless given), ``registration_state``,
        ``registration_notice``, ``places_left``, participating products (cards) and
        producers (live only, editor's order), ``report_photos``, ``is_upcoming``,
        ``is_ongoing``, ``ics_url``."""
        context = super().get_context(request, *args, **kwargs)
        now = now or timeutils.current_time()
        context.update(
            {
                "form": form or RegistrationForm(),
                "registration_state": self.registration_state(now),
                "registration_notice": registration_notice,
                "places_left": self.places_left,
                "participating_products": products_in_order(self.participating_products.all()),
                "participating_producers": producers_in_order(self.participating_producers.all()),
                "report_photos": self.report_photos.select_related("image"),
                "is_upcoming": self.is_upcoming(now),
                "is_ongoing": self.is_ongoing(now),
                "ics_url": self.ics_url(),
            }
        )
        return context

    @path("")
    def event_view(self, request):
        """GET: the page with its registration form. POST: register.

        A valid POST stores the registration, then redirects (POST/redirect/GET)
        to the confirmation page. An invalid POST shows the page again with the
        errors and the typed values (status 400, as a rejected inquiry); a POST
        after the deadline shows "closed" and stores nothing (status 409); more than
        ``RATE_LIMITS["registration"]`` registrations (or ``"registration-rejected"``
        rejected posts) from one address get 429: the page again, the form keeping
        what was typed.
        """
        now = timeutils.current_time()
        form, notice, status = None, "", 200
        if request.method == "POST":
            form = RegistrationForm(request.POST)
            allowed, retry_after = ratelimit.attempt(request, "registration")
            if not allowed:
                return self.rate_limited(request, form, retry_after, now)
            registration, notice, status = self.try_register(form, now)
            if registration is not None:
                token = signing.dumps(registration.pk, salt=TOKEN_SALT)
                done = self.url + self.reverse_subpage("registration_done")
                return redirect(f"{done}?{urlencode({'t': token})}")
            ratelimit.rejected(request, "registration")
        context = self.get_context(request, form=form, registration_notice=notice, now=now)
        return TemplateResponse(request, self.get_template(request), context, status=status)

    def rate_limited(self, request, form, retry_after, now):
        """The event page again, HTTP 429 with ``Retry-After`` (seconds): a notice to wait
        about ``retry_after // 60`` minutes above the form, which keeps what was typed."""
        minutes = max(1, retry_after // 60)
        notice = ngettext(
            "Several registrations were just sent from your connection. Please try again in "
            "about %(minutes)s minute.",
            "Several registrations were just sent from your connection. Please try again in "
            "about %(minutes)s minutes.",
            minutes,
        ) % {"minutes": minutes}
        context = self.get_context(request, form=form, registration_notice=notice, now=now)
        response = TemplateResponse(request, self.get_template(request), context, status=429)
        response["Retry-After"] = str(retry_after)
        return response

    def try_register(self, form, now):
        """``(registration or None, notice, status)`` for a posted ``form``."""
        if self.registration_state(now) in ("disabled", "closed"):
            return None, CLOSED_NOTICE, 409
        if not form.is_valid():
            return None, "", 400
        try:
            return register(self, form.cleaned_data, now=now), "", 200
        except RegistrationClosed:
            return None, CLOSED_NOTICE, 409
        except AlreadyRegistered:
            form.add_error("email", _("This email address is already registered for this event."))
            return None, "", 400

    @path("register/done/", name="registration_done")
    def registration_done(self, request):
        """The confirmation page behind a signed token (``?t=``); a bad or old token is a 404."""
        try:
            pk = signing.loads(request.GET.get("t", ""), salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
        except signing.BadSignature as error:
            raise Http404 from error
        registration = self.registration_event.registrations.filter(pk=pk).first()
        if registration is None:
            raise Http404
        context = super().get_context(request)
        context.update(
            {
                "registration": registration,
                "waiting_position": registration.waiting_position(),
                "ics_url": self.ics_url(),
            }
        )
        return TemplateResponse(request, "events/registration_done.html", context)

    @path("ics/", name="ics")
    def ics_view(self, request):
        return calendar_response(event_calendar(self, request), f"{self.slug}.ics")


class EventProduct(RelatedProductBase):
    """A product taking part in an event (shown as a card on the event page)."""

    page = ParentalKey(
        "events.EventPage", on_delete=models.CASCADE, related_name="participating_products"
    )


class EventProducer(RelatedProducerBase):
    """A producer taking part in an event."""

    page = ParentalKey(
        "events.EventPage", on_delete=models.CASCADE, related_name="participating_producers"
    )


class EventReportPhoto(Orderable):
    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="report_photos")
    image = models.ForeignKey(
        "core.CustomImage", on_delete=models.CASCADE, related_name="+", verbose_name=_("image")
    )
    caption = models.CharField(_("caption"), max_length=255, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]


class Registration(models.Model):
    """A visitor's registration for an :class:`EventPage`.

    Stored with its confirmation e-mail in the site's outbox (``emails``,
    :mod:`core.outbox`); ``confirmation_sent_at`` is set once the mail server
    took it. One registration per email address and event (case-insensitive).
    ``consent_at``: when the person accepted the privacy notice;
    ``anonymised_at``: when the personal data were erased (:mod:`events.personal_data`).
    ``event`` is the source page (a translation's registrations hang there too);
    ``language`` is the language of the page the visitor registered on.
    """

    Role = RegistrationRole
    Status = RegistrationStatus

    event = models.ForeignKey(
        EventPage, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    email = models.EmailField(_("email"), max_length=254)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CONFIRMED
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True, db_index=True)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent at"), null=True, blank=True)
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    # The language of the page the visitor registered on ("en" for /en/): the event is
    # always the source page, the confirmation and its links are in this language.
    language = models.CharField(_("language"), max_length=10, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    emails = GenericRelation(
        "core.OutboxMessage", content_type_field="source_type", object_id_field="source_id"
    )

    panels = [
        FieldPanel("event"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("organisation")]),
        FieldRowPanel([FieldPanel("role"), FieldPanel("status")]),
        FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
        FieldPanel("message"),
    ]

    class Meta:
        verbose_name = _("event registration")
        verbose_name_plural = _("event registrations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), "event", name="events_registration_one_per_email"
            )
        ]

    def __str__(self):
        return f"{self.name} — {self.event.title}"

    @property
    def event_start(self):
        """The event's start (aware UTC datetime), for listings and exports."""
        return self.event.start

    @property
    def email_state(self):
        """ "Sent", "Failed: <error>" or "Pending", for the admin listing (prefetch ``emails``)."""
        if self.confirmation_sent_at:
            return _("Sent")
        errors = [message.last_error for message in self.emails.all() if message.last_error]
        if errors:
            return _("Failed: %(error)s") % {"error": errors[0][:80]}
        return _("Pending")

    def waiting_position(self):
        """1-based place on the waiting list (``None`` when not waiting)."""
        if self.status != self.Status.WAITING:
            return None
        return Registration.objects.filter(
            event_id=self.event_id, status=self.Status.WAITING, pk__lte=self.pk
        ).count()


outbox.register_renderer(Registration, render_confirmation)
