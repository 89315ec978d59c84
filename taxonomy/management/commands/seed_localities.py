"""``manage.py seed_localities [--province NAME] [--all]``: localities from the national register.

Stores every province of both registers (63 until 30/06/2025, 34 since) and every
unit of the site's province (``ProgrammeSettings.province_name`` of the default
site, or ``--province``): its districts and communes before 1 July 2025, the new
province it went into with its communes, and the old provinces that new province
absorbed, with successors and ``also_now_in`` linked. ``--all`` stores all 14,149
units. Idempotent and in bulk; existing localities keep their names and slugs.
Units of other provinces are stored when an import or an editor names them
(:func:`taxonomy.units.resolve_locality`).
"""

import time

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from core.models import ProgrammeSettings
from taxonomy.units import UnitNotFound, seed_localities


class Command(BaseCommand):
    help = "Store the provinces and the site's province's units from the national register."

    def add_arguments(self, parser):
        parser.add_argument("--province", help="province name (default: the site setting)")
        parser.add_argument("--all", action="store_true", help="store every unit of Vietnam")

    def handle(self, *args, **options):
        province = options["province"] or self.site_province()
        started = time.perf_counter()
        try:
            result = seed_localities(province, everything=options["all"])
        except UnitNotFound as error:
            raise CommandError(f"No province named {province!r} in the register.") from error
        seconds = time.perf_counter() - started
        where = "every unit" if options["all"] else (province or "provinces only")
        self.stdout.write(
            f"Localities ({where}): {result['wanted']} wanted, {result['created']} created "
            f"in {seconds:.1f} s."
        )

    @staticmethod
    def site_province():
        site = Site.objects.filter(is_default_site=True).first()
        return ProgrammeSettings.for_site(site).province_name if site else ""
