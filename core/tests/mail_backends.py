"""E-mail backends for the outbox tests: failing, and slow (to make two workers overlap)."""

import smtplib
import threading
import time

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

SENT = []
_lock = threading.Lock()


class FailingBackend(LocmemBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPConnectError(421, "mail server unreachable (test)")


class SlowBackend(LocmemBackend):
    """Records each Message-ID sent (thread-safe) after a short pause."""

    def send_messages(self, messages):
        time.sleep(0.05)
        with _lock:
            SENT.extend(message.extra_headers["Message-ID"] for message in messages)
        return len(messages)
