"""``manage.py send_outbox``: send every due outgoing e-mail now (retries included).

The task worker normally does this when kicked; this command is the safety
net run by ``manage.py periodic`` and by hand. Safe to run as often as
wanted and in several processes at once (each message is claimed with a
lease). ``--retry-dead`` first puts the messages that gave up back in line.
"""

from django.core.management.base import BaseCommand

from core import outbox
from core.models import OutboxMessage


class Command(BaseCommand):
    help = "Send the due messages of the outbox (one summary line)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="print nothing when idle")
        parser.add_argument(
            "--retry-dead", action="store_true", help="retry the messages that gave up"
        )

    def handle(self, *args, quiet=False, retry_dead=False, **options):
        if retry_dead:
            outbox.retry(OutboxMessage.objects.filter(state=OutboxMessage.State.DEAD))
        sent, failed = outbox.send_due()
        if quiet and not (sent or failed):
            return
        waiting = OutboxMessage.objects.filter(state=OutboxMessage.State.PENDING).count()
        dead = OutboxMessage.objects.filter(state=OutboxMessage.State.DEAD).count()
        self.stdout.write(
            f"Outbox: {sent} sent, {failed} failed this run, {waiting} waiting, {dead} gave up."
        )
