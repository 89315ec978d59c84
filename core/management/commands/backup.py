"""``manage.py backup [--output DIR]``: one consistent archive of the database and media."""

from pathlib import Path

from django.core.management.base import BaseCommand

from core.backup import backup


class Command(BaseCommand):
    help = "Back up the database and the media files into one .tar archive."

    def add_arguments(self, parser):
        parser.add_argument("--output", default="backups", help="directory (created if missing)")

    def handle(self, *args, output="backups", **options):
        Path(output).mkdir(parents=True, exist_ok=True)
        self.stdout.write(str(backup(output)))
