"""``manage.py bench_search``: search benchmark in a throw-away test database."""

from django.core.management.base import BaseCommand
from django.db import connection

from benchmarks import search as bench


class Command(BaseCommand):
    help = (
        "Generate 1,000 and 10,000 synthetic products in a throw-away test database, index "
        "them and time 200 queries through /search/ (p50/p95)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--sizes", nargs="+", type=int, default=[1000, 10000])
        parser.add_argument("--queries", type=int, default=200)
        parser.add_argument(
            "--keep", action="store_true", help="Keep the test database afterwards."
        )

    def handle(self, *args, sizes, queries, keep, **options):
        sizes = sorted(set(sizes))
        if connection.vendor == "sqlite":
            # A file, as in production, rather than the in-memory default of tests.
            connection.settings_dict.setdefault("TEST", {})
            connection.settings_dict["TEST"]["NAME"] = "bench-search.sqlite3"
        old_name = connection.settings_dict["NAME"]
        test_name = connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False, keepdb=False
        )
        self.stdout.write(f"Benchmark database: {test_name} ({connection.vendor})")
        try:
            bench.run(sizes=sizes, query_count=queries, stdout=self.stdout.write)
        finally:
            if not keep:
                connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=False)
