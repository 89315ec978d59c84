"""Page-type rules, admin creation and what visitors see on each page."""

import datetime

import pytest
from wagtail.models import PageViewRestriction
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from core.testing import TEST_TODAY
from home.models import FeaturedProduct, HomePage, StandardPage
from products_catalog.models import (
    ProducerIndexPage,
    ProducerPage,
    ProductIndexPage,
    ProductPage,
)
from products_catalog.tests.factories import (
    LocalityFactory,
    ProducerPageFactory,
    build_site_tree,
    group,
    make_product,
)


class PageRulesTests(WagtailPageTestCase):
    def test_parent_child_rules(self):
        self.assertAllowedSubpageTypes(ProductPage, {})
        self.assertAllowedSubpageTypes(ProductIndexPage, {ProductPage})
        self.assertAllowedSubpageTypes(ProducerIndexPage, {ProducerPage})
        self.assertAllowedParentPageTypes(ProductPage, {ProductIndexPage})
        self.assertAllowedParentPageTypes(ProducerPage, {ProducerIndexPage})
        self.assertCanCreateAt(HomePage, ProductIndexPage)
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanNotCreateAt(HomePage, ProductPage)

    DECISION_ADD = "/admin/snippets/products_catalog/certificationdecision/add/"

    def decision_data(self, product, **line):
        return nested_form_data(
            {
                "number": "123/QĐ-UBND",
                "decision_date": "2024-05-02",
                "issuing_body": "UBND tỉnh",
                "level": "provincial",
                "criteria_version": "148-2023",
                "lines": inline_formset(
                    [
                        {
                            "product": product.pk,
                            "stars": "4",
                            "stars_published": "on",
                            "score": "75",
                            "kind": "new",
                            **line,
                        }
                    ]
                ),
            }
        )

    def test_admin_creates_product_with_decisions(self):
        tree = build_site_tree()
        self.login()
        producer = ProducerPageFactory(parent=tree["producers"], title="HTX Hòa Phong")
        locality = LocalityFactory(name="Huyện Tây Hòa")
        food = group("thuc-pham-2023")
        data = nested_form_data(
            {
                "title": "Rượu tằm Hòa Phong",
                "slug": "ruou-tam-hoa-phong",
                "producer": producer.pk,
                "group": food.pk,
                "locality": locality.pk,
                "summary": "Rượu ngâm tằm truyền thống.",
                "body": streamfield([("paragraph", rich_text("<p>Ủ 12 tháng.</p>"))]),
                "price_min_vnd": "150000",
                "price_max_vnd": "250000",
                "gallery_images": inline_formset([]),
                "sales_channels": inline_formset([]),
                "tags": "Rượu, đặc sản",
            }
        )
        self.assertCanCreate(tree["products"], ProductPage, data)
        product = ProductPage.objects.get(slug="ruou-tam-hoa-phong")
        # Decisions are documents: the product is then recorded in one.
        response = self.client.post(self.DECISION_ADD, self.decision_data(product))
        assert response.status_code == 302
        line = product.decision_lines.get()
        assert line.decision.valid_until == (datetime.date(2027, 5, 2), False)
        product.refresh_from_db()
        assert product.certification.valid_until == datetime.date(2027, 5, 2)
        assert {t.name for t in product.tags.all()} == {"Rượu", "đặc sản"}

    def test_admin_rejects_score_outside_band(self):
        tree = build_site_tree()
        self.login()
        product = make_product(tree["products"], "Sai điểm", decisions=[])
        data = self.decision_data(product, score="65")  # 4★ needs 70–89
        response = self.client.post(self.DECISION_ADD, data)
        assert response.status_code == 200
        assert not product.decision_lines.exists()
        assert "123/QĐ-UBND" in response.content.decode()  # what was typed is kept


@pytest.mark.django_db
def test_product_profile_shows_facts_history_producer_and_related(client, site_tree):
    producer = ProducerPageFactory(
        parent=site_tree["producers"],
        title="HTX Nông nghiệp Đồng Din",
        publish_contact=True,
        phone="0257 3 123 456",
    )
    province = LocalityFactory(name="Đắk Lắk", level="province")
    district = LocalityFactory(name="Huyện Phú Hòa", successor=province)
    food = group("thuc-pham-2023")
    product = make_product(
        site_tree["products"],
        "Khóm sấy Đồng Din",
        producer=producer,
        group=food,
        locality=district,
        price_min_vnd=45000,
        price_max_vnd=60000,
        price_unit="gói 200 g",
        shelf_life_months=12,
        decisions=[
            {"stars": 3, "decision_date": datetime.date(2020, 3, 10), "decision_number": "1/QĐ"},
            {"stars": 4, "decision_date": datetime.date(2024, 3, 10), "decision_number": "9/QĐ"},
        ],
        tags=["Đặc sản"],
    )
    make_product(site_tree["products"], "Bánh khóm", group=food)
    response = client.get(product.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Khóm sấy Đồng Din" in html
    assert "45.000 ₫ – 60.000 ₫ / gói 200 g" in html
    assert "10/03/2027" in html and "10/03/2023" in html  # both decisions, d/m/Y
    assert html.index("9/QĐ") < html.index("1/QĐ")  # newest first
    assert "HTX Nông nghiệp Đồng Din" in html and "0257 3 123 456" in html
    assert "Đắk Lắk" in html  # the current unit beside the one at certification
    assert "Bánh khóm" in html  # related product of the same group
    assert "?tag=dac-san" in html


@pytest.mark.django_db
def test_contact_hidden_without_consent(client, site_tree):
    producer = ProducerPageFactory(
        parent=site_tree["producers"], phone="0905 000 111", publish_contact=False
    )
    product = make_product(site_tree["products"], producer=producer)
    assert "0905 000 111" not in client.get(product.url).content.decode()
    assert "0905 000 111" not in client.get(producer.url).content.decode()


@pytest.mark.django_db
def test_unpublished_star_level_is_noted(client, site_tree):
    product = make_product(
        site_tree["products"],
        decisions=[{"stars": 3, "decision_year": 2022, "stars_published": False}],
    )
    html = client.get(product.url).content.decode()
    assert "Chưa công bố hạng sao cụ thể" in html
    assert "31/12/2025" in html  # approximate end of validity


@pytest.mark.dated
@pytest.mark.parametrize(
    ("decision", "note"),
    [
        ({"decision_year": None, "decision_date": None}, "Chưa rõ hiệu lực của giấy chứng nhận"),
        ({"decision_date": datetime.date(2019, 3, 1)}, "Sản phẩm hết hạn hoặc bị thu hồi"),
        ({"decision_date": TEST_TODAY - datetime.timedelta(days=365)}, None),  # in force
    ],
)
def test_a_product_not_in_force_says_why_it_may_not_carry_the_mark(
    client, site_tree, decision, note
):
    product = make_product(site_tree["products"], decisions=[{"stars": 4, **decision}])
    html = client.get(product.url).content.decode()
    notes = [text for text in MARK_NOTES if text in html]
    assert notes == ([note] if note else [])


MARK_NOTES = ("Chưa rõ hiệu lực của giấy chứng nhận", "Sản phẩm hết hạn hoặc bị thu hồi")


@pytest.mark.django_db
def test_home_counts_and_featured_fallback(client, site_tree):
    products = site_tree["products"]
    make_product(products, "Cà phê bốn sao", stars=4)
    make_product(products, "Nước mắm ba sao", stars=3)
    make_product(products, "Nước mắm ba sao nữa", stars=3)
    make_product(products, "Hết hạn bốn sao", stars=4, decision_date=datetime.date(2019, 1, 1))
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["star_counts"] == [(5, 0), (4, 2), (3, 2)]
    featured = [p.title for p in response.context["featured"]]
    # The 4★ with a current certificate first, topped up with current 3★ ones.
    assert featured == ["Cà phê bốn sao", "Nước mắm ba sao", "Nước mắm ba sao nữa"]


@pytest.mark.django_db
def test_home_featured_editor_choice_wins(client, site_tree):
    chosen = make_product(site_tree["products"], "Chọn bởi biên tập", stars=3)
    make_product(site_tree["products"], "Bốn sao", stars=4)
    home = site_tree["home"]
    FeaturedProduct.objects.create(page=home, product=chosen)
    assert [p.title for p in client.get("/").context["featured"]] == ["Chọn bởi biên tập"]


@pytest.mark.django_db
def test_private_products_are_not_listed(client, site_tree):
    secret = make_product(site_tree["products"], "Bí mật")
    make_product(site_tree["products"], "Công khai")
    PageViewRestriction.objects.create(page=secret, restriction_type="login")
    listed = {p.title for p in client.get(site_tree["products"].url).context["products"]}
    assert listed == {"Công khai"}


@pytest.mark.django_db
def test_admin_flat_product_listing_filters(admin_client, site_tree):
    make_product(site_tree["products"], "Nước mắm Tân Lập", group=group("thuc-pham-2023"))
    wine = make_product(site_tree["products"], "Rượu tằm", group=group("do-uong-2023"))
    response = admin_client.get("/admin/ocop_products/", {"group": group("do-uong-2023").pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Rượu tằm" in html and "Nước mắm Tân Lập" not in html
    # Each row opens its page for editing (a plain-text title was a dead end) and shows
    # Wagtail's status, not the raw value of ``live``.
    assert f'href="/admin/pages/{wine.pk}/edit/"' in html
    assert ">True<" not in html
    producer = ProducerPageFactory(
        parent=site_tree["producers"], title="HTX Hòa Phong", producer_type="cooperative"
    )
    producers = admin_client.get("/admin/ocop_producers/").content.decode()
    assert f'href="/admin/pages/{producer.pk}/edit/"' in producers
    # The producer's type, named once, filters the products.
    make_product(site_tree["products"], "Muối Hòa Phong", producer=producer)
    response = admin_client.get("/admin/ocop_products/", {"producer_type": "cooperative"})
    html = response.content.decode()
    assert "Muối Hòa Phong" in html and "Rượu tằm" not in html
    assert "Loại hình chủ thể" in html and "Chủ thể loại hình chủ thể" not in html
    assert 'name="locale"' in html  # Wagtail's language filter is kept
