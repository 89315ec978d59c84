"""Catalogue pages read their ordered ids from the shared cache (issue 14) and stay correct."""

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from core.listing import CachedIdList
from products_catalog.models import ProductPage
from products_catalog.tests.factories import make_product

pytestmark = pytest.mark.django_db


def titles(response):
    return [product.title for product in response.context["products"]]


def test_pages_come_from_the_cached_ids_and_follow_content_changes(client, site_tree, settings):
    settings.CATALOGUE_PAGE_SIZE = 2
    index = site_tree["products"]
    for title, stars in (("Mật ong", 5), ("Nước mắm", 4), ("Bánh tráng", 3)):
        make_product(index, title, stars=stars)
    first = client.get(index.url)
    assert isinstance(first.context["paginator"].object_list, CachedIdList)
    assert titles(first) == ["Mật ong", "Nước mắm"]
    assert first.context["result_count"] == 3
    with CaptureQueriesContext(connection) as queries:
        second = client.get(index.url + "?page=2")
    assert titles(second) == ["Bánh tráng"]
    assert not any("COUNT(" in query["sql"] for query in queries.captured_queries)
    # A new product (its publish bumps the content generation) is listed at once, in order.
    make_product(index, "Cà phê", stars=5)
    again = client.get(index.url)
    assert titles(again) == ["Cà phê", "Mật ong"]
    assert again.context["result_count"] == 4
    ProductPage.objects.get(title="Cà phê").unpublish()
    assert titles(client.get(index.url)) == ["Mật ong", "Nước mắm"]


def test_a_row_gone_since_the_ids_were_cached_is_skipped(site_tree):
    index = site_tree["products"]
    kept = make_product(index, "Mật ong", stars=4)
    listed = CachedIdList(ProductPage.objects.for_cards(), [kept.pk, 10**9])
    assert listed.count() == 2
    assert [product.pk for product in listed[0:2]] == [kept.pk]


def test_cached_ids_are_keyed_on_the_applied_filters_not_the_query_string(client, site_tree):
    index = site_tree["products"]
    for title, stars in (("Mật ong", 5), ("Nước mắm", 4), ("Bánh tráng", 3)):
        make_product(index, title, stars=stars)
    keys = {
        query: index.listing_cache_key(
            index.filterset_class(QueryDict(query), queryset=index.listing_queryset(None))
        )
        for query in ("stars=4", "stars=4&utm_source=a", "stars=4&tag=khong-co", "stars=5", "")
    }
    assert keys["stars=4"] == keys["stars=4&utm_source=a"] == keys["stars=4&tag=khong-co"]
    assert len({keys["stars=4"], keys["stars=5"], keys[""]}) == 3
    assert titles(client.get(index.url + "?stars=4&utm_source=a")) == ["Nước mắm"]
    assert titles(client.get(index.url + "?stars=5")) == ["Mật ong"]
    assert titles(client.get(index.url + "?stars=4&stars=3&sort=name")) == [
        "Bánh tráng",
        "Nước mắm",
    ]
