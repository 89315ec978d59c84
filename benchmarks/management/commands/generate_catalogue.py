"""``manage.py generate_catalogue``: a national-scale benchmark catalogue (issue 14)."""

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from benchmarks import catalogue
from core.models import ProgrammeSettings


class Command(BaseCommand):
    help = (
        "Add generated products and producers across several provinces to the demo site "
        "(benchmark data; runs once per database)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--products", type=int, default=20000)
        parser.add_argument("--provinces", type=int, default=5)
        parser.add_argument("--seed", type=int, default=14)

    def handle(self, *args, products, provinces, seed, **options):
        if products < 1 or provinces < 1:
            raise CommandError("--products and --provinces must be at least 1")
        site = Site.objects.filter(is_default_site=True).first()
        first = ProgrammeSettings.for_site(site).province_name if site else ""
        try:
            timings = catalogue.generate(products, provinces, seed, first, out=self.stdout.write)
        except (catalogue.AlreadyGenerated, catalogue.NoDemoSite) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                "Generated in {total:.0f} s (producers {producers:.0f} s, products "
                "{products:.0f} s, summaries {summaries:.0f} s, index {index:.0f} s).".format(
                    **timings
                )
            )
        )
