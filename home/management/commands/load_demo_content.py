"""``manage.py load_demo_content``: build the page tree and load the demo data.

Idempotent: running it twice creates nothing twice.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Site

from buyers.demo import ensure_verify_page
from events.demo import EventsLoader
from home.demo import ensure_about, ensure_home, ensure_settings
from news.demo import NewsLoader
from products_catalog.demo import CatalogueLoader, read_rows
from programme import demo as programme_demo
from taxonomy.units import seed_localities


class Command(BaseCommand):
    help = "Create the demo site (home, catalogue, producers) from the shipped real data."

    @transaction.atomic
    def handle(self, *args, **options):
        rows = read_rows()
        home = ensure_home()
        ensure_about(home)
        ensure_settings(Site.objects.get(is_default_site=True), rows[0].province)
        # Every province and the demo province's units, from the national register, before
        # the loaders look localities up by slug ("phu-yen", "huyen-tuy-an", "dak-lak").
        seed_localities(rows[0].province)
        CatalogueLoader(home, stdout=self.stdout).load(rows)
        NewsLoader(home, stdout=self.stdout).load()
        EventsLoader(home, stdout=self.stdout).load()
        ensure_verify_page(home)
        programme_demo.load(home, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content ready."))
