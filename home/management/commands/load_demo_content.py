"""``manage.py load_demo_content``: build the page tree and load the demo data.

The catalogue goes in through the council-decision importer, like an
editor's file (:mod:`programme.demo_catalogue`). Idempotent: running it twice
creates nothing twice.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from wagtail.models import Site

from buyers.demo import ensure_verify_page
from events import demo as events_demo
from events.demo import EventsLoader
from home.demo import ensure_about, ensure_home, ensure_menu, ensure_settings
from home.demo_english import EnglishLoader
from news.demo import NewsLoader
from programme import demo as programme_demo
from programme import demo_catalogue
from taxonomy.units import seed_localities

#: While loading, the thousands of per-save jobs Wagtail queues (search index, reference
#: index, frontend-cache purges of pages nobody has cached) are dropped; the indexes are
#: then rebuilt once, here, so a new site's worker does not start with ~2,600 jobs, some
#: about rows the load itself replaced (each a DoesNotExist traceback).
NO_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


class Command(BaseCommand):
    help = "Create the demo site (home, catalogue, producers) from the shipped real data."

    def handle(self, *args, **options):
        with override_settings(TASKS=NO_TASKS):
            self.load()
        call_command("rebuild_references_index", verbosity=0)
        call_command("update_index", verbosity=0)
        self.stdout.write(self.style.SUCCESS("Demo content ready."))

    @transaction.atomic
    def load(self):
        rows = demo_catalogue.read_rows()
        home = ensure_home()
        ensure_about(home)
        ensure_settings(Site.objects.get(is_default_site=True), rows[0]["province"])
        # Every province and the demo province's units, from the national register, before
        # the loaders look localities up by name or slug ("phu-yen", "huyen-tuy-an").
        seed_localities(rows[0]["province"])
        demo_catalogue.ensure_demo_localities(rows + events_demo.PLACES)
        try:
            demo_catalogue.load(home, stdout=self.stdout)
        except demo_catalogue.DemoImportFailed as error:
            raise CommandError(f"The demo list was refused by the importer: {error}") from error
        NewsLoader(home, stdout=self.stdout).load()
        EventsLoader(home, stdout=self.stdout).load()
        ensure_verify_page(home)
        programme_demo.load(home, stdout=self.stdout)
        ensure_menu(home)
        # Last: English translations of what is there (issue 13), through wagtail-localize.
        EnglishLoader(home, stdout=self.stdout).load()
