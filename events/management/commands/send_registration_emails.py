"""``manage.py send_registration_emails``: retry confirmation emails that failed.

Cron-friendly and safe to run repeatedly: only registrations whose
confirmation was never sent and that have had fewer than ``--max-attempts``
tries are attempted.
"""

from django.core.management.base import BaseCommand

from events.models import Registration
from events.registration import MAX_EMAIL_ATTEMPTS, retry_unsent


class Command(BaseCommand):
    help = "Retry event-registration confirmation emails that could not be sent."

    def add_arguments(self, parser):
        parser.add_argument("--max-attempts", type=int, default=MAX_EMAIL_ATTEMPTS)

    def handle(self, *args, **options):
        sent, failed = retry_unsent(Registration.objects.unsent(options["max_attempts"]))
        self.stdout.write(f"Confirmation emails: {sent} sent, {failed} failed.")
