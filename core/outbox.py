"""THE outbox: every e-mail of the site is a row first, sent by the task worker later.

Writing: :func:`enqueue` adds an :class:`~core.models.OutboxMessage` inside the
caller's transaction (so the mail exists exactly when the inquiry, the
registration or the digest's records do); after the commit the caller calls
:func:`kick`, which enqueues the task :func:`send_outbox` on the django-tasks
backend (the database worker by default, RQ with ``REDIS_URL``, run inline by
the immediate backend in tests). A lost kick (Redis down, a worker killed) only
delays the mail: ``manage.py periodic`` (cron, every minute) sends what is due.

Sending (:func:`send_due`): each message is claimed with one conditional
``UPDATE`` that takes a lease of ``OUTBOX_LEASE_SECONDS`` and counts the
attempt, so several workers never send it at the same time, and a worker killed
in the middle frees it when the lease runs out. SMTP is talked to outside any
database transaction. A failure is retried at ``OUTBOX_BACKOFF_SECONDS × 2^(n-1)``
(capped at 6 h); after ``OUTBOX_MAX_ATTEMPTS`` the message is ``dead`` (admin:
*Settings → Outgoing e-mails*, "Retry"). Delivery is at-least-once: a worker
killed after the mail server accepted a message but before the row says
``sent`` sends it again when the lease expires, with the same ``Message-ID``.

After a message is sent, :data:`message_sent` is sent (sender: the
:class:`OutboxMessage` class, ``message=``) so the app it belongs to can record it
(an inquiry becomes "forwarded", a registration's confirmation time is set).
"""

import datetime
import logging
import os
import socket
import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db.models import F, Q
from django.dispatch import Signal
from django.utils import timezone
from django_tasks import task

from core.models import OutboxMessage

logger = logging.getLogger("core.outbox")

message_sent = Signal()

DEFAULT_MAX_ATTEMPTS = 8
DEFAULT_LEASE_SECONDS = 120
DEFAULT_BACKOFF_SECONDS = 60
MAX_BACKOFF_SECONDS = 6 * 3600
BATCH = 50


def max_attempts():
    return getattr(settings, "OUTBOX_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS)


def lease_seconds():
    """Lease per claim; must exceed a whole SMTP exchange (``EMAIL_TIMEOUT`` × a few)."""
    return getattr(settings, "OUTBOX_LEASE_SECONDS", DEFAULT_LEASE_SECONDS)


def backoff(attempts):
    """Seconds to wait after the ``attempts``-th failed attempt (1 → base, doubling, ≤ 6 h)."""
    base = getattr(settings, "OUTBOX_BACKOFF_SECONDS", DEFAULT_BACKOFF_SECONDS)
    return min(base * 2 ** max(attempts - 1, 0), MAX_BACKOFF_SECONDS)


def new_message_id():
    """A fresh ``<uuid@domain>`` with the domain of ``DEFAULT_FROM_EMAIL``."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(" >") or "localhost"
    return f"<{uuid.uuid4().hex}@{domain}>"


def one_line(text, limit=200):
    """Header values must be one line (titles come from editors and visitors)."""
    return " ".join(str(text).split())[:limit]


def enqueue(kind, recipient, subject, body, *, source=None, reply_to="", attachments=()):
    """Add one message to the outbox (inside the caller's transaction); return it.

    ``source``: the model instance the mail is about (or ``None``);
    ``attachments``: ``[(filename, text, mimetype)]``. Call :func:`kick`
    after the transaction commits.
    """
    message = OutboxMessage(
        kind=kind,
        recipient=recipient,
        subject=one_line(subject),
        body=body,
        reply_to=reply_to or "",
        attachments=[
            {"filename": name, "content": content, "mimetype": mimetype}
            for name, content, mimetype in attachments
        ],
        message_id=new_message_id(),
    )
    if source is not None:
        message.source_type = ContentType.objects.get_for_model(source)
        message.source_id = source.pk
    message.save()
    return message


def messages_for(source):
    """The outbox messages about one model instance."""
    return OutboxMessage.objects.filter(
        source_type=ContentType.objects.get_for_model(source), source_id=source.pk
    )


def kick(run_after=None):
    """Ask the task worker to send what is due (after ``run_after`` when the backend can defer).

    Never raises: a backend that is down is logged, and ``manage.py periodic``
    sends the mail on its next run.
    """
    try:
        task = send_outbox
        if run_after is not None:
            if not task.get_backend().supports_defer:
                return
            task = task.using(run_after=run_after)
        task.enqueue()
    except Exception:  # noqa: BLE001 — the outbox row is safe; the periodic job sends it
        logger.exception("Could not enqueue the outbox task; the periodic job will send")


_renderers = {}


def register_renderer(model, render):
    """Let the outbox write messages about ``model`` that have no body yet.

    ``render(instance, kind)`` → ``(subject, body, reply_to, attachments)``.
    Used for messages carried over from the old per-app queues (migrations
    cannot render templates), rendered when they are first sent.
    """
    _renderers[model._meta.label_lower] = render


def fill_in(message):
    """Render the subject and body of a message stored without them (then saved)."""
    if message.body or message.source_type_id is None:
        return message
    model = message.source_type.model_class()
    render = _renderers.get(model._meta.label_lower) if model else None
    instance = model._default_manager.filter(pk=message.source_id).first() if render else None
    if instance is None:
        raise LookupError(f"nothing to write outbox message {message.pk} from")
    subject, body, reply_to, attachments = render(instance, message.kind)
    message.subject, message.body, message.reply_to = one_line(subject), body, reply_to or ""
    message.attachments = [
        {"filename": name, "content": content, "mimetype": mimetype}
        for name, content, mimetype in attachments
    ]
    message.save(update_fields=["subject", "body", "reply_to", "attachments"])
    return message


def worker_name():
    return f"{socket.gethostname()}:{os.getpid()}"[:64]


def claim(pk, owner, now=None):
    """Take the lease on message ``pk`` and count one attempt; ``True`` if this caller won."""
    now = now or timezone.now()
    return bool(
        OutboxMessage.objects.filter(pk=pk, state=OutboxMessage.State.PENDING)
        .filter(next_attempt_at__lte=now)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .update(
            lease_until=now + datetime.timedelta(seconds=lease_seconds()),
            lease_owner=owner,
            attempts=F("attempts") + 1,
            last_attempt_at=now,
        )
    )


def build(message):
    """The :class:`~django.core.mail.EmailMessage` of one row (same Message-ID every time)."""
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        reply_to=[message.reply_to] if message.reply_to else None,
        headers={"Message-ID": message.message_id},
    )
    for item in message.attachments:
        email.attach(item["filename"], item["content"], item["mimetype"])
    return email


def deliver(message):
    """Send one claimed message and record the outcome; ``True`` when sent. Never raises."""
    try:
        build(fill_in(message)).send(fail_silently=False)
    except Exception as exc:  # noqa: BLE001 — any mail failure leaves the row to retry
        error = f"{type(exc).__name__}: {exc}"[:2000]
        dead = message.attempts >= max_attempts()
        retry_at = timezone.now() + datetime.timedelta(seconds=backoff(message.attempts))
        OutboxMessage.objects.filter(pk=message.pk).update(
            state=OutboxMessage.State.DEAD if dead else OutboxMessage.State.PENDING,
            next_attempt_at=retry_at,
            last_error=error,
            lease_until=None,
            lease_owner="",
        )
        logger.warning(
            "Outbox %s (%s to %s) failed, attempt %s%s: %s",
            message.pk,
            message.kind,
            message.recipient,
            message.attempts,
            " — gave up" if dead else "",
            error,
        )
        if not dead:
            kick(run_after=retry_at)
        return False
    message.state, message.sent_at = OutboxMessage.State.SENT, timezone.now()
    OutboxMessage.objects.filter(pk=message.pk).update(
        state=message.state, sent_at=message.sent_at, last_error="", lease_until=None
    )
    try:
        message_sent.send(sender=OutboxMessage, message=message)
    except Exception:  # noqa: BLE001 — the mail is out; a bookkeeping error must not resend it
        logger.exception("Outbox %s sent; recording it failed", message.pk)
    return True


def due(now=None, queryset=None):
    """Messages waiting and due at ``now`` (not leased by a live worker), oldest first."""
    now = now or timezone.now()
    queryset = OutboxMessage.objects.all() if queryset is None else queryset
    return (
        queryset.filter(state=OutboxMessage.State.PENDING, next_attempt_at__lte=now)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .order_by("next_attempt_at", "pk")
    )


def send_due(queryset=None, limit=None, owner=None):
    """Send every due message (of ``queryset``); returns ``(sent, failed)``.

    Safe to run in several processes at once: each message goes to the one
    that claims it. ``limit``: at most that many messages this call.
    """
    owner = owner or worker_name()
    sent = failed = 0
    while True:
        ids = list(due(queryset=queryset).values_list("pk", flat=True)[:BATCH])
        progressed = False
        for pk in ids:
            if limit is not None and sent + failed >= limit:
                return sent, failed
            if not claim(pk, owner):
                continue
            progressed = True
            message = OutboxMessage.objects.get(pk=pk)
            if deliver(message):
                sent += 1
            else:
                failed += 1
        if not progressed:
            return sent, failed


@task()
def send_outbox():
    """The task behind :func:`kick`: send every due message; returns ``[sent, failed]``."""
    return list(send_due())


def retry(queryset):
    """Put messages (dead or waiting) back to be sent now, attempts from zero; returns the count."""
    return queryset.exclude(state=OutboxMessage.State.SENT).update(
        state=OutboxMessage.State.PENDING,
        attempts=0,
        next_attempt_at=timezone.now(),
        lease_until=None,
        lease_owner="",
    )
