"""``manage.py check_certificate_expiry [--date YYYY-MM-DD] [--dry-run] [--days N]``.

Daily and cron-friendly (e.g. ``15 6 * * * manage.py check_certificate_expiry``):
finds certificates whose last valid day is within 30 days and certificates
that expired without re-certification, e-mails each holder (the producer's
e-mail on record) its notice and ONE digest of the lines not reported before
to ``ProgrammeSettings.office_email`` (default site), and records them, so a
second run the same day sends nothing. Prints a summary
of expired certificates every run. Never deletes or unpublishes a page.
Exit status 1 when lines are due but no office e-mail is configured.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from wagtail.models import Site

from core.models import ProgrammeSettings
from products_catalog.rules import NOTICE_DAYS
from programme.validity import (
    build_digest,
    expired_not_recertified,
    holder_notices_due,
    send_digest,
    send_holder_notices,
)


class Command(BaseCommand):
    help = "E-mail the programme office a digest of certificates expiring within 30 days."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="act as if today were this date (YYYY-MM-DD)")
        parser.add_argument("--days", type=int, default=NOTICE_DAYS, help="notice period")
        parser.add_argument(
            "--dry-run", action="store_true", help="print the digest, send and record nothing"
        )

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError("--date must be YYYY-MM-DD") from error
        expired_total = expired_not_recertified(today).count()
        self.stdout.write(
            f"{today:%d/%m/%Y}: {expired_total} certificates expired, not re-certified."
        )
        digest = build_digest(today, options["days"])
        holders = holder_notices_due(today, options["days"])
        self.stdout.write(
            f"New to report: {len(digest.expiring)} expiring within {options['days']} days, "
            f"{len(digest.expired)} expired."
        )
        for line in digest.expiring:
            self.stdout.write(
                f"  expiring {line.valid_until:%d/%m/%Y} ({line.days_left} d): {line.title}"
            )
        self.stdout.write(f"Holders to tell: {len(holders)}.")
        if digest.is_empty and not holders:
            self.stdout.write("Nothing new to send.")
            return
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing sent or recorded.")
            return
        site = Site.objects.filter(is_default_site=True).first()
        settings = ProgrammeSettings.for_site(site) if site else None
        recipient = settings.office_email if settings else ""
        if not recipient:
            raise CommandError(
                "No office e-mail: set it in Settings → Programme settings; nothing was recorded."
            )
        told = send_holder_notices(holders, settings.site_title, reply_to=recipient)
        self.stdout.write(self.style.SUCCESS(f"{told} holders told by e-mail."))
        if not digest.is_empty:
            sent = send_digest(digest, recipient, settings.site_title)
            self.stdout.write(self.style.SUCCESS(f"Digest of {sent} lines sent to {recipient}."))
