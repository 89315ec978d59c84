"""Registering for an event: store first, then try the confirmation email.

:func:`register` saves the :class:`~events.models.Registration` in its own
transaction (confirmed, or on the waiting list once ``capacity`` confirmed
places are taken) and only then calls :func:`send_confirmation`, which never
raises: a failure is logged and recorded on the row (``email_error``), and
``manage.py send_registration_emails`` retries later. So a broken mail
server never loses a registration.

The module works on the event page it is given (its ``registrations``
relation), so it sits below ``events.models``.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.links import page_url
from core.models import ProgrammeSettings
from events import timeutils
from events.calendar import event_calendar
from events.choices import RegistrationStatus

logger = logging.getLogger(__name__)

MAX_EMAIL_ATTEMPTS = 5


class RegistrationClosed(Exception):
    """Raised by :func:`register` when the deadline has passed or registration is off."""


class AlreadyRegistered(Exception):
    """Raised by :func:`register` when the email address is already registered."""


def register(event, data, now=None):
    """Store a registration for ``event`` and attempt the confirmation email.

    ``event``: an ``EventPage``; ``data``: cleaned form data (``name``,
    ``organisation``, ``role``, ``email``, ``phone``, ``message``). Returns the
    saved ``Registration`` with ``status`` ``confirmed`` or ``waiting``.
    Raises :class:`RegistrationClosed` or :class:`AlreadyRegistered`; never
    raises because of email.
    """
    now = now or timeutils.current_time()
    try:
        with transaction.atomic():
            # Lock the event row so two last-place registrations cannot both
            # be confirmed (PostgreSQL; SQLite serialises writers anyway).
            locked = type(event).objects.select_for_update().get(pk=event.pk)
            state = locked.registration_state(now)
            if state in ("disabled", "closed"):
                raise RegistrationClosed(state)
            if locked.registrations.filter(email__iexact=data["email"]).exists():
                raise AlreadyRegistered(data["email"])
            status = RegistrationStatus.WAITING if state == "full" else RegistrationStatus.CONFIRMED
            registration = locked.registrations.create(
                name=data["name"],
                organisation=data.get("organisation", ""),
                role=data["role"],
                email=data["email"],
                phone=data.get("phone", ""),
                message=data.get("message", ""),
                status=status,
            )
    except IntegrityError as error:  # a concurrent duplicate slipped past the check
        raise AlreadyRegistered(data["email"]) from error
    send_confirmation(registration)
    return registration


def confirmation_message(registration):
    """The confirmation :class:`EmailMessage` (plain text, with the event's .ics)."""
    event = registration.event.specific
    site = event.get_site()
    programme = ProgrammeSettings.for_site(site) if site else None
    context = {
        "registration": registration,
        "event": event,
        "event_url": page_url(event),
        "programme": programme,
        "waiting_position": registration.waiting_position(),
    }
    if registration.status == RegistrationStatus.WAITING:
        subject = _("Waiting list: %(event)s") % {"event": event.title}
    else:
        subject = _("Registration confirmed: %(event)s") % {"event": event.title}
    message = EmailMessage(
        subject=subject,
        body=render_to_string("events/email/registration_confirmation.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[registration.email],
        reply_to=[programme.office_email] if programme and programme.office_email else None,
    )
    message.attach(f"{event.slug}.ics", event_calendar(event).to_ical(), "text/calendar")
    return message


def send_confirmation(registration):
    """Try to email the confirmation; record the outcome on ``registration``.

    Returns ``True`` when sent. Never raises: any error is logged and kept in
    ``email_error`` for the retry command and the admin listing.
    """
    registration.email_attempts += 1
    try:
        with translation.override(settings.LANGUAGE_CODE):
            confirmation_message(registration).send(fail_silently=False)
    except Exception as error:  # noqa: BLE001 - any mail failure must not lose the row
        logger.exception("Confirmation email for registration %s failed", registration.pk)
        registration.email_error = f"{type(error).__name__}: {error}"[:1000]
        registration.save(update_fields=["email_attempts", "email_error"])
        return False
    registration.confirmation_sent_at = timezone.now()
    registration.email_error = ""
    registration.save(update_fields=["email_attempts", "email_error", "confirmation_sent_at"])
    return True


def retry_unsent(pending):
    """Retry the confirmations of ``pending`` registrations; returns ``(sent, failed)``.

    ``pending``: e.g. ``Registration.objects.unsent(limit)`` (not sent, fewer
    than ``limit`` attempts, not cancelled).
    """
    sent = failed = 0
    for registration in pending.select_related("event").order_by("pk"):
        if send_confirmation(registration):
            sent += 1
        else:
            failed += 1
    return sent, failed
