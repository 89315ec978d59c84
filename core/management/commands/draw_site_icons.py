"""``manage.py draw_site_icons``: (re)draw the favicon, app icons and default preview."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from core.icons import write_all


class Command(BaseCommand):
    help = "Draw static/img/favicon.ico, icon-192/512.png, apple-touch-icon.png, og-default.png."

    def handle(self, *args, **options):
        for path in write_all(Path(settings.BASE_DIR) / "static" / "img"):
            self.stdout.write(str(path))
