"""``manage.py restore ARCHIVE --yes``: put a backup's database and media back.

Replaces the configured database and the media files (``MEDIA_ROOT`` or the
S3 bucket): stop the web server and the task worker first.
"""

from django.core.management.base import BaseCommand, CommandError

from core.backup import restore


class Command(BaseCommand):
    help = "Restore the database and media files from a backup archive (replaces them)."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--yes", action="store_true", help="really replace the data")

    def handle(self, *args, archive, yes=False, **options):
        if not yes:
            raise CommandError("This replaces the database and media: add --yes.")
        manifest = restore(archive)
        self.stdout.write(
            f"Restored {manifest['vendor']} database and {manifest['media_files']} media files "
            f"from {manifest['created_at']}."
        )
