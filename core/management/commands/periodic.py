"""``manage.py periodic``: the site's periodic jobs, for cron or a systemd timer (every minute).

1. the outbox: send what is due (retries whose backoff ended, messages
   whose kick was lost);
2. tasks of ``PERIODIC_TASKS``: scheduled pages (``core.scheduling``), search
   statistics (the finished minutes' counts), the open-data files;
3. personal data: anonymise inquiries and registrations older than
   ``PERSONAL_DATA_RETENTION_DAYS``.

Each job is safe to run in several processes at once. The expiry digest is
daily and separate (``manage.py check_certificate_expiry``).
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from core import outbox, personal_data


class Command(BaseCommand):
    help = "Run the periodic jobs: outbox retries, search statistics, personal-data expiry."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="print nothing when idle")

    def handle(self, *args, quiet=False, **options):
        sent, failed = outbox.send_due()
        for path in getattr(settings, "PERIODIC_TASKS", []):  # apps above core add theirs
            import_string(path).enqueue()
        expired = personal_data.anonymise_expired()
        if quiet and not (sent or failed or any(expired.values())):
            return
        anonymised = ", ".join(f"{label} {count}" for label, count in expired.items())
        self.stdout.write(f"Outbox: {sent} sent, {failed} failed. Anonymised: {anonymised}.")
