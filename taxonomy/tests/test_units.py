"""Names as imports and editors write them → localities, stored from the register on demand."""

import datetime

import pytest
from wagtail.models import Locale

from products_catalog.tests.factories import LocalityFactory
from taxonomy.adminunits.register import NEW, OLD, load
from taxonomy.models import Locality
from taxonomy.units import (
    AmbiguousUnit,
    UnitNotFound,
    UnitNotStored,
    home_province_ids,
    match_unit,
    register_slug,
    resolve_locality,
)

BEFORE = datetime.date(2023, 5, 4)
AFTER = datetime.date(2026, 3, 2)

# A council list naming units of many provinces, as such lists write them: with or without
# the type, abbreviated, without diacritics, under the type the unit had years ago
# ("Huyện Phú Quốc": a city since 2020; "Huyện Mộc Châu": a thị xã since 2025) or under the
# province's former name (Thừa Thiên Huế). Expected: the register's 2024 unit (code, address).
COUNCIL_LIST = [
    ("Huyện Mộc Châu", "Sơn La", "2024:123", "Thị xã Mộc Châu, Tỉnh Sơn La"),
    ("Thành phố Buôn Ma Thuột", "Đắk Lắk", "2024:643", "Thành phố Buôn Ma Thuột, Tỉnh Đắk Lắk"),
    ("Huyện Phú Quốc", "Kiên Giang", "2024:911", "Thành phố Phú Quốc, Tỉnh Kiên Giang"),
    ("TX Sa Pa", "Lào Cai", "2024:088", "Thị xã Sa Pa, Tỉnh Lào Cai"),
    ("TP Hội An", "Quảng Nam", "2024:503", "Thành phố Hội An, Tỉnh Quảng Nam"),
    ("Đà Lạt", "Lâm Đồng", "2024:672", "Thành phố Đà Lạt, Tỉnh Lâm Đồng"),
    ("Huyện Cái Bè", "Tiền Giang", "2024:819", "Huyện Cái Bè, Tỉnh Tiền Giang"),
    ("TP Hạ Long", "Quảng Ninh", "2024:193", "Thành phố Hạ Long, Tỉnh Quảng Ninh"),
    ("Huyện Vân Đồn", "Quảng Ninh", "2024:203", "Huyện Vân Đồn, Tỉnh Quảng Ninh"),
    ("Huyện Đông Anh", "Hà Nội", "2024:017", "Huyện Đông Anh, Thành phố Hà Nội"),
    ("tx son tay", "ha noi", "2024:269", "Thị xã Sơn Tây, Thành phố Hà Nội"),
    ("huyen cu chi", "Hồ Chí Minh", "2024:783", "Huyện Củ Chi, Thành phố Hồ Chí Minh"),
    ("Krông Pắc", "Đắk Lắk", "2024:654", "Huyện Krông Pắc, Tỉnh Đắk Lắk"),
    ("Huyện Lục Ngạn", "Bắc Giang", "2024:219", "Huyện Lục Ngạn, Tỉnh Bắc Giang"),
    ("Bắc Hà", "Lào Cai", "2024:085", "Huyện Bắc Hà, Tỉnh Lào Cai"),
    ("TX Hương Thủy", "Thừa Thiên Huế", "2024:479", "Thị xã Hương Thủy, Thành phố Huế"),
    ("Huyện Tam Nông", "Đồng Tháp", "2024:871", "Huyện Tam Nông, Tỉnh Đồng Tháp"),
    ("Huyện Tam Nông", "Phú Thọ", "2024:236", "Huyện Tam Nông, Tỉnh Phú Thọ"),
    ("Huyện Châu Thành", "Bến Tre", "2024:831", "Huyện Châu Thành, Tỉnh Bến Tre"),
    ("Hàm Thuận Nam", "Bình Thuận", "2024:598", "Huyện Hàm Thuận Nam, Tỉnh Bình Thuận"),
    ("TP Vị Thanh", "Hậu Giang", "2024:930", "Thành phố Vị Thanh, Tỉnh Hậu Giang"),
    # Without diacritics the highest level wins; "Mù Cang Chải" is the register's township.
    ("mu cang chai", "Yên Bái", "2024:137", "Huyện Mù Căng Chải, Tỉnh Yên Bái"),
    ("Huyện Đồng Văn", "Hà Giang", "2024:026", "Huyện Đồng Văn, Tỉnh Hà Giang"),
    ("Hòa Vang", "Đà Nẵng", "2024:497", "Huyện Hòa Vang, Thành phố Đà Nẵng"),
    ("Thị xã Ninh Hòa", "Khánh Hòa", "2024:572", "Thị xã Ninh Hòa, Tỉnh Khánh Hòa"),
    ("Xã Tả Van", "Lào Cai", "2024:03040", "Xã Tả Van, Thị xã Sa Pa, Tỉnh Lào Cai"),
    ("TX Đông Hòa", "Phú Yên", "2024:564", "Thị xã Đông Hòa, Tỉnh Phú Yên"),
]


def test_the_council_list_covers_many_provinces():
    assert len(COUNCIL_LIST) >= 20
    assert len({province for _name, province, *_ in COUNCIL_LIST}) >= 10


@pytest.mark.parametrize(("name", "province", "code", "address"), COUNCIL_LIST)
def test_match_unit_reads_council_names(name, province, code, address):
    unit = match_unit(name, province=province, on_date=BEFORE)
    assert (unit.code, load().address(unit.code)) == (code, address)


@pytest.mark.django_db
def test_a_council_list_of_other_provinces_needs_nothing_created_by_hand():
    before = Locality.objects.count()
    made = [
        resolve_locality(name, province=province, on_date=BEFORE)
        for name, province, _code, _address in COUNCIL_LIST
    ]
    for locality, (_name, _province, code, _address) in zip(made, COUNCIL_LIST, strict=True):
        assert locality.pk and locality.code == code
        assert locality.province is not None and locality.province.register == OLD
        # Each 2024 unit points at the 2025 unit holding it, stored with it.
        assert locality.successor is not None and locality.successor.register == NEW
        assert locality.abolished_on == datetime.date(2025, 7, 1)
    created = Locality.objects.count() - before
    # Again: the same rows, nothing new.
    again = [resolve_locality(n, province=p, on_date=BEFORE) for n, p, *_ in COUNCIL_LIST]
    assert [x.pk for x in again] == [x.pk for x in made]
    assert Locality.objects.count() - before == created


@pytest.mark.django_db
def test_resolve_creates_the_unit_its_parents_and_its_successors():
    commune = resolve_locality("Xã Hòa An", province="Phú Yên", on_date=BEFORE)
    assert commune.name == "Xã Hòa An" and commune.level == Locality.Level.COMMUNE
    assert commune.parent.name == "Huyện Phú Hòa"
    assert commune.parent.parent.name == "Tỉnh Phú Yên"
    assert commune.parent.parent.successor.code == "2025:66"  # Tỉnh Đắk Lắk since 2025
    # Split between two 2025 units: the package's default and the other one.
    assert commune.successor.name == "Phường Tuy Hòa"
    assert [u.name for u in commune.also_now_in.all()] == ["Xã Phú Hòa 1"]
    assert commune.slug == "xa-hoa-an-phu-hoa"  # other provinces have a Xã Hòa An too
    assert commune.unit_type == "xa" and commune.short_name == "Hòa An"
    assert "hoa an" in commune.search_key and "phu yen" in commune.search_key


@pytest.mark.django_db
def test_resolve_without_create_stores_nothing():
    with pytest.raises(UnitNotStored) as raised:
        resolve_locality("Huyện Mộc Châu", province="Sơn La", create=False)
    assert raised.value.unit.code == "2024:123"
    assert not Locality.objects.exists()


@pytest.mark.parametrize(
    ("name", "kwargs", "code"),
    [
        ("Đắk Lắk", {"on_date": BEFORE}, "2024:66"),
        ("Đắk Lắk", {"on_date": AFTER}, "2025:66"),
        ("Đắk Lắk", {"on_date": datetime.date(2025, 7, 1)}, "2025:66"),
        ("Đắk Lắk", {}, "2025:66"),  # no date: today's unit
        ("dak lak", {"register": OLD}, "2024:66"),
        ("Phú Yên", {}, "2024:54"),  # only before 2025: found all the same
        ("Phù Yên", {"on_date": BEFORE}, "2024:122"),  # Huyện Phù Yên, Sơn La, not Phú Yên
        ("Mù Cang Chải", {"on_date": BEFORE}, "2024:04456"),  # spelled so: the township
        ("Mộc Châu", {"province": "Sơn La", "on_date": AFTER}, "2025:03980"),  # the ward
        ("Mộc Châu", {"province": "Sơn La", "on_date": BEFORE}, "2024:123"),  # not the ward
        ("Xã Tuy An Đông", {"on_date": BEFORE}, "2025:22120"),  # only since 2025
        ("An Ninh Tây", {"district": "Tuy An"}, "2024:22120"),
        ("Tuy An Đông", {"district": "Tuy An"}, "2025:22120"),  # a 2025 commune of the district
        ("Đông Hòa", {"province": "Phú Yên", "on_date": BEFORE}, "2024:564"),
        ("Phường 1", {"district": "TP Tuy Hòa"}, "2024:22015"),
        ("P. 01", {"district": "Tuy Hòa", "province": "Phú Yên"}, "2024:22015"),
        ("Đông Hòa", {"province": "Đắk Lắk", "level": "commune", "register": NEW}, "2025:22258"),
    ],
)
def test_match_unit_preferences(name, kwargs, code):
    assert match_unit(name, **kwargs).code == code


def test_ambiguous_names_list_their_candidates():
    with pytest.raises(AmbiguousUnit) as raised:
        match_unit("Châu Thành", on_date=BEFORE)
    provinces = {load().ancestors(u.code)[-1].short_name for u in raised.value.candidates}
    assert {"Bến Tre", "Tiền Giang", "Long An", "Đồng Tháp"} <= provinces
    assert "Huyện Châu Thành, Tỉnh Bến Tre (2024:831)" in str(raised.value)


@pytest.mark.parametrize(
    "kwargs",
    [{"name": "Huyện Không Có"}, {"name": "Tuy An", "province": "Sơn La"}],
)
def test_unknown_names_raise(kwargs):
    with pytest.raises(UnitNotFound):
        match_unit(**kwargs)


def test_unknown_province_hint_raises():
    with pytest.raises(UnitNotFound, match="Atlantis"):
        match_unit("Tuy An", province="Atlantis")


@pytest.mark.django_db
def test_hand_made_localities_are_found_by_name():
    other = LocalityFactory(name="Khu kinh tế Nam Phú Yên")
    assert resolve_locality("khu kinh te nam phu yen") == other
    with pytest.raises(UnitNotFound):
        resolve_locality("Khu kinh tế Bắc")


@pytest.mark.django_db
def test_existing_rows_are_adopted_not_duplicated():
    """Rows made by hand before the register (the demo's) are linked, not copied."""
    locale = Locale.get_default()
    province = LocalityFactory(
        name="Phú Yên", slug="phu-yen", level="province", abolished_on=datetime.date(2025, 7, 1)
    )
    district = LocalityFactory(name="Huyện Tây Hòa", slug="huyen-tay-hoa", parent=province)
    found = resolve_locality("Tây Hòa", province="Phú Yên", on_date=BEFORE)
    assert found.pk == district.pk
    district.refresh_from_db()
    province.refresh_from_db()
    assert (district.code, province.code) == ("2024:562", "2024:54")
    assert (district.name, district.slug, province.name) == (
        "Huyện Tây Hòa",
        "huyen-tay-hoa",
        "Phú Yên",
    )
    assert (
        Locality.objects.filter(locale=locale, name__contains="Tây Hòa", level="district").count()
        == 1
    )


def test_register_slugs_are_unique_and_keep_the_demo_ones():
    units = load()
    slugs = [register_slug(unit.code) for unit in units]
    assert len(set(slugs)) == len(slugs) == len(units)
    assert all(len(slug) <= 80 for slug in slugs)
    # Every slug of the demo's URLs is its unit's register slug.
    for code, slug in {
        "2024:54": "phu-yen",
        "2025:66": "dak-lak",
        "2024:559": "huyen-tuy-an",
        "2024:564": "thi-xa-dong-hoa",
        "2024:555": "thanh-pho-tuy-hoa",
        "2024:557": "thi-xa-song-cau",
        "2024:558": "huyen-dong-xuan",
        "2024:560": "huyen-son-hoa",
        "2024:561": "huyen-song-hinh",
        "2024:562": "huyen-tay-hoa",
        "2024:563": "huyen-phu-hoa",
    }.items():
        assert register_slug(code) == slug
    # A namesake gets its parent's name, the 2024 twin of a 2025 unit its register.
    assert register_slug("2024:66") == "dak-lak-2024"
    assert register_slug("2024:01") == "ha-noi-2024" and register_slug("2025:01") == "ha-noi"
    assert register_slug("2024:22015") == "phuong-1-tuy-hoa"


@pytest.mark.django_db
def test_home_provinces_are_the_named_one_and_its_successor():
    resolve_locality("Huyện Tuy An", province="Phú Yên")
    resolve_locality("Krông Pắc", province="Đắk Lắk", on_date=BEFORE)
    ids = home_province_ids("Phú Yên")
    names = set(Locality.objects.filter(pk__in=ids).values_list("register", "name"))
    assert names == {(OLD, "Tỉnh Phú Yên"), (NEW, "Tỉnh Đắk Lắk")}
    assert home_province_ids("") == frozenset()
