"""Search in the active language (issue 13): English stems, translations first, no doubles."""

import re

import pytest

from core.localize import translate
from products_catalog.tests.factories import make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(site_tree):
    translate(site_tree["home"], "en", {"title": "Home", "slug": "home-en"})
    translate(site_tree["products"], "en", {"title": "OCOP products", "slug": "ocop-products"})
    fish_sauce = make_product(site_tree["products"], "Nước mắm Tân Lập")
    other_sauce = make_product(site_tree["products"], "Nước mắm nhĩ Bà Mười")
    salt = make_product(site_tree["products"], "Muối hạt sạch")
    translate(
        fish_sauce,
        "en",
        {"title": "Nước mắm Tân Lập — traditional fish sauce", "slug": "tan-lap-fish-sauce"},
    )
    translate(
        other_sauce,
        "en",
        {"title": "Nước mắm nhĩ Bà Mười — first-press fish sauces", "slug": "ba-muoi-fish-sauce"},
    )
    return {**site_tree, "fish_sauce": fish_sauce, "salt": salt}


def results(response):
    html = response.content.decode()
    return re.findall(r'<li class="search-result[^"]*"([^>]*)>.*?<a href="([^"]+)"', html, re.S)


def test_english_search_finds_the_fish_sauces_stemmed(client, catalogue):
    found = results(client.get("/en/search/", {"q": "fish sauce"}))
    hrefs = [href for _attrs, href in found]
    assert hrefs == [
        "/en/ocop-products/ba-muoi-fish-sauce/",
        "/en/ocop-products/tan-lap-fish-sauce/",
    ] or sorted(hrefs) == sorted(
        ["/en/ocop-products/ba-muoi-fish-sauce/", "/en/ocop-products/tan-lap-fish-sauce/"]
    )
    # "sauces" (plural in the title) is found by "sauce", and the other way round.
    assert len(results(client.get("/en/search/", {"q": "sauces"}))) == 2


def test_untranslated_pages_show_in_vietnamese_once(client, catalogue):
    found = results(client.get("/en/search/", {"q": "muoi hat"}))
    assert found == [(' lang="vi"', "/san-pham-ocop/muoi-hat-sach/")]
    html = client.get("/en/search/", {"q": "muoi hat"}).content.decode()
    assert "Vietnamese only" in html
    # A Vietnamese query in English finds the translation, not the source page as well.
    found = results(client.get("/en/search/", {"q": "nuoc mam tan lap"}))
    assert [href for _attrs, href in found] == ["/en/ocop-products/tan-lap-fish-sauce/"]
    assert 'href="None"' not in html


def test_vietnamese_search_stays_vietnamese(client, catalogue):
    found = results(client.get("/search/", {"q": "nuoc mam"}))
    assert all(href.startswith("/san-pham-ocop/") for _attrs, href in found)
    assert len(found) == 2
