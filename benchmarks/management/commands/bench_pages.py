"""``manage.py bench_pages``: CPU ms and queries per page type, cached vs rendered home."""

from django.core.management.base import BaseCommand

from benchmarks import pages as bench


class Command(BaseCommand):
    help = "Time every public page type (median CPU ms, queries) on the configured database."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=20)

    def handle(self, *args, repeat, **options):
        bench.run(repeat=repeat, out=self.stdout.write)
