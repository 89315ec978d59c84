"""Buyer inquiries (with status history and e-mail deliveries) and the certificate check page.

An :class:`Inquiry` is stored before anything is e-mailed: each e-mail to
send is a message in the site's outbox (:class:`core.models.OutboxMessage`,
``Inquiry.emails``) that the task worker sends and retries, so the inquiry is
never lost and the request never waits on the mail server.
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField

from buyers.verification import verify_context
from core.models import BasePage, OutboxMessage
from core.pieces import IntroMixin


class Inquiry(models.Model):
    """A buyer's request about a product or a producer.

    ``product`` and/or ``producer`` point to the page it was sent from; the
    title and address of that page are also copied (``subject_title``,
    ``page_url``) so the inquiry stays readable if the page is deleted.
    ``quantity`` is a whole number of ``quantity_unit`` ("500" "chai").
    ``reference`` (a UUID) is the unguessable key of the thank-you page.
    """

    class Status(models.TextChoices):
        NEW = "new", _("New")
        FORWARDED = "forwarded", _("Forwarded to the producer")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW, db_index=True
    )
    product = models.ForeignKey(
        "products_catalog.ProductPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inquiries",
        verbose_name=_("product"),
    )
    producer = models.ForeignKey(
        "products_catalog.ProducerPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inquiries",
        verbose_name=_("producer"),
    )
    subject_title = models.CharField(_("about"), max_length=255, blank=True)
    page_url = models.URLField(_("sent from"), max_length=500, blank=True)

    buyer_name = models.CharField(_("your name"), max_length=120)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=80, blank=True, default="Việt Nam")
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    products_wanted = models.CharField(_("products of interest"), max_length=500)
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    quantity_unit = models.CharField(
        _("unit"), max_length=40, blank=True, help_text=_("e.g. bottles, kg, boxes")
    )
    delivery_wanted = models.CharField(
        _("wanted delivery time"),
        max_length=120,
        blank=True,
        help_text=_("e.g. within three months, or before Tết"),
    )
    message = models.TextField(_("message"), max_length=5000, blank=True)
    consent = models.BooleanField(
        _("consent to share with the producer"),
        default=False,
        help_text=_("The buyer agreed that these details are passed on to the producer."),
    )
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=10, default="vi", editable=False)
    internal_note = models.TextField(_("internal note"), blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    emails = GenericRelation(
        "core.OutboxMessage", content_type_field="source_type", object_id_field="source_id"
    )

    class Meta:
        verbose_name = _("buyer inquiry")
        verbose_name_plural = _("buyer inquiries")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.reference_code} · {self.buyer_name} · {self.subject_title}"

    @property
    def reference_code(self):
        """Short reference quoted to the buyer and in e-mails: "YC-000042"."""
        return f"YC-{self.pk:06d}" if self.pk else "YC-?"

    @property
    def producer_name(self):
        return self.producer.title if self.producer_id else ""

    def get_consent_display(self):
        """ "Yes, 02/12/2026 14:05" or "No": how the admin shows the consent (not "True")."""
        if not self.consent:
            return _("No")
        if self.consent_at is None:
            return _("Yes")
        when = timezone.localtime(self.consent_at).strftime("%d/%m/%Y %H:%M")
        return _("Yes, %(when)s") % {"when": when}

    @property
    def delivery_summary(self):
        """One line about the e-mails: "2 sent, 1 waiting for retry"-style, for listings."""
        states = [email.state for email in self.emails.all()]
        parts = []
        for state, label in OutboxMessage.State.choices:
            if states.count(state):
                parts.append(f"{states.count(state)} {label}")
        return ", ".join(parts) or "—"

    def change_status(self, new_status, note="", user=None):
        """Set ``status`` and record the change (or a bare note) in the history.

        Returns the :class:`InquiryStatusChange` created, or ``None`` when the
        status is unchanged and no note is given. Raises ``ValueError`` for an
        unknown status.
        """
        if new_status not in self.Status.values:
            raise ValueError(f"unknown inquiry status {new_status!r}")
        old_status = self.status
        if old_status != new_status:
            self.status = new_status
            self.save(update_fields=["status", "updated_at"])
        return self.log_status(old_status, new_status, note, user)

    def log_status(self, old_status, new_status, note="", user=None):
        """Record a change already saved (admin form) in the history; ``None`` if nothing to log."""
        note = (note or "").strip()
        if old_status == new_status and not note:
            return None
        return self.status_changes.create(
            old_status=old_status, new_status=new_status, note=note, user=user
        )


class InquiryStatusChange(models.Model):
    """One entry of an inquiry's history: a status change and/or a note, by whom, when."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="status_changes")
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    old_status = models.CharField(
        _("from"), max_length=12, choices=Inquiry.Status.choices, blank=True
    )
    new_status = models.CharField(_("to"), max_length=12, choices=Inquiry.Status.choices)
    note = models.TextField(_("note"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )

    class Meta:
        verbose_name = _("inquiry status change")
        verbose_name_plural = _("inquiry status changes")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.inquiry_id}: {self.old_status or '—'} → {self.new_status}"


class VerifyPage(IntroMixin, BasePage):
    """ "Check an OCOP product": search the register by product, producer or decision.

    The visitor types a product name, a producer or a decision number
    (diacritics optional) in ``?q=``; the page answers for each match whether
    the certificate is valid, expiring, expired, or that nothing matches (see
    :mod:`buyers.verification`). Editors place it anywhere in the tree.
    """

    not_found_help = RichTextField(
        _("help when nothing is found"),
        blank=True,
        help_text=_("Shown under 'not found in this register', e.g. whom to ask."),
    )

    content_panels = (
        BasePage.content_panels + IntroMixin.intro_panels + [FieldPanel("not_found_help")]
    )
    subpage_types = []

    class Meta:
        verbose_name = _("OCOP product check page")
        verbose_name_plural = _("OCOP product check pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(verify_context(request))
        return context
