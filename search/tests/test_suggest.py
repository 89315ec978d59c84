"""The JSON suggestion endpoint behind the header search box."""

import pytest
from wagtail.models import PageViewRestriction

pytestmark = pytest.mark.django_db


def titles(response):
    return [item["title"] for item in response.json()["suggestions"]]


def test_prefix_suggestions(client, catalogue):
    response = client.get("/search/suggest/", {"q": "mat o"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert titles(response) == ["Mật ong hoa cà phê"]
    item = data["suggestions"][0]
    assert item["url"] == "/san-pham-ocop/mat-ong-hoa-ca-phe/"
    assert item["type"] == "Sản phẩm OCOP"
    assert item["title_html"] == "<mark>Mật</mark> <mark>o</mark>ng hoa cà phê"
    assert data["search_url"] == "/search/?q=mat+o"


@pytest.mark.parametrize("query", ["MẬT O", "mật ô", "Mat On"])
def test_suggestions_ignore_case_and_marks(client, catalogue, query):
    assert titles(client.get("/search/suggest/", {"q": query})) == ["Mật ong hoa cà phê"]


def test_one_word_prefix_finds_several_titles(client, catalogue):
    found = titles(client.get("/search/suggest/", {"q": "dô"}))
    assert "Khóm sấy Đồng Din" in found
    assert "HTX Nông nghiệp kinh doanh tổng hợp Đồng Din" in found


@pytest.mark.parametrize("query", ["", "m", " ", "🐟", "\x00", '"'])
def test_too_short_or_empty_gives_no_suggestion(client, catalogue, query):
    response = client.get("/search/suggest/", {"q": query})
    assert response.status_code == 200
    assert response.json()["suggestions"] == []


def test_hidden_pages_are_never_suggested(client, catalogue):
    PageViewRestriction.objects.create(
        page=catalogue["mat_ong"], restriction_type=PageViewRestriction.LOGIN
    )
    catalogue["dau_phong"].unpublish()
    assert titles(client.get("/search/suggest/", {"q": "mat o"})) == []
    assert titles(client.get("/search/suggest/", {"q": "dau p"})) == []


def test_suggestions_are_not_logged(client, catalogue):
    from wagtail.contrib.search_promotions.models import Query

    client.get("/search/suggest/", {"q": "mat o"})
    assert not Query.objects.exists()
