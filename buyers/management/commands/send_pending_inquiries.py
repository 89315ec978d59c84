"""``manage.py send_pending_inquiries``: retry inquiry e-mails that could not be sent.

Cron-friendly: prints one summary line, exits 0 even when some e-mails
failed again (they stay pending until ``BUYERS_EMAIL_MAX_ATTEMPTS``), and
running it twice, or twice at once, never sends an e-mail twice.
Example crontab line: ``*/10 * * * * cd /srv/ocop && .venv/bin/python manage.py
send_pending_inquiries --quiet``.
"""

from django.core.management.base import BaseCommand

from buyers.delivery import send_pending
from buyers.models import InquiryEmail


class Command(BaseCommand):
    help = "Send (again) every pending buyer-inquiry e-mail."

    def add_arguments(self, parser):
        parser.add_argument(
            "--quiet", action="store_true", help="Print nothing when there was nothing to do."
        )

    def handle(self, *args, quiet=False, **options):
        sent, failed = send_pending()
        waiting = InquiryEmail.objects.filter(state=InquiryEmail.State.PENDING).count()
        gave_up = InquiryEmail.objects.filter(state=InquiryEmail.State.FAILED).count()
        if quiet and not (sent or failed):
            return
        self.stdout.write(
            f"Inquiry e-mails: {sent} sent, {failed} failed this run, "
            f"{waiting} still pending, {gave_up} given up."
        )
