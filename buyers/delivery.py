"""Store an inquiry, then e-mail it; retry what failed.

Order matters: :func:`store_inquiry` commits the inquiry and one
:class:`~buyers.models.InquiryEmail` row per recipient in one transaction;
only then does :func:`deliver` talk to the mail server, outside any
database transaction. A failure is logged and the row stays ``pending`` for
``manage.py send_pending_inquiries``; after ``BUYERS_EMAIL_MAX_ATTEMPTS``
attempts it becomes ``failed`` (shown in the admin). Rows already ``sent``
are never sent again, so the command is safe to run as often as wanted.

Languages: the buyer's copy is written in the language the buyer used
(``Inquiry.language``); notices to the producer and the office, and the
history notes editors read, are in the site's language (``LANGUAGE_CODE``).
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import Site

from buyers.models import Inquiry, InquiryEmail
from core.models import ProgrammeSettings

logger = logging.getLogger("buyers.inquiries")

DEFAULT_MAX_ATTEMPTS = 8
CLAIM_SECONDS = 300


def max_attempts():
    """Attempts per e-mail before it becomes ``failed`` (``BUYERS_EMAIL_MAX_ATTEMPTS``)."""
    return getattr(settings, "BUYERS_EMAIL_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS)


def office_email(site=None):
    """The programme office's address from :class:`core.models.ProgrammeSettings`, or ``""``."""
    site = site or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return ""
    return ProgrammeSettings.for_site(site).office_email


def recipients_for(inquiry, site=None):
    """``[(kind, address)]`` to e-mail about ``inquiry``.

    The producer only when it published its contact (``publish_contact``)
    and gave an e-mail; the office when the site settings have one; a copy to
    the buyer when they gave an e-mail. Duplicate addresses are sent once.
    """
    rows = []
    producer = inquiry.producer
    if producer is not None and producer.publish_contact and producer.email:
        rows.append((InquiryEmail.Kind.PRODUCER, producer.email))
    office = office_email(site)
    if office:
        rows.append((InquiryEmail.Kind.OFFICE, office))
    seen, unique = set(), []
    for kind, address in rows:
        if address.lower() not in seen:
            seen.add(address.lower())
            unique.append((kind, address))
    if inquiry.email:
        unique.append((InquiryEmail.Kind.BUYER_COPY, inquiry.email))
    return unique


def store_inquiry(form, *, product=None, producer=None, page_url="", language="vi", site=None):
    """Save a valid :class:`~buyers.forms.InquiryForm` with its e-mail rows; commit; return it.

    ``product``/``producer`` are the pages the inquiry is about (the
    producer defaults to the product's). Runs in its own transaction, so
    when this returns the inquiry is on disk whatever happens next.
    """
    with transaction.atomic():
        inquiry = form.save(commit=False)
        inquiry.product = product
        inquiry.producer = producer or (product.producer if product else None)
        inquiry.subject_title = (product or producer).title[:255] if (product or producer) else ""
        inquiry.page_url = page_url[:500]
        inquiry.language = language[:10]
        inquiry.save()
        with translation.override(settings.LANGUAGE_CODE):
            note = _("Received from the website.")
        inquiry.status_changes.create(old_status="", new_status=Inquiry.Status.NEW, note=note)
        InquiryEmail.objects.bulk_create(
            InquiryEmail(inquiry=inquiry, kind=kind, recipient=address)
            for kind, address in recipients_for(inquiry, site)
        )
    return inquiry


def build_message(email):
    """The :class:`~django.core.mail.EmailMessage` for one :class:`InquiryEmail` row."""
    inquiry = email.inquiry
    if email.kind == InquiryEmail.Kind.BUYER_COPY:
        language = inquiry.language or settings.LANGUAGE_CODE
    else:
        language = settings.LANGUAGE_CODE  # producers and the office read the site's language
    with translation.override(language):
        context = {
            "inquiry": inquiry,
            "kind": email.kind,
            "programme": _programme_name(),
        }
        if email.kind == InquiryEmail.Kind.BUYER_COPY:
            template = "buyers/email/inquiry_copy.txt"
            subject = _("Your inquiry %(ref)s: %(title)s")
            reply_to = [office_email()] if office_email() else None
        else:
            template = "buyers/email/inquiry_notice.txt"
            subject = _("Buyer inquiry %(ref)s: %(title)s")
            reply_to = [inquiry.email] if inquiry.email else None
        subject = subject % {"ref": inquiry.reference_code, "title": inquiry.subject_title}
        body = render_to_string(template, context)
    # Header values must be one line (titles come from editors and buyers).
    subject = " ".join(subject.split())[:200]
    return EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.recipient],
        reply_to=reply_to,
    )


def _programme_name():
    site = Site.objects.filter(is_default_site=True).first()
    return ProgrammeSettings.for_site(site).site_title if site else ""


def send_one(email):
    """Try to send one pending e-mail; record the outcome. Returns True when sent.

    Any exception from building or sending is caught and logged (the
    inquiry stays stored); the row's ``attempts`` grows and it becomes
    ``failed`` at the limit.
    """
    now = timezone.now()
    try:
        build_message(email).send(fail_silently=False)
    except Exception as exc:  # noqa: BLE001 — any mail failure must not lose the inquiry
        email.attempts += 1
        email.last_attempt_at = now
        email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if email.attempts >= max_attempts():
            email.state = InquiryEmail.State.FAILED
        email.claimed_until = None
        email.save(
            update_fields=["attempts", "last_attempt_at", "last_error", "state", "claimed_until"]
        )
        logger.warning(
            "Inquiry %s: e-mail %s to %s failed (attempt %s): %s",
            email.inquiry.reference_code,
            email.kind,
            email.recipient,
            email.attempts,
            email.last_error,
        )
        return False
    email.attempts += 1
    email.last_attempt_at = now
    email.sent_at = now
    email.state = InquiryEmail.State.SENT
    email.last_error = ""
    email.claimed_until = None
    email.save(
        update_fields=[
            "attempts",
            "last_attempt_at",
            "sent_at",
            "state",
            "last_error",
            "claimed_until",
        ]
    )
    if email.kind == InquiryEmail.Kind.PRODUCER:
        inquiry = email.inquiry
        inquiry.refresh_from_db(fields=["status"])
        if inquiry.status == Inquiry.Status.NEW:
            with translation.override(settings.LANGUAGE_CODE):
                note = _("Forwarded automatically by e-mail to %(address)s.") % {
                    "address": email.recipient
                }
            inquiry.change_status(Inquiry.Status.FORWARDED, note=note)
    return True


def deliver(inquiry):
    """Send the inquiry's pending e-mails now; returns ``(sent, failed)`` counts."""
    return send_pending(InquiryEmail.objects.filter(inquiry=inquiry))


def send_pending(queryset=None):
    """Send every ``pending`` e-mail of ``queryset`` (default: all); ``(sent, failed)``.

    Each row is first claimed with one conditional ``UPDATE`` (a lease of
    ``CLAIM_SECONDS``), so two runs at once never send the same e-mail twice;
    mail is then sent outside any database transaction.
    """
    queryset = InquiryEmail.objects.all() if queryset is None else queryset
    ids = list(queryset.filter(state=InquiryEmail.State.PENDING).values_list("pk", flat=True))
    sent = failed = 0
    for pk in ids:
        now = timezone.now()
        claimed = (
            InquiryEmail.objects.filter(pk=pk, state=InquiryEmail.State.PENDING)
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
            .update(claimed_until=now + datetime.timedelta(seconds=CLAIM_SECONDS))
        )
        if not claimed:
            continue
        email = InquiryEmail.objects.select_related("inquiry", "inquiry__producer").get(pk=pk)
        if send_one(email):
            sent += 1
        else:
            failed += 1
    return sent, failed
