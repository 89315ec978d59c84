"""E-mail backends for tests: one that always fails, one that records the DB state at send time."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import connection

SEEN = []


class FailingBackend(LocmemBackend):
    """Every send fails like an unreachable mail server."""

    def send_messages(self, messages):
        raise smtplib.SMTPConnectError(421, "mail server unreachable (test)")


class RecordingBackend(LocmemBackend):
    """Records, for each message, whether a DB transaction was open and the stored inquiries."""

    def send_messages(self, messages):
        from buyers.models import Inquiry

        for message in messages:
            SEEN.append(
                {
                    "to": message.to,
                    "in_transaction": connection.in_atomic_block,
                    "stored": list(Inquiry.objects.values_list("buyer_name", flat=True)),
                }
            )
        return super().send_messages(messages)
