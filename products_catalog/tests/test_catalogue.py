"""Catalogue filters, facet counts, bad input and ordering."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta

from core.testing import TEST_TODAY as TODAY
from core.testing import days_ago
from core.text import slugify_vi
from products_catalog.models import ProducerType
from products_catalog.tests.factories import (
    LocalityFactory,
    ProducerPageFactory,
    group,
    make_product,
)

pytestmark = pytest.mark.dated
# Each product's certificate year and status hold whatever the test clock's date:
# "khom" today (year Y), "mam" 800 days ago (year Y-2 or Y-3, 295 days left),
# "expiring" 30 days left (Y-2 or Y-3), "ruou" expired 10 days ago (Y-3 or Y-4),
# "no_producer" year Y-1 only (valid until 31/12 of Y+2).
LAST_YEAR = TODAY.year - 1


@pytest.fixture
def catalogue(site_tree):
    """Six products that differ in every filtered attribute."""
    products = site_tree["products"]
    producers = site_tree["producers"]
    province = LocalityFactory(name="Tỉnh Cũ", level="province")
    new_province = LocalityFactory(name="Tỉnh Mới", level="province")
    province.successor = new_province
    province.abolished_on = datetime.date(2025, 7, 1)
    province.save()
    east = LocalityFactory(name="Huyện Đông", parent=province, successor=new_province)
    west = LocalityFactory(name="Huyện Tây", parent=province, successor=new_province)
    other = LocalityFactory(name="Huyện Khác")
    htx = ProducerPageFactory(
        parent=producers, title="HTX Đồng Din", producer_type=ProducerType.COOPERATIVE
    )
    home = ProducerPageFactory(
        parent=producers, title="Hộ Bà Mười", producer_type=ProducerType.HOUSEHOLD
    )
    food, drink = group("thuc-pham-2023"), group("do-uong-2023")
    made = {
        "khom": make_product(
            products,
            "Khóm Đồng Din",
            stars=4,
            producer=htx,
            group=food,
            locality=east,
            tags=["Đặc sản"],
            decision_date=TODAY,
        ),
        "ruou": make_product(
            products,
            "Rượu khóm",
            stars=3,
            producer=htx,
            group=drink,
            locality=east,
            decision_date=TODAY - relativedelta(months=36, days=10),
        ),
        "mam": make_product(
            products,
            "Nước mắm Bà Mười",
            stars=5,
            producer=home,
            group=food,
            locality=west,
            decisions=[{"stars": 5, "decision_date": days_ago(800), "level": "central"}],
        ),
        "expiring": make_product(
            products,
            "Muối hạt",
            stars=3,
            producer=home,
            group=food,
            locality=west,
            decision_date=TODAY + datetime.timedelta(days=30) - relativedelta(months=36),
        ),
        "no_producer": make_product(
            products, "Cam sành", stars=3, group=food, locality=other, decision_year=LAST_YEAR
        ),
        "draft": make_product(products, "Bản nháp", stars=4, live=False),
    }
    return {"products": products, "made": made, "east": east, "new_province": new_province}


def titles(response):
    return {p.title for p in response.context["products"]}


def get(client, catalogue, **params):
    return client.get(catalogue["products"].url, params)


@pytest.mark.django_db
def test_default_lists_live_products_valid_first_expired_marked(client, catalogue):
    response = get(client, catalogue)
    assert response.status_code == 200
    listed = [p.title for p in response.context["products"]]
    assert set(listed) == {"Khóm Đồng Din", "Rượu khóm", "Nước mắm Bà Mười", "Muối hạt", "Cam sành"}
    assert listed[-1] == "Rượu khóm"  # the expired one last
    html = response.content.decode()
    assert "is-expired" in html and "status-expired" in html
    assert "Bản nháp" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params,expected",
    [
        ({"stars": "4"}, {"Khóm Đồng Din"}),
        ({"stars": ["3", "5"]}, {"Rượu khóm", "Nước mắm Bà Mười", "Muối hạt", "Cam sành"}),
        ({"group": "do-uong"}, {"Rượu khóm"}),
        ({"producer_type": "household"}, {"Nước mắm Bà Mười", "Muối hạt"}),
        ({"producer_type": "cooperative"}, {"Khóm Đồng Din", "Rượu khóm"}),
        ({"status": "expired"}, {"Rượu khóm"}),
        ({"status": "expiring"}, {"Muối hạt"}),
        ({"status": "valid"}, {"Khóm Đồng Din", "Nước mắm Bà Mười", "Cam sành"}),
        ({"year": str(LAST_YEAR)}, {"Cam sành"}),
        ({"tag": "dac-san"}, {"Khóm Đồng Din"}),
        ({"stars": "3", "producer_type": "household"}, {"Muối hạt"}),
    ],
)
def test_each_filter_returns_exactly_the_right_products(client, catalogue, params, expected):
    response = get(client, catalogue, **params)
    assert response.status_code == 200
    assert titles(response) == expected
    assert not response.context["invalid_params"]


@pytest.mark.django_db
def test_locality_filter_by_district_and_by_current_unit(client, catalogue):
    east = catalogue["east"].slug
    assert titles(get(client, catalogue, locality=east)) == {"Khóm Đồng Din", "Rượu khóm"}
    # The new province holds both abolished districts of the old one.
    current = catalogue["new_province"].slug
    assert titles(get(client, catalogue, locality=current)) == {
        "Khóm Đồng Din",
        "Rượu khóm",
        "Nước mắm Bà Mười",
        "Muối hạt",
    }


@pytest.mark.django_db
def test_facet_counts_follow_other_filters(client, catalogue):
    response = get(client, catalogue, producer_type="household")
    facets = {
        f["name"]: {o["value"]: o["count"] for o in f["options"]}
        for f in response.context["facets"]
    }
    assert facets["stars"] == {"5": 1, "4": 0, "3": 1}
    # The facet's own filter is not applied to its counts.
    assert facets["producer_type"]["cooperative"] == 2
    assert facets["producer_type"]["household"] == 2
    assert "(2)" in response.content.decode()


def test_a_chosen_value_stays_offered_when_the_other_filters_leave_it_nothing(client, catalogue):
    """No 5★ drinks, nothing 5★ tagged "Đặc sản", nothing 5★ in Huyện Đông: each chosen value
    stays checked (count 0) and keeps its chip, or "Apply" would silently clear it."""
    response = get(
        client, catalogue, group="do-uong", stars="5", tag="dac-san", locality="huyen-dong"
    )
    assert not list(response.context["products"])
    checked = {
        f["name"]: [(o["value"], o["count"]) for o in f["options"] if o["checked"]]
        for f in response.context["facets"]
    }
    assert checked["group"] == [("do-uong", 0)]
    assert checked["tag"] == [("dac-san", 0)]
    assert checked["locality"] == [("huyen-dong", 0)]
    chips = {chip["value"] for chip in response.context["filter_chips"]}
    assert {"5★", "Đồ uống", "Đặc sản", "Huyện Đông"} <= chips


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"stars": "9"},
        {"stars": "abc"},
        {"group": "no-such-group"},
        {"locality": "nowhere"},
        {"producer_type": "alien"},
        {"year": "abc"},
        {"year": "1800"},
        {"status": "eternal"},
        {"tag": "'; DROP TABLE x; --"},
        {"sort": "random"},
        {"page": "abc"},
        {"page": "0"},
        {"page": "-1"},
        {"page": "999999"},
        {"stars": "4\x00"},
    ],
)
def test_bad_parameters_never_fail(client, catalogue, params):
    response = get(client, catalogue, **params)
    assert response.status_code == 200
    assert len(titles(response)) >= 1
    bad = set(params) - {"page"}
    assert set(response.context["invalid_params"]) == bad
    if bad:
        assert "không hợp lệ nên đã được bỏ qua" in response.content.decode()


def ignored_box(response):
    """The text of the "values ignored" box of a listing page."""
    return response.content.decode().split('class="form-errors"')[1].split("</div>")[0]


@pytest.mark.django_db
def test_ignored_values_are_named_by_their_label(client, catalogue):
    """Visitors see each ignored filter by its Vietnamese label, not the raw parameter name."""
    box = ignored_box(get(client, catalogue, stars="9", group="no-such-group", sort="random"))
    for label in ("Hạng sao", "Nhóm sản phẩm", "Sắp xếp theo"):
        assert f"<strong>{label}</strong>" in box
    for name in ("stars", "group", "sort", "<code>"):
        assert name not in box
    assert "random" in box  # Django's reason names the rejected value


@pytest.mark.django_db
def test_a_bad_value_beside_good_ones_is_dropped_alone(client, catalogue):
    response = client.get(catalogue["products"].url, {"stars": ["4", "9"]})
    only_four = get(client, catalogue, stars="4")
    assert titles(response) == titles(only_four)
    count = response.context["result_count"]
    assert (
        count == only_four.context["result_count"] < get(client, catalogue).context["result_count"]
    )
    assert "9" in ignored_box(response) and "<strong>Hạng sao</strong>" in ignored_box(response)
    stars = next(f for f in response.context["facets"] if f["name"] == "stars")
    assert [o["value"] for o in stars["options"] if o["checked"]] == ["4"]
    assert response.context["querystring"] == "stars=4"  # "Next" keeps 4★, not the 9


@pytest.mark.django_db
def test_pagination_bounds(client, catalogue, settings):
    settings.CATALOGUE_PAGE_SIZE = 2
    assert get(client, catalogue, page="abc").context["products"].number == 1
    assert get(client, catalogue, page="-1").context["products"].number == 1
    assert get(client, catalogue, page="999999").context["products"].number == 3
    second = get(client, catalogue, page="2", stars="3")
    assert second.context["products"].number == 2
    assert "stars=3" in second.context["querystring"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sort,first",
    [("stars", "Nước mắm Bà Mười"), ("name", "Cam sành"), ("newest", "Khóm Đồng Din")],
)
def test_sort(client, catalogue, sort, first):
    listed = [p.title for p in get(client, catalogue, sort=sort).context["products"]]
    assert listed[0] == first


@pytest.mark.django_db
def test_slug_of_product_made_in_code(catalogue):
    assert catalogue["made"]["khom"].slug == slugify_vi("Khóm Đồng Din") == "khom-dong-din"


@pytest.mark.django_db
def test_pagination_links_keep_filters(client, catalogue, settings):
    settings.CATALOGUE_PAGE_SIZE = 2
    html = get(client, catalogue, stars="3").content.decode()
    assert 'href="?stars=3&amp;page=2"' in html
    second = client.get(catalogue["products"].url + "?stars=3&page=2")
    assert second.context["products"].number == 2
    assert 'href="?stars=3&amp;page=1"' in second.content.decode()
    # Ignored values and empty fields are not carried on: the link says what was applied.
    html = client.get(
        catalogue["products"].url, {"stars": "3", "group": "khong-co", "locality": ""}
    ).content.decode()
    assert '<a rel="next" href="?stars=3&amp;page=2">' in html


@pytest.mark.django_db
def test_two_star_rating_is_not_listed(client, catalogue):
    make_product(catalogue["products"], "Hai sao", stars=2)
    response = get(client, catalogue)
    assert "Hai sao" not in titles(response)
    assert response.context["result_count"] == 5


@pytest.mark.django_db
def test_locality_facet_offers_provinces_with_family_counts(client, catalogue):
    response = get(client, catalogue)
    facet = next(f for f in response.context["facets"] if f["name"] == "locality")
    counts = {o["label"]: o["count"] for o in facet["options"]}
    assert counts["Tỉnh Mới"] == 4 and counts["Tỉnh Cũ"] == 4
    assert counts["Huyện Đông"] == 2 and counts["Huyện Khác"] == 1


@pytest.mark.django_db
def test_status_unknown_and_name_order(client, catalogue):
    make_product(catalogue["products"], "Ấn phẩm", decisions=[{"stars": 3}])
    assert titles(get(client, catalogue, status="unknown")) == {"Ấn phẩm"}
    listed = [p.title for p in get(client, catalogue, sort="name").context["products"]]
    # Folded order: "Ấn" with the a's, "Cam" after nothing starting "Ca ".
    assert listed[:2] == ["Ấn phẩm", "Cam sành"]


@pytest.mark.django_db
def test_potential_five_stars_is_filterable_and_marked(client, catalogue):
    """A provincial 4★ scored 92 is "4★ · potential 5★" until the central council decides."""
    product = make_product(
        catalogue["products"],
        "Yến sào tiềm năng",
        decisions=[{"stars": 4, "score": 92, "level": "provincial", "decision_date": TODAY}],
    )
    response = get(client, catalogue, potential="1")
    assert titles(response) == {"Yến sào tiềm năng"}
    facet = next(f for f in response.context["facets"] if f["name"] == "potential")
    assert facet["options"][0]["count"] == 1
    html = response.content.decode()
    assert "tiềm năng 5 sao" in html  # the marker on the card
    assert titles(get(client, catalogue, stars="4")) >= {"Yến sào tiềm năng", "Khóm Đồng Din"}
    profile = client.get(product.url).content.decode()
    # The score stated from rules.POTENTIAL_FIVE_MIN_SCORE, not written into the sentence.
    assert "Đạt từ 90 điểm trở lên tại hội đồng cấp tỉnh" in profile


@pytest.mark.django_db
def test_unpublished_star_level_is_marked_on_cards(client, catalogue):
    make_product(
        catalogue["products"],
        "Muối chưa rõ hạng",
        decisions=[{"stars": 3, "stars_published": False, "decision_date": TODAY}],
    )
    html = get(client, catalogue, sort="name").content.decode()
    card = html.split("Muối chưa rõ hạng")[1].split("</li>")[0]
    assert "chưa công bố hạng" in card
