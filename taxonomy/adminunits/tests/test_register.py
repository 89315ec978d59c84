"""The administrative-units register holds real facts and finds names as people write them."""

import unicodedata
from collections import Counter

import pytest

from taxonomy.adminunits.register import LEVELS, NEW, OLD, UNIT_TYPES, fold, load

PHU_YEN_DISTRICTS = {
    "Thành phố Tuy Hòa",
    "Thị xã Sông Cầu",
    "Thị xã Đông Hòa",
    "Huyện Đồng Xuân",
    "Huyện Tuy An",
    "Huyện Sơn Hòa",
    "Huyện Sông Hinh",
    "Huyện Tây Hòa",
    "Huyện Phú Hòa",
}


@pytest.fixture(scope="module")
def units():
    return load()


def only(found):
    assert len(found) == 1, [unit.code for unit in found]
    return found[0]


def phu_yen(units):
    return only(units.find("Phú Yên", register=OLD, level="province"))


def test_register_is_read_once_per_process():
    """Timings belong to benchmarks (``benchmarks/imports.py``), not to tests."""
    assert load() is load()
    assert load().find("Tuy An")


def test_records_its_source(units):
    assert units.source["package"] == "vietnamadminunits"
    assert units.source["version"] == "1.0.4"


def test_counts_match_the_official_registers(units):
    # The figures published for the reorganisation; vietnamadminunits 1.0.4 carries exactly them.
    counts = Counter((unit.register, unit.level) for unit in units)
    assert counts == {
        (OLD, "province"): 63,
        (OLD, "district"): 696,
        (OLD, "commune"): 10_035,
        (NEW, "province"): 34,
        (NEW, "commune"): 3_321,
    }
    assert len(units.provinces(OLD)) == 63
    assert len(units.provinces(NEW)) == 34
    assert sum(unit.unit_type == "dac_khu" for unit in units) == 13


def test_unit_types_form_a_closed_vocabulary(units):
    for unit in units:
        assert UNIT_TYPES[unit.unit_type][0] == unit.level
        assert unit.name.startswith(unit.type_label + " ")
        assert unit.short_name in (unit.name, unit.name.removeprefix(unit.type_label + " "))
    assert {unit.level for unit in units if unit.register == NEW} == {"province", "commune"}
    assert set(LEVELS) == {unit.level for unit in units}


def test_hierarchy_is_complete(units):
    for unit in units:
        parent = units.parent(unit.code)
        if unit.level == "province":
            assert parent is None
        else:
            assert parent.register == unit.register
            assert LEVELS.index(parent.level) < LEVELS.index(unit.level)
            assert unit in units.children(parent.code)


def test_codes_are_qualified_by_register(units):
    # Official codes were reused in 2025, hence the register in every code.
    assert units["2024:00004"].name == "Phường Trúc Bạch"
    assert units["2025:00004"].name == "Phường Ba Đình"
    assert units["2024:01"].name == units["2025:01"].name == "Thành phố Hà Nội"
    assert units.get("00004") is None


def test_phu_yen_went_into_dak_lak(units):
    province = phu_yen(units)
    assert province.official_code == "54"
    successor = units.successor(province.code)
    assert (successor.name, successor.register, successor.official_code) == (
        "Tỉnh Đắk Lắk",
        NEW,
        "66",
    )
    old_provinces = units.predecessors(successor.code, level="province")
    assert [unit.name for unit in old_provinces] == ["Tỉnh Phú Yên", "Tỉnh Đắk Lắk"]


def test_phu_yen_districts(units):
    districts = units.children(phu_yen(units).code)
    assert {unit.name for unit in districts} == PHU_YEN_DISTRICTS
    types = {unit.short_name: unit.unit_type for unit in districts}
    assert types["Đông Hòa"] == types["Sông Cầu"] == "thi_xa"
    assert types["Tuy Hòa"] == "thanh_pho"
    assert types["Tuy An"] == "huyen"
    dak_lak = units.successor(phu_yen(units).code)
    assert all(units.successor(unit.code) == dak_lak for unit in districts)


@pytest.mark.parametrize(
    "name",
    ["tuy an", "Tuy An", "Huyện Tuy An", "huyen tuy an", "H. Tuy An", "HUYỆN TUY AN"],
)
def test_find_ignores_type_case_and_diacritics(units, name):
    found = only(units.find(name))
    assert (found.code, found.name, found.short_name) == ("2024:559", "Huyện Tuy An", "Tuy An")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("TX Đông Hòa", "Thị xã Đông Hòa"),
        ("Thị xã Đông Hòa", "Thị xã Đông Hòa"),
        ("tx. dong hoa", "Thị xã Đông Hòa"),
        ("Thị xã Đông Hoà", "Thị xã Đông Hòa"),  # old-style tone placement
        ("TP Tuy Hòa", "Thành phố Tuy Hòa"),
        ("Thành phố Tuy Hòa", "Thành phố Tuy Hòa"),
        ("tx song cau", "Thị xã Sông Cầu"),
    ],
)
def test_find_with_a_type_keeps_that_type(units, name, expected):
    assert only(units.find(name)).name == expected


def test_find_returns_every_candidate(units):
    names = {unit.name for unit in units.find("Đông Hòa", register=OLD)}
    assert {"Thị xã Đông Hòa", "Xã Đông Hòa"} <= names
    assert "Thị xã Đông Hòa" not in {unit.name for unit in units.find("Xã Đông Hòa")}


def test_find_narrows_by_parent_and_register(units):
    in_phu_yen = units.find("An Ninh Tây", parent_code=phu_yen(units).code)
    commune = only(in_phu_yen)
    assert units.address(commune.code) == "Xã An Ninh Tây, Huyện Tuy An, Tỉnh Phú Yên"
    assert units.successor(commune.code).name == "Xã Tuy An Đông"
    assert only(units.find("Đắk Lắk", register=NEW, level="province")).official_code == "66"


def test_find_decomposed_input_and_numbers(units):
    assert fold(unicodedata.normalize("NFD", "Đồng Xuân")) == "dong xuan"
    decomposed = unicodedata.normalize("NFD", "Huyện Đồng Xuân")
    assert only(units.find(decomposed)).name == "Huyện Đồng Xuân"
    wards = units.find("P. 01", parent_code=only(units.find("Tuy Hòa", level="district")).code)
    assert [unit.name for unit in wards] == ["Phường 1"]


def test_find_aliases_on_request(units):
    assert units.find("hn") == []
    assert {unit.code for unit in units.find("hn", aliases=True)} == {"2024:01", "2025:01"}
    # Phường Nguyễn Trung Trực was merged into Phường Trúc Bạch before 2025.
    assert [u.name for u in units.find("Nguyễn Trung Trực", aliases=True, level="commune")] == [
        "Phường Trúc Bạch"
    ]


def test_split_commune_lists_its_other_successors(units):
    commune = only(units.find("Xã Hòa An", parent_code="2024:563"))  # Huyện Phú Hòa, Phú Yên
    assert units.successor(commune.code).name == "Phường Tuy Hòa"
    assert [units[code].name for code in commune.also_now_in] == ["Xã Phú Hòa 1"]
    assert [unit.name for unit in units.successors(commune.code)] == [
        "Phường Tuy Hòa",
        "Xã Phú Hòa 1",
    ]
    assert commune in units.predecessors(commune.also_now_in[0])
    assert sum(bool(unit.also_now_in) for unit in units if unit.level == "commune") == 471


def test_every_old_unit_has_a_successor_in_its_new_province(units):
    for unit in units:
        if unit.register == NEW:
            assert unit.successor_code is None
            continue
        province = units.ancestors(unit.code)[-1] if unit.level != "province" else unit
        new_province = units.successor(province.code)
        for successor in units.successors(unit.code):
            assert successor.register == NEW
            assert successor == new_province or units.parent(successor.code) == new_province


def test_every_new_commune_has_predecessors(units):
    for unit in units:
        if unit.register == NEW and unit.level == "commune":
            assert units.predecessors(unit.code)


def test_island_districts_without_communes_became_special_zones(units):
    islands = [unit for unit in units if unit.level == "district" and not units.children(unit.code)]
    assert {unit.short_name for unit in islands} == {
        "Bạch Long Vĩ",
        "Cồn Cỏ",
        "Hoàng Sa",
        "Lý Sơn",
        "Côn Đảo",
    }
    for unit in islands:
        (zone,) = unit.also_now_in
        assert units[zone].name == f"Đặc khu {unit.short_name}"


def test_unknown_register_is_an_error(units):
    with pytest.raises(ValueError):
        units.provinces("2023")
    with pytest.raises(ValueError):
        units.find("Tuy An", register=2024)
