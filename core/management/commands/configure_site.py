"""``manage.py configure_site --hostname HOST --port PORT``: the address every absolute URL uses.

Sets the default Wagtail site's hostname and port (``make run`` passes
``HOST``/``PORT``; in production give the public name and 443). Absolute
links of sitemaps, feeds, open data, QR codes, labels and e-mails come from
this record (:mod:`core.links`).
"""

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site


class Command(BaseCommand):
    help = "Set the default site's public hostname and port (used by every absolute URL)."

    def add_arguments(self, parser):
        parser.add_argument("--hostname", required=True)
        parser.add_argument("--port", type=int, default=80)

    def handle(self, *args, hostname, port, **options):
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("No default site yet: run load_demo_content or create one first.")
        site.hostname, site.port = hostname.strip(), port
        site.save()
        self.stdout.write(f"Absolute URLs now use {site.root_url}/")
