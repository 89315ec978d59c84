"""Open data: the register as CSV and JSON matches the database; the product API filters."""

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from buyers.opendata import REGISTER_FIELDS
from core.testing import TEST_TODAY, response_bytes
from products_catalog import rules
from products_catalog.tests.factories import make_product


@pytest.fixture
def register(shop):
    products = shop["products"]
    expired = make_product(
        products,
        "Nước mắm Gành Đỏ",
        stars=3,
        decisions=[
            {
                "stars": 3,
                "decision_number": "55/QĐ-UBND",
                "decision_date": datetime.date(2019, 3, 1),
            }
        ],
    )
    year_only = make_product(
        products, "Bánh tráng", decisions=[{"stars": 4, "decision_year": 2023}]
    )
    private = make_product(products, "Sản phẩm riêng tư", stars=5)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    return {**shop, "expired": expired, "year_only": year_only, "private": private}


def expected_rows():
    """The register computed straight from the database models."""
    from products_catalog.models import ProductPage

    rows = {}
    for product in ProductPage.objects.live().public():
        latest = product.latest_certification
        decision = latest.decision
        valid_until, approximate = rules.valid_until(decision.decision_date, decision.decision_year)
        rows[product.title] = {
            "producer": product.producer.title if product.producer else "",
            "stars": latest.stars,
            "decision_number": decision.number,
            "valid_until": valid_until.isoformat() if valid_until else None,
            "status": rules.status_for(valid_until, TEST_TODAY),
            "product_url": product.get_full_url(),
        }
    return rows


def test_csv_matches_the_database(client, register):
    response = client.get(reverse("buyers:register_csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = response_bytes(response)  # a stream: read once
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert list(rows[0].keys()) == REGISTER_FIELDS
    got = {row["product"]: row for row in rows}
    expected = expected_rows()
    assert set(got) == set(expected) == {"Mật ong hoa cà phê", "Nước mắm Gành Đỏ", "Bánh tráng"}
    for title, values in expected.items():
        row = got[title]
        assert row["producer"] == values["producer"]
        assert int(row["stars"]) == values["stars"]
        assert row["decision_number"] == values["decision_number"]
        assert (row["valid_until"] or None) == values["valid_until"]
        assert row["status"] == values["status"]
        assert row["product_url"] == values["product_url"]
    assert got["Nước mắm Gành Đỏ"]["status"] == "expired"
    assert got["Bánh tráng"]["valid_until"] == "2026-12-31"
    assert got["Bánh tráng"]["valid_until_approximate"] == "true"
    assert got["Mật ong hoa cà phê"]["producer_type"] == "cooperative"
    assert got["Mật ong hoa cà phê"]["group"] == "Thực phẩm"


def test_json_matches_the_database(client, register):
    response = client.get(reverse("buyers:register_json"))
    assert response.status_code == 200
    content = response_bytes(response).decode()  # a stream: read once
    document = json.loads(content)
    assert document["count"] == 3 and document["fields"] == REGISTER_FIELDS
    expected = expected_rows()
    for record in document["records"]:
        values = expected[record["product"]]
        for key, value in values.items():
            assert record[key] == value, key
    assert "Sản phẩm nháp" not in content  # unpublished
    assert "riêng tư" not in content  # private


def api(client, query=""):
    return client.get(reverse("buyers:api_products") + query)


def test_api_lists_products_with_filters(client, register):
    data = api(client).json()
    assert data["count"] == 3 and data["next"] is None
    titles = {item["product"] for item in data["results"]}
    assert titles == {"Mật ong hoa cà phê", "Nước mắm Gành Đỏ", "Bánh tráng"}
    first = next(i for i in data["results"] if i["product"] == "Mật ong hoa cà phê")
    assert first["id"] == register["product"].pk
    assert first["price_min_vnd"] == 150000
    assert {i["product"] for i in api(client, "?stars=4").json()["results"]} == {
        "Mật ong hoa cà phê",
        "Bánh tráng",
    }
    assert {i["product"] for i in api(client, "?status=expired").json()["results"]} == {
        "Nước mắm Gành Đỏ"
    }
    assert api(client, "?group=thuc-pham-2023").json()["count"] == 1
    assert api(client, "?producer_type=cooperative").json()["count"] == 1


def test_api_pagination(client, register):
    page1 = api(client, "?page_size=2&sort=name").json()
    assert page1["num_pages"] == 2 and len(page1["results"]) == 2
    assert "page=2" in page1["next"] and page1["next"].startswith("http://testserver/api/")
    page2 = client.get(page1["next"]).json()
    assert len(page2["results"]) == 1 and page2["previous"]
    names = [i["product"] for i in page1["results"] + page2["results"]]
    assert names == sorted(names)


@pytest.mark.parametrize(
    "query, status",
    [
        ("?stars=9", 400),
        ("?status=lost", 400),
        ("?group=nope", 400),
        ("?page=abc", 400),
        ("?page=0", 400),
        ("?page_size=0", 400),
        ("?page_size=5000", 400),
        ("?page=99", 404),
    ],
)
def test_api_bad_parameters(client, register, query, status):
    response = api(client, query)
    assert response.status_code == status
    assert "error" in response.json()


def test_csv_cells_cannot_run_as_formulas(client, register):
    product = register["year_only"]
    product.title = '=HYPERLINK("http://evil.example")'
    product.save()
    response = client.get(reverse("buyers:register_csv"))
    rows = list(csv.DictReader(io.StringIO(response_bytes(response).decode("utf-8-sig"))))
    assert "'" + product.title in {row["product"] for row in rows}


def test_every_page_links_the_open_data(client, site_tree):
    html = client.get(site_tree["products"].url).content.decode()
    footer = html.split('class="site-footer"', 1)[1]
    for name in ("buyers:register_csv", "buyers:register_json"):
        assert f'href="{reverse(name)}"' in footer
