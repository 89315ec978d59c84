"""Certificate validity: expiring and expired certificates, and the daily digest.

A product's certificate is its certification summary (the ruling decision,
see :mod:`products_catalog.rules`), valid 36 months.
"Expired, not re-certified" therefore means the latest decision has run
out. Only live products whose ruling decision is 3★ or more (OCOP
certificates) are considered. Nothing here deletes or unpublishes
anything: expired products stay visible, marked by their status badge.

The digest (``manage.py check_certificate_expiry``) lists certificates whose
last valid day is within :data:`~products_catalog.rules.NOTICE_DAYS` (30)
days, plus certificates that have expired; each line is e-mailed to the
office once (:class:`~programme.models.ExpiryNotice`). The holder is told
too (Decision 148/QĐ-TTg, Art. 8: at least 30 days before expiry): a notice
goes to the producer's e-mail on record, published or not, once per
certificate; a holder without an e-mail is flagged in the office digest so
the office calls instead.
"""

import datetime
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core import outbox
from core.links import absolute_url
from core.models import OutboxMessage
from products_catalog import rules
from products_catalog.models import ProductPage
from products_catalog.models.querysets import SUMMARY
from products_catalog.rules import NOTICE_DAYS
from programme.models import ExpiryNotice


def certificates(today=None):
    """Live OCOP products (not revoked) of the default language, with their certificate.

    Annotated with ``cur_valid_until``, ``cur_stars`` and ``cur_status`` (as
    of ``today``); ``certification`` (the summary) and the producer joined.
    """
    return (
        ProductPage.objects.live()
        .default_locale()
        .ocop()
        .not_revoked(today)
        .with_certification(today)
        .select_related("producer", "locality")
    )


def expiring_within(days, today=None):
    """Products whose certificate's last valid day is ``today`` … ``today + days``."""
    today = today or timezone.localdate()
    return (
        certificates(today)
        .filter(rules.expires_within_q(SUMMARY, today, days))
        .order_by("cur_valid_until", "title")
    )


def expired_not_recertified(today=None):
    """Products whose latest certificate ran out before ``today`` (most recent first)."""
    today = today or timezone.localdate()
    return (
        certificates(today)
        .filter(cur_status=rules.Status.EXPIRED)
        .order_by("-cur_valid_until", "title")
    )


def admin_edit_url(page_id):
    """Absolute URL of a page's edit view in the Wagtail admin."""
    return absolute_url(reverse("wagtailadmin_pages:edit", args=[page_id]))


@dataclass
class Line:
    """One certificate in a digest or an admin list.

    ``days_left`` is negative once expired. ``contact`` holds the producer's
    name, phone, e-mail, website and address, whether or not they are
    published (the digest goes to the programme office only).
    """

    product_id: int
    title: str
    stars: int | None
    valid_until: datetime.date
    approximate: bool
    days_left: int
    contact: dict = field(default_factory=dict)
    edit_url: str = ""

    @property
    def days_overdue(self):
        """Days since the last valid day (0 while still valid)."""
        return max(-self.days_left, 0)


def line_for(product, today):
    producer = product.producer
    contact = {}
    if producer:
        contact = {
            "name": producer.title,
            "phone": producer.phone,
            "email": producer.email,
            "website": producer.website,
            "address": producer.address,
            "public": producer.publish_contact,
        }
    return Line(
        product_id=product.pk,
        title=product.title,
        stars=product.cur_stars,
        valid_until=product.cur_valid_until,
        approximate=product.certification.valid_until_approximate,
        days_left=(product.cur_valid_until - today).days,
        contact=contact,
        edit_url=admin_edit_url(product.pk),
    )


@dataclass
class Digest:
    """Lines not yet e-mailed: ``expiring`` (within the notice period) and ``expired``."""

    today: datetime.date
    expiring: list
    expired: list

    @property
    def is_empty(self):
        return not self.expiring and not self.expired


def _already_sent(kind):
    return set(ExpiryNotice.objects.filter(kind=kind).values_list("product_id", "valid_until"))


def build_digest(today=None, notice_days=NOTICE_DAYS):
    """Certificates to report on ``today`` that no earlier digest reported."""
    today = today or timezone.localdate()
    sent_expiring = _already_sent(ExpiryNotice.Kind.EXPIRING)
    sent_expired = _already_sent(ExpiryNotice.Kind.EXPIRED)
    expiring = [
        line_for(p, today)
        for p in expiring_within(notice_days, today)
        if (p.pk, p.cur_valid_until) not in sent_expiring
    ]
    expired = [
        line_for(p, today)
        for p in expired_not_recertified(today)
        if (p.pk, p.cur_valid_until) not in sent_expired
    ]
    expired.sort(key=lambda line: (line.valid_until, line.title))
    return Digest(today=today, expiring=expiring, expired=expired)


def render_digest(digest, programme_name=""):
    """``(subject, body)`` of the digest e-mail (plain text)."""
    context = {"digest": digest, "programme_name": programme_name, "notice_days": NOTICE_DAYS}
    subject = render_to_string("programme/email/expiry_digest_subject.txt", context)
    body = render_to_string("programme/email/expiry_digest.txt", context)
    return " ".join(subject.split()), body


def send_digest(digest, recipient, programme_name=""):
    """Put ``digest`` in the outbox for ``recipient`` and record every line as sent.

    The records and the outbox message share one transaction: a concurrent
    run hits the unique constraint and rolls back instead of queueing a second
    digest; the outbox then sends it (and retries) outside this call. Returns
    the number of lines recorded (0 when the digest is empty: no e-mail then).
    """
    if digest.is_empty:
        return 0
    subject, body = render_digest(digest, programme_name)
    now = timezone.now()
    with transaction.atomic():
        ExpiryNotice.objects.bulk_create(
            [
                ExpiryNotice(
                    product_id=line.product_id,
                    valid_until=line.valid_until,
                    kind=kind,
                    sent_on=digest.today,
                    sent_at=now,
                    recipient=recipient,
                )
                for kind, lines in (
                    (ExpiryNotice.Kind.EXPIRING, digest.expiring),
                    (ExpiryNotice.Kind.EXPIRED, digest.expired),
                )
                for line in lines
            ]
        )
        outbox.enqueue(OutboxMessage.Kind.DIGEST, recipient, subject, body)
    outbox.kick()
    return len(digest.expiring) + len(digest.expired)


def holder_notices_due(today=None, notice_days=NOTICE_DAYS):
    """Lines within the notice period whose holder has an e-mail and was not told yet."""
    today = today or timezone.localdate()
    told = _already_sent(ExpiryNotice.Kind.HOLDER)
    return [
        line_for(product, today)
        for product in expiring_within(notice_days, today)
        if product.producer_id
        and product.producer.email
        and (product.pk, product.cur_valid_until) not in told
    ]


def render_holder_notice(line, programme_name=""):
    """``(subject, body)`` of the notice to a certificate's holder (plain text)."""
    context = {"line": line, "programme_name": programme_name, "notice_days": NOTICE_DAYS}
    subject = render_to_string("programme/email/holder_notice_subject.txt", context)
    body = render_to_string("programme/email/holder_notice.txt", context)
    return " ".join(subject.split()), body


def send_holder_notices(lines, programme_name="", reply_to=""):
    """Put each holder's notice in the outbox and record it; returns the number queued.

    One transaction per notice (record + outbox message about that record): a
    concurrent run that recorded it first makes this one skip it; the outbox
    sends and retries outside this call.
    """
    sent = 0
    for line in lines:
        subject, body = render_holder_notice(line, programme_name)
        try:
            with transaction.atomic():
                notice = ExpiryNotice.objects.create(
                    product_id=line.product_id,
                    valid_until=line.valid_until,
                    kind=ExpiryNotice.Kind.HOLDER,
                    sent_on=timezone.localdate(),
                    sent_at=timezone.now(),
                    recipient=line.contact["email"],
                )
                outbox.enqueue(
                    OutboxMessage.Kind.HOLDER_NOTICE,
                    line.contact["email"],
                    subject,
                    body,
                    source=notice,
                    reply_to=reply_to,
                )
        except IntegrityError:  # told by a concurrent run
            continue
        sent += 1
    if sent:
        outbox.kick()
    return sent
