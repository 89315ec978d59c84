"""Store an inquiry with its e-mails in the outbox (:mod:`core.outbox`).

:func:`store_inquiry` commits the inquiry and one outbox message per recipient
in one transaction, then kicks the task worker: the request never talks to
the mail server. Retries, the dead-letter state and once-only sending are the
outbox's; :func:`record_forwarded` marks the inquiry "forwarded" once the
producer's copy is out.

Languages: the buyer's copy is written in the language the buyer used
(``Inquiry.language``); notices to the producer and the office, and the
history notes editors read, are in the site's language (``LANGUAGE_CODE``).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import Site

from buyers.models import Inquiry
from core import outbox
from core.models import OutboxMessage, ProgrammeSettings


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
        rows.append((OutboxMessage.Kind.PRODUCER, producer.email))
    office = office_email(site)
    if office:
        rows.append((OutboxMessage.Kind.OFFICE, office))
    seen, unique = set(), []
    for kind, address in rows:
        if address.lower() not in seen:
            seen.add(address.lower())
            unique.append((kind, address))
    if inquiry.email:
        unique.append((OutboxMessage.Kind.BUYER_COPY, inquiry.email))
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
        inquiry.consent_at = timezone.now() if inquiry.consent else None
        inquiry.save()
        with translation.override(settings.LANGUAGE_CODE):
            note = _("Received from the website.")
        inquiry.status_changes.create(old_status="", new_status=Inquiry.Status.NEW, note=note)
        for kind, address in recipients_for(inquiry, site):
            subject, body, reply_to = render(inquiry, kind)
            outbox.enqueue(kind, address, subject, body, source=inquiry, reply_to=reply_to)
    outbox.kick()
    return inquiry


def render(inquiry, kind):
    """``(subject, body, reply_to)`` of the e-mail of ``kind`` about ``inquiry``."""
    if kind == OutboxMessage.Kind.BUYER_COPY:
        language = inquiry.language or settings.LANGUAGE_CODE
    else:
        language = settings.LANGUAGE_CODE  # producers and the office read the site's language
    with translation.override(language):
        context = {"inquiry": inquiry, "kind": kind, "programme": _programme_name()}
        if kind == OutboxMessage.Kind.BUYER_COPY:
            template = "buyers/email/inquiry_copy.txt"
            subject = _("Your inquiry %(ref)s: %(title)s")
            reply_to = office_email()
        else:
            template = "buyers/email/inquiry_notice.txt"
            subject = _("Buyer inquiry %(ref)s: %(title)s")
            reply_to = inquiry.email
        subject = subject % {"ref": inquiry.reference_code, "title": inquiry.subject_title}
        body = render_to_string(template, context)
    return subject, body, reply_to or ""


def _programme_name():
    site = Site.objects.filter(is_default_site=True).first()
    return ProgrammeSettings.for_site(site).site_title if site else ""


def record_forwarded(sender, message, **kwargs):
    """:data:`core.outbox.message_sent` receiver: the producer has it → "forwarded"."""
    if message.kind != OutboxMessage.Kind.PRODUCER:
        return
    if message.source_type_id != ContentType.objects.get_for_model(Inquiry).pk:
        return
    inquiry = Inquiry.objects.filter(pk=message.source_id).first()
    if inquiry is not None and inquiry.status == Inquiry.Status.NEW:
        with translation.override(settings.LANGUAGE_CODE):
            note = _("Forwarded automatically by e-mail to %(address)s.") % {
                "address": message.recipient
            }
        inquiry.change_status(Inquiry.Status.FORWARDED, note=note)


def _render_for_outbox(inquiry, kind):
    subject, body, reply_to = render(inquiry, kind)
    return subject, body, reply_to, []


outbox.message_sent.connect(record_forwarded, dispatch_uid="buyers_record_forwarded")
outbox.register_renderer(Inquiry, _render_for_outbox)
