"""``manage.py bench_pages``: CPU ms and queries per page type, cached vs rendered home."""

from django.core.management.base import BaseCommand

from benchmarks import pages as bench


class Command(BaseCommand):
    help = "Time every public page type (median CPU ms, queries) on the configured database."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=20)
        parser.add_argument("--search-queries", type=int, default=40)
        parser.add_argument(
            "--cold", action="store_true", help="Empty the generation-keyed caches each time."
        )
        parser.add_argument(
            "--stale-open-data",
            action="store_true",
            help="Do not build the open-data files first (time the streamed answer).",
        )
        parser.add_argument("--only", nargs="*", help="Labels starting with these words.")

    def handle(self, *args, repeat, search_queries, cold, stale_open_data, only, **options):
        bench.run(
            repeat=repeat,
            search_count=search_queries,
            cold=cold,
            stale_open_data=stale_open_data,
            only=only,
            out=self.stdout.write,
        )
