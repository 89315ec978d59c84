"""Registering for an event: the registration and its confirmation in one transaction.

:func:`register` saves the :class:`~events.models.Registration` (confirmed,
or on the waiting list once ``capacity`` confirmed places are taken) and its
confirmation e-mail in the site's outbox (:mod:`core.outbox`) in one
transaction, then kicks the task worker: the request never waits on the mail
server, and a broken mail server never loses a registration (the outbox
retries). :func:`record_sent` sets ``confirmation_sent_at`` once it is out.

The last place: on PostgreSQL the event row is locked (``SELECT … FOR
UPDATE``) before counting; on SQLite every transaction is ``IMMEDIATE``
(settings), so the count and the insert run under the database's write lock.

The module works on the event page it is given (its ``registrations``
relation), so it sits below ``events.models``.
"""

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from core import outbox
from core.i18n import live_translations, page_language
from core.links import page_url
from core.models import OutboxMessage, ProgrammeSettings
from events import timeutils
from events.calendar import event_calendar
from events.choices import RegistrationStatus


class RegistrationClosed(Exception):
    """Raised by :func:`register` when the deadline has passed or registration is off."""


class AlreadyRegistered(Exception):
    """Raised by :func:`register` when the email address is already registered."""


def register(event, data, now=None):
    """Store a registration for ``event`` with its confirmation e-mail in the outbox.

    ``event``: an ``EventPage`` in any language; the registration is stored on its source
    page (``event.registration_event``) with ``language`` the page's, so one event has one
    list of places whatever language visitors register in. ``data``: cleaned form data
    (``name``, ``organisation``, ``role``, ``email``, ``phone``, ``message``). Returns the
    saved ``Registration`` with ``status`` ``confirmed`` or ``waiting``.
    Raises :class:`RegistrationClosed` or :class:`AlreadyRegistered`; never
    raises because of e-mail (none is sent in this call).
    """
    now = now or timeutils.current_time()
    language = page_language(event)
    event = event.registration_event
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
                consent_at=now if data.get("consent") else None,
                language=language,
            )
            queue_confirmation(registration)
    except IntegrityError as error:  # a concurrent duplicate slipped past the check
        raise AlreadyRegistered(data["email"]) from error
    outbox.kick()
    return registration


def render_confirmation(registration, kind=OutboxMessage.Kind.CONFIRMATION):
    """``(subject, body, reply_to, attachments)`` of the confirmation (with the event's .ics)."""
    # In the language of the page the visitor registered on (issue 13): that translation
    # of the event when it is live, its title and link.
    language = registration.language or page_language(registration.event)
    event = registration.event.specific
    translated = live_translations(event).get(language)
    if translated is not None:
        event = translated.specific
    site = event.get_site()
    programme = ProgrammeSettings.for_site(site) if site else None
    context = {
        "registration": registration,
        "event": event,
        "event_url": page_url(event),
        "programme": programme,
        "waiting_position": registration.waiting_position(),
    }
    with translation.override(language):
        if registration.status == RegistrationStatus.WAITING:
            subject = _("Waiting list: %(event)s") % {"event": event.title}
        else:
            subject = _("Registration confirmed: %(event)s") % {"event": event.title}
        body = render_to_string("events/email/registration_confirmation.txt", context)
    reply_to = programme.office_email if programme else ""
    ics = event_calendar(event).to_ical().decode()
    return subject, body, reply_to, [(f"{event.slug}.ics", ics, "text/calendar")]


def queue_confirmation(registration):
    """Put the confirmation of ``registration`` in the outbox (caller's transaction)."""
    subject, body, reply_to, attachments = render_confirmation(registration)
    return outbox.enqueue(
        OutboxMessage.Kind.CONFIRMATION,
        registration.email,
        subject,
        body,
        source=registration,
        reply_to=reply_to,
        attachments=attachments,
    )


def record_sent(sender, message, **kwargs):
    """:data:`core.outbox.message_sent` receiver: sets ``confirmation_sent_at``."""
    if message.kind != OutboxMessage.Kind.CONFIRMATION:
        return
    registration = message.source
    if registration is not None and registration._meta.label_lower == "events.registration":
        type(registration).objects.filter(
            pk=registration.pk, confirmation_sent_at__isnull=True
        ).update(confirmation_sent_at=message.sent_at)


outbox.message_sent.connect(record_sent, dispatch_uid="events_record_sent")
