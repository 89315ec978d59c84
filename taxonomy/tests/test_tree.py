"""Tree walks read only the part of the 14,000-unit tree they need, and agree with a full read."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from products_catalog.filters import locality_facet, locality_family_ids
from taxonomy.models import Locality
from taxonomy.tree import cached_holders_of, family_ids, holders_of, upward_closure
from taxonomy.units import seed_localities

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    seed_localities("Phú Yên")
    return {row.code: row for row in Locality.objects.all()}


def full_read_family(pk):
    """The family as the old code computed it: every row read, walked in Python."""
    below = {}
    for unit_pk, parent_id, successor_id in Locality.objects.values_list(
        "pk", "parent_id", "successor_id"
    ):
        for holder in (parent_id, successor_id):
            if holder:
                below.setdefault(holder, []).append(unit_pk)
    for unit_pk, holder in Locality.also_now_in.through.objects.values_list(
        "from_locality_id", "to_locality_id"
    ):
        below.setdefault(holder, []).append(unit_pk)
    family, todo = {pk}, [pk]
    while todo:
        for child in below.get(todo.pop(), ()):
            if child not in family:
                family.add(child)
                todo.append(child)
    return family


@pytest.mark.parametrize(
    "code",
    ["2025:66", "2024:54", "2024:559", "2025:22015", "2025:22319", "2024:66", "2025:01"],
)
def test_family_matches_a_full_read(tree, code):
    assert family_ids([tree[code].pk]) == full_read_family(tree[code].pk)


def test_new_province_finds_what_it_absorbed_in_a_few_filtered_queries(tree):
    with CaptureQueriesContext(connection) as ctx:
        family = locality_family_ids(tree["2025:66"])
    assert len(ctx.captured_queries) <= 6
    assert all(" WHERE " in query["sql"] for query in ctx.captured_queries)
    names = set(Locality.objects.filter(pk__in=family).values_list("name", flat=True))
    assert {"Tỉnh Phú Yên", "Huyện Tuy An", "Xã An Ninh Tây", "Xã Tuy An Đông"} <= names
    assert "Thành phố Hà Nội" not in names
    assert tree["2024:66"].pk in family  # the old Đắk Lắk went into it too


def test_a_split_commune_belongs_to_both_new_communes(tree):
    hoa_an = Locality.objects.get(name="Xã Hòa An", parent=tree["2024:563"])
    for name in ("Phường Tuy Hòa", "Xã Phú Hòa 1"):
        holder = Locality.objects.get(name=name, register="2025", parent=tree["2025:66"])
        assert hoa_an.pk in family_ids([holder.pk])


def test_holders_and_facet_counts(tree):
    hoa_an = Locality.objects.get(name="Xã Hòa An", parent=tree["2024:563"])
    tuy_an = tree["2024:559"]
    with CaptureQueriesContext(connection) as ctx:
        units, holders = holders_of([hoa_an.pk])
    assert all(" WHERE " in query["sql"] for query in ctx.captured_queries)
    above = {units[pk].name for pk in upward_closure(hoa_an.pk, holders)}
    assert above == {
        "Xã Hòa An",
        "Huyện Phú Hòa",
        "Tỉnh Phú Yên",
        "Phường Tuy Hòa",
        "Xã Phú Hòa 1",
        "Tỉnh Đắk Lắk",
    }
    offered, counts = locality_facet({hoa_an.pk: 2, tuy_an.pk: 3})
    assert offered[0].level == Locality.Level.PROVINCE
    assert counts["dak-lak"] == counts["phu-yen"] == 5
    assert counts["huyen-tuy-an"] == 3 and counts["huyen-phu-hoa"] == 2
    assert counts[Locality.objects.get(name="Xã Phú Hòa 1").slug] == 2


def test_cached_holders_agree_with_the_walk_and_follow_changes(tree):
    hoa_an = Locality.objects.get(name="Xã Hòa An", parent=tree["2024:563"])
    tuy_an = tree["2024:559"]
    walked_units, walked_holders = holders_of([hoa_an.pk, tuy_an.pk])
    units, holders = cached_holders_of([hoa_an.pk, tuy_an.pk])
    assert set(units) == set(walked_units)
    assert {pk: holders[pk] for pk in walked_holders} == walked_holders
    with CaptureQueriesContext(connection) as ctx:
        again, _ = cached_holders_of([hoa_an.pk])
    assert len(ctx.captured_queries) == 0
    assert {unit.name for unit in again.values()} >= {"Xã Hòa An", "Tỉnh Đắk Lắk"}
    # A content change (the locality saved) is a new generation: walked again.
    tuy_an.name = "Huyện Tuy An (mới)"
    tuy_an.save()
    units, _ = cached_holders_of([tuy_an.pk])
    assert units[tuy_an.pk].name == "Huyện Tuy An (mới)"
