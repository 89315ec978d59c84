"""``seed_localities``: every province and the site's province, in bulk, idempotently."""

import datetime
import importlib
import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import ProgrammeSettings
from products_catalog.tests.factories import LocalityFactory
from taxonomy.adminunits.register import NEW, OLD, load
from taxonomy.models import Locality

pytestmark = pytest.mark.django_db
REORGANISED = datetime.date(2025, 7, 1)


def seed(*args):
    out = io.StringIO()
    call_command("seed_localities", *args, stdout=out)
    return out.getvalue()


def by_code(code):
    register, official = code.split(":")
    return Locality.objects.get(register=register, official_code=official)


def expected_count():
    units = load()
    provinces = {u.code for r in (OLD, NEW) for u in units.provinces(r)}
    # Phú Yên → Tỉnh Đắk Lắk (2025), which also absorbed the 2024 Tỉnh Đắk Lắk.
    roots = ["2024:54", "2025:66", "2024:66"]
    tree = set()
    todo = list(roots)
    while todo:
        code = todo.pop()
        tree.add(code)
        todo.extend(child.code for child in units.children(code))
    return len(provinces | tree)


def test_seeds_provinces_and_the_whole_province_once():
    out = seed("--province", "Phú Yên")
    total = expected_count()
    assert Locality.objects.count() == total
    assert f"{total} wanted, {total} created" in out
    counts = {
        (register, level): Locality.objects.filter(register=register, level=level).count()
        for register in (OLD, NEW)
        for level in ("province", "district")
    }
    assert counts[(OLD, "province")] == 63 and counts[(NEW, "province")] == 34
    assert counts[(OLD, "district")] == 9 + 15  # Phú Yên's and the old Đắk Lắk's
    assert Locality.objects.filter(parent=by_code("2025:66")).count() == len(
        load().children("2025:66")
    )
    # Idempotent.
    assert "0 created" in seed("--province", "Phú Yên")
    assert Locality.objects.count() == total


def test_successors_are_linked():
    seed("--province", "Phú Yên")
    dak_lak = by_code("2025:66")
    assert by_code("2024:54").successor == dak_lak  # province → new province
    tuy_an = by_code("2024:559")
    assert (tuy_an.successor, tuy_an.abolished_on) == (dak_lak, REORGANISED)  # district
    hoa_an = Locality.objects.get(name="Xã Hòa An", parent__name="Huyện Phú Hòa")
    assert hoa_an.successor.name == "Phường Tuy Hòa"  # commune → default new commune
    assert [u.name for u in hoa_an.also_now_in.all()] == ["Xã Phú Hòa 1"]
    # Every 2024 unit is held by a stored 2025 unit; 2025 units are not abolished.
    assert not Locality.objects.filter(register=OLD, successor=None).exists()
    assert not Locality.objects.filter(register=NEW).exclude(abolished_on=None).exists()
    assert (
        Locality.objects.get(slug="xa-an-ninh-tay-tuy-an").parent == tuy_an
    )  # a namesake in Long An


def test_province_comes_from_the_site_settings(site_tree):
    settings = ProgrammeSettings.for_site(site_tree["site"])
    settings.province_name = "Sơn La"
    settings.save()
    seed()
    moc_chau = Locality.objects.get(register=OLD, name="Thị xã Mộc Châu")
    assert moc_chau.parent.name == "Tỉnh Sơn La"
    assert not Locality.objects.filter(name="Huyện Tuy An").exists()


def test_unknown_province_is_an_error():
    with pytest.raises(CommandError, match="Atlantis"):
        seed("--province", "Atlantis")


def test_existing_demo_rows_keep_their_names_and_slugs():
    new = LocalityFactory(name="Đắk Lắk", slug="dak-lak", level="province")
    old = LocalityFactory(
        name="Phú Yên", slug="phu-yen", level="province", abolished_on=REORGANISED, successor=new
    )
    district = LocalityFactory(
        name="Thị xã Đông Hòa",
        slug="thi-xa-dong-hoa",
        parent=old,
        abolished_on=REORGANISED,
        successor=new,
    )
    seed("--province", "Phú Yên")
    for row, code in ((new, "2025:66"), (old, "2024:54"), (district, "2024:564")):
        assert by_code(code).pk == row.pk
    assert by_code("2024:54").name == "Phú Yên"
    assert Locality.objects.filter(short_name="Đông Hòa", level="district").count() == 1
    assert by_code("2024:66").slug == "dak-lak-2024"


def test_migration_links_existing_rows():
    """taxonomy 0004 links the demo's rows by name and leaves the others hand-made."""
    migration = importlib.import_module("taxonomy.migrations.0004_link_register_and_families")
    new = LocalityFactory(name="Đắk Lắk", slug="dak-lak", level="province")
    old = LocalityFactory(name="Phú Yên", level="province", abolished_on=REORGANISED)
    district = LocalityFactory(name="Huyện Tuy An", parent=old, successor=new)
    other = LocalityFactory(name="Huyện Khác")
    Locality.objects.update(register="", official_code="", unit_type="", short_name="")
    migration.link_localities(apps, None)
    rows = {row.pk: row for row in Locality.objects.all()}
    assert rows[new.pk].code == "2025:66" and rows[old.pk].code == "2024:54"
    assert (rows[district.pk].code, rows[district.pk].unit_type) == ("2024:559", "huyen")
    assert rows[district.pk].short_name == "Tuy An"
    assert rows[district.pk].search_key == "huyen tuy an tuy an phu yen"
    assert rows[other.pk].code == "" and rows[other.pk].search_key == "huyen khac"


def test_seeding_is_bulk():
    with CaptureQueriesContext(connection) as ctx:
        seed("--province", "Phú Yên")
    # A few statements per level and register, not one per unit (509 units).
    assert len(ctx.captured_queries) < 40, len(ctx.captured_queries)
