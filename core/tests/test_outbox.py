"""The outbox: once-only claims with a lease, retries with backoff, dead letter, Message-ID."""

import datetime
import threading
from collections import Counter

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse

from core import outbox
from core.models import OutboxMessage
from core.testing import TEST_NOW
from core.tests import mail_backends

FAILING = "core.tests.mail_backends.FailingBackend"
SLOW = "core.tests.mail_backends.SlowBackend"

pytestmark = pytest.mark.django_db


def queue(n=1, **kwargs):
    return [
        outbox.enqueue(
            OutboxMessage.Kind.OFFICE,
            f"office{i}@example.org",
            f"Tiêu đề {i}",
            "Nội dung",
            **kwargs,
        )
        for i in range(n)
    ]


def test_enqueued_message_is_sent_with_its_message_id_when_kicked():
    with transaction.atomic():
        (message,) = queue(reply_to="reply@example.org")
    assert message.message_id.startswith("<") and message.message_id.endswith("@localhost>")
    outbox.kick()  # immediate backend in tests: sends now
    message.refresh_from_db()
    assert message.state == OutboxMessage.State.SENT and message.attempts == 1
    (sent,) = mail.outbox
    assert sent.extra_headers["Message-ID"] == message.message_id
    assert sent.reply_to == ["reply@example.org"] and sent.to == ["office0@example.org"]


def test_header_values_are_one_line():
    (message,) = [outbox.enqueue("office", "a@example.org", "Dòng 1\nBcc: x@evil", "b")]
    assert message.subject == "Dòng 1 Bcc: x@evil"


def test_a_leased_message_is_left_to_its_worker_until_the_lease_ends(settings):
    (message,) = queue()
    assert outbox.claim(message.pk, "worker-a")
    assert not outbox.claim(message.pk, "worker-b")  # A is sending it
    assert outbox.send_due(owner="worker-b") == (0, 0)
    # A was killed (kill -9) before recording anything: once the lease runs
    # out B sends it, with the same Message-ID (at-least-once delivery).
    later = TEST_NOW + datetime.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS + 1)
    OutboxMessage.objects.filter(pk=message.pk).update(lease_until=TEST_NOW)
    assert outbox.claim(message.pk, "worker-b", now=later)
    message.refresh_from_db()
    assert message.attempts == 2 and message.lease_owner == "worker-b"


def test_failures_back_off_then_give_up_and_can_be_retried(settings):
    settings.EMAIL_BACKEND = FAILING
    settings.OUTBOX_MAX_ATTEMPTS = 3
    (message,) = queue()
    assert outbox.send_due() == (0, 1)
    message.refresh_from_db()
    wait = (message.next_attempt_at - message.last_attempt_at).total_seconds()
    assert message.state == "pending" and 59 <= wait <= 61  # first retry after 60 s
    assert "mail server unreachable" in message.last_error
    assert outbox.send_due() == (0, 0)  # not due yet
    assert outbox.backoff(2) == 120 and outbox.backoff(30) == 6 * 3600
    for _attempt in range(2):
        OutboxMessage.objects.update(next_attempt_at=TEST_NOW)
        outbox.send_due()
    message.refresh_from_db()
    assert (message.state, message.attempts) == (OutboxMessage.State.DEAD, 3)
    OutboxMessage.objects.update(next_attempt_at=TEST_NOW)
    assert outbox.send_due() == (0, 0)  # dead letters wait for a person

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_outbox", "--retry-dead", stdout=open("/dev/null", "w"))  # noqa: SIM115
    message.refresh_from_db()
    assert message.state == OutboxMessage.State.SENT
    assert mail.outbox[0].extra_headers["Message-ID"] == message.message_id


# serialized_rollback: a plain transactional flush would re-create content types
# under new ids and break the next serialized-rollback test's restore.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_at_once_send_each_message_once(settings):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        # Shared-cache memory database: table locks, no busy timeout. The same
        # pattern on a real file: core/tests/test_safety.py.
        pytest.skip("threads need PostgreSQL or a file database")
    settings.EMAIL_BACKEND = SLOW
    mail_backends.SENT.clear()
    messages = queue(12)
    errors = []

    def work(name):
        try:
            outbox.send_due(owner=name)
        except Exception as error:  # noqa: BLE001 — reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    counts = Counter(mail_backends.SENT)
    assert set(counts) == {m.message_id for m in messages}
    assert set(counts.values()) == {1}
    assert set(OutboxMessage.objects.values_list("state", "attempts")) == {("sent", 1)}


def test_admin_lists_and_retries_dead_letters(client, django_user_model):
    (message,) = queue()
    OutboxMessage.objects.update(state=OutboxMessage.State.DEAD, attempts=8, last_error="boom")
    editor = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    client.force_login(editor)
    assert client.get(reverse("outbox:index")).status_code in (302, 403)  # not for editors
    admin = django_user_model.objects.create_superuser("root", "r@example.org", "x")
    client.force_login(admin)
    listing = client.get(reverse("outbox:index") + "?state=dead")
    assert listing.status_code == 200 and "office0@example.org" in listing.content.decode()
    assert reverse("outbox:retry", args=[message.pk]) in listing.content.decode()
    assert client.get(reverse("outbox:retry", args=[message.pk])).status_code == 200
    message.refresh_from_db()
    assert message.state == OutboxMessage.State.DEAD  # a GET changes nothing
    response = client.post(reverse("outbox:retry", args=[message.pk]))
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.state == OutboxMessage.State.SENT and len(mail.outbox) == 1
