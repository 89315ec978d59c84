"""Personal data held by the site (Decree 13/2023/NĐ-CP): find, export, erase, expire.

Apps that store people's details register a :class:`Holder` (buyers:
inquiries; events: registrations). Then, for one e-mail address,
:func:`export` gives everything held (JSON-ready dict) and :func:`erase`
anonymises it; :func:`anonymise_expired` anonymises what is older than
``PERSONAL_DATA_RETENTION_DAYS`` (``manage.py periodic``). Anonymising keeps the
row (counts and statistics stay right) but blanks who the person is, and
blanks the subject, body and address of the outbox messages about it
(:func:`scrub_messages`).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core import outbox
from core.models import OutboxMessage

ANONYMOUS_ADDRESS = "anonymised@invalid"


@dataclass(frozen=True)
class Holder:
    """One kind of record with personal data.

    ``label``: shown in the admin; ``find(email)`` → queryset of records of
    that address; ``export(record)`` → dict; ``anonymise(record, now)``
    blanks the person (and sets ``anonymised_at``); ``older_than(cutoff)`` →
    queryset of records received before ``cutoff`` and not anonymised yet.
    """

    label: str
    find: Callable
    export: Callable
    anonymise: Callable
    older_than: Callable


_holders = []


def register(holder):
    _holders.append(holder)
    return holder


def holders():
    return list(_holders)


def retention_days():
    return getattr(settings, "PERSONAL_DATA_RETENTION_DAYS", 730)


def find(email):
    """``[(holder, [records])]`` held for ``email`` (case-insensitive; empty address: nothing)."""
    email = (email or "").strip()
    if not email:
        return []
    return [(holder, list(holder.find(email))) for holder in _holders]


def scrub_messages(record):
    """Blank the outbox messages about ``record``; those not sent yet will not be (dead)."""
    messages = outbox.messages_for(record)
    messages.exclude(state=OutboxMessage.State.SENT).update(
        state=OutboxMessage.State.DEAD, last_error="anonymised"
    )
    return messages.update(
        recipient=ANONYMOUS_ADDRESS, subject="", body="", reply_to="", attachments=[]
    )


def export(email):
    """Everything held for ``email``: ``{"email", "exported_at", "records": {label: [dict]}}``."""
    return {
        "email": email,
        "exported_at": timezone.now().isoformat(),
        "records": {
            str(holder.label): [holder.export(record) for record in records]
            for holder, records in find(email)
        },
    }


def erase(email, now=None):
    """Anonymise every record of ``email`` now; returns how many records."""
    now = now or timezone.now()
    count = 0
    with transaction.atomic():
        for holder, records in find(email):
            for record in records:
                holder.anonymise(record, now)
                scrub_messages(record)
                count += 1
    return count


def anonymise_expired(now=None):
    """Anonymise records older than the retention period; returns ``{label: count}``."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=retention_days())
    done = {}
    for holder in _holders:
        count = 0
        for record in holder.older_than(cutoff).iterator():
            with transaction.atomic():
                holder.anonymise(record, now)
                scrub_messages(record)
            count += 1
        done[str(holder.label)] = count
    return done
