"""Product-group families: one "Thực phẩm" for visitors across both criteria versions."""

import pytest

from products_catalog.tests.factories import ProducerPageFactory, group, make_product
from taxonomy.groups import families, group_choice
from taxonomy.models import ProductGroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed(site_tree):
    """Food certified under both criteria versions (as in the demo), drinks, handicrafts."""
    products, producers = site_tree["products"], site_tree["producers"]
    producer = ProducerPageFactory(parent=producers, title="HTX Hòa An")
    spices = ProductGroup.objects.get(slug__startswith="gia-vi-2023")
    made = [
        make_product(products, "Nước mắm 2020", group=group("thuc-pham-2019"), producer=producer),
        make_product(products, "Bánh tráng 2021", stars=4, group=group("thuc-pham-2019")),
        make_product(products, "Muối ớt 2024", group=group("thuc-pham-2023"), subgroup=spices),
        make_product(products, "Rượu 2019", group=group("do-uong-2019")),
        make_product(products, "Rượu 2024", group=group("do-uong-2023")),
        make_product(products, "Thổ cẩm 2020", group=group("vai-va-may-mac-2019")),
        make_product(products, "Mây tre 2021", group=group("luu-niem-noi-that-trang-tri-2019")),
        make_product(products, "Nón lá 2024", group=group("thu-cong-my-nghe-2023")),
        make_product(products, "Lan rừng 2024", group=group("sinh-vat-canh-2023")),
    ]
    return {"products": products, "producers": producers, "made": made, "spices": spices}


def listed(client, mixed, query=""):
    response = client.get(mixed["products"].url + query)
    assert response.status_code == 200
    return {p.title for p in response.context["products"]}, response


def test_families_are_seeded_for_both_versions():
    by_family = {f.slug: {g.slug for g in f.groups} for f in families()}
    assert by_family == {
        "thuc-pham": {"thuc-pham-2019", "thuc-pham-2023"},
        "do-uong": {"do-uong-2019", "do-uong-2023"},
        "duoc-lieu": {"thao-duoc-2019", "duoc-lieu-va-san-pham-tu-duoc-lieu-2023"},
        "thu-cong-my-nghe": {
            "vai-va-may-mac-2019",
            "luu-niem-noi-that-trang-tri-2019",
            "thu-cong-my-nghe-2023",
        },
        "sinh-vat-canh": {"sinh-vat-canh-2023"},
        "du-lich": {
            "dich-vu-du-lich-nong-thon-ban-hang-2019",
            "dich-vu-du-lich-cong-dong-du-lich-sinh-thai-va-diem-du-lich-2023",
        },
    }
    # Named after the newest version's group, in its order.
    assert [f.name for f in families()][:4] == [
        "Thực phẩm",
        "Đồ uống",
        "Dược liệu và sản phẩm từ dược liệu",
        "Thủ công mỹ nghệ",
    ]


def test_food_family_lists_both_versions(client, mixed):
    titles, response = listed(client, mixed, "?group=thuc-pham")
    assert titles == {"Nước mắm 2020", "Bánh tráng 2021", "Muối ớt 2024"}
    assert not response.context["invalid_params"]
    titles, _ = listed(client, mixed, "?group=thu-cong-my-nghe&stars=3")
    assert titles == {"Thổ cẩm 2020", "Mây tre 2021", "Nón lá 2024"}


def test_facet_lists_families_with_counts_over_versions(client, mixed):
    _titles, response = listed(client, mixed)
    facet = next(f for f in response.context["facets"] if f["name"] == "group")
    options = [(o["value"], o["label"], o["count"]) for o in facet["options"]]
    # Vietnamese A–Z like every option list: "Đ" after "D", "Thủ" (u) before "Thực" (ư).
    assert options == [
        ("do-uong", "Đồ uống", 2),
        ("sinh-vat-canh", "Sinh vật cảnh", 1),
        ("thu-cong-my-nghe", "Thủ công mỹ nghệ", 3),
        ("thuc-pham", "Thực phẩm", 3),
    ]
    _titles, response = listed(client, mixed, "?group=thuc-pham&stars=4")
    facet = next(f for f in response.context["facets"] if f["name"] == "group")
    assert {o["value"]: o["checked"] for o in facet["options"]}["thuc-pham"] is True
    html = response.content.decode()
    assert '<option value="thuc-pham" selected>Thực phẩm (1)</option>' in html


@pytest.mark.parametrize(
    ("query", "target"),
    [
        ("?group=thuc-pham-2023", "?group=thuc-pham"),
        ("?group=thuc-pham-2019&stars=4&sort=name", "?group=thuc-pham&stars=4&sort=name"),
        ("?stars=3&group=vai-va-may-mac-2019&page=2", "?stars=3&group=thu-cong-my-nghe&page=2"),
        ("?group=dich-vu-du-lich-nong-thon-ban-hang-2019", "?group=du-lich"),
    ],
)
def test_a_version_group_redirects_to_its_family(client, mixed, query, target):
    for index in (mixed["products"], mixed["producers"]):
        response = client.get(index.url + query)
        assert response.status_code == 301
        assert response["Location"] == index.url + target


def test_subgroups_and_unknown_values_do_not_redirect(client, mixed):
    spices = mixed["spices"].slug
    titles, _ = listed(client, mixed, f"?group={spices}")
    assert titles == {"Muối ớt 2024"}
    # A 2023-only group's slug names its family already.
    assert client.get(mixed["products"].url + "?group=sinh-vat-canh").status_code == 200
    titles, response = listed(client, mixed, "?group=no-such-group")
    assert set(response.context["invalid_params"]) == {"group"}
    assert len(titles) == len(mixed["made"])
    titles, response = listed(client, mixed, "?group=%00")
    assert set(response.context["invalid_params"]) == {"group"}


def test_api_keeps_the_exact_version_of_old_slugs(client, mixed):
    response = client.get("/api/v1/products/?group=thuc-pham-2019")
    assert response.status_code == 200
    assert response.json()["count"] == 2
    assert client.get("/api/v1/products/?group=thuc-pham").json()["count"] == 3


def test_producer_directory_offers_families(client, mixed):
    response = client.get(mixed["producers"].url + "?group=thuc-pham")
    assert response.status_code == 200
    assert [p.title for p in response.context["producers"]] == ["HTX Hòa An"]
    assert response.context["options"]["group"] == [("thuc-pham", "Thực phẩm")]


def test_product_page_shows_the_exact_version_and_subgroup(client, mixed):
    product = mixed["made"][2]
    html = client.get(product.url).content.decode()
    assert "Thực phẩm › Gia vị" in html
    assert "148/QĐ-TTg (2023)" in html
    old = client.get(mixed["made"][0].url).content.decode()
    assert "1048/QĐ-TTg (2019)" in old


def test_group_choice_kinds():
    assert group_choice("thuc-pham").family == "thuc-pham"
    old = group_choice("thuc-pham-2019")
    assert (old.family, old.group.slug, old.legacy_family) == ("", "thuc-pham-2019", "thuc-pham")
    assert group_choice("sinh-vat-canh").family == "sinh-vat-canh"
    assert group_choice("x y") is None and group_choice("") is None


def test_new_top_level_group_is_its_own_family(site_tree):
    new = ProductGroup.objects.create(
        name="Nhóm mới", criteria_version="148-2023", locale=site_tree["home"].locale
    )
    assert new.family == new.slug == "nhom-moi"
    sub = ProductGroup.objects.create(
        name="Nhánh", criteria_version="148-2023", parent=new, locale=new.locale, family="x"
    )
    assert sub.family == ""
