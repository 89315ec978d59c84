"""Cached search outcomes (issue 14): repeated queries are cheap, and never stale."""

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from modelsearch.tasks import insert_or_update_object_task
from wagtail.search.models import IndexEntry

from core import fastpath
from core.models import Tag
from products_catalog.filters import ProductFilter
from products_catalog.models import ProductPage
from search.tests.test_search_view import result_titles

pytestmark = pytest.mark.django_db


def queries(client, params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/search/", params)
    return response, len(captured)


def test_a_repeated_query_is_answered_from_the_cache(client, catalogue):
    first, cost = queries(client, {"q": "nuoc mam"})
    again, repeat_cost = queries(client, {"q": "NƯỚC MẮM"})  # same folded terms
    assert result_titles(again) == result_titles(first) and result_titles(first)
    assert repeat_cost < cost - 3
    # The page shows this request's own query text, not the cached one's.
    assert 'value="NƯỚC MẮM"' in again.content.decode()


def test_filters_and_pages_are_separate_entries(client, catalogue):
    everything = result_titles(client.get("/search/", {"q": "dong din"}))
    products = result_titles(client.get("/search/", {"q": "dong din", "type": "product"}))
    assert sorted(products) == ["Khóm sấy Đồng Din", "Măng sấy"]
    assert len(everything) > len(products)


def test_a_publish_shows_at_once(client, catalogue):
    assert "Khóm sấy Đồng Din" in result_titles(client.get("/search/", {"q": "khom say"}))
    product = ProductPage.objects.get(title="Khóm sấy Đồng Din")
    product.title = "Khóm sấy dẻo Đồng Din"
    product.save_revision().publish()
    titles = result_titles(client.get("/search/", {"q": "khom say"}))
    assert "Khóm sấy dẻo Đồng Din" in titles and "Khóm sấy Đồng Din" not in titles


def test_an_index_task_finishing_makes_cached_outcomes_stale(client, catalogue):
    product = ProductPage.objects.get(title="Khóm sấy Đồng Din")
    IndexEntry.objects.filter(object_id=str(product.pk)).delete()  # as if not indexed yet
    assert "Khóm sấy Đồng Din" not in result_titles(client.get("/search/", {"q": "khom say"}))
    before = fastpath.generation()
    insert_or_update_object_task.enqueue("products_catalog", "productpage", product.pk)
    assert fastpath.generation() == before  # pages do not show the index: their caches stay
    assert "Khóm sấy Đồng Din" in result_titles(client.get("/search/", {"q": "khom say"}))


@pytest.mark.parametrize("apart", [False, True], ids=["tags in the pass", "tags apart"])
@pytest.mark.parametrize(
    "query", ["", "stars=4", "stars=4&stars=5&producer_type=htx", "tag=x", "tag=dac-san"]
)
def test_facets_counted_in_one_pass_equal_one_group_by_per_facet(catalogue, query, apart):
    # A product with two tags has two rows in the tag join: counted once per tag.
    speciality, gift = Tag.objects.create(name="Đặc sản"), Tag.objects.create(name="Quà tặng")
    for product, tags in ((catalogue["nuoc_mam"], [speciality, gift]), (catalogue["khom"], [gift])):
        product.tags.add(*tags)
        product.save()
    queryset = ProductPage.objects.for_cards()
    separately = ProductFilter(QueryDict(query), queryset=queryset)
    separately.facets_in_one_pass = False
    with CaptureQueriesContext(connection) as separate:
        per_facet = separately.facet_counts()
    one_pass = ProductFilter(QueryDict(query), queryset=queryset)
    one_pass.multi_valued_apart = apart  # the catalogue's way, or search's (its hits)
    with CaptureQueriesContext(connection) as captured:
        counts = one_pass.facet_counts()
    assert counts == per_facet and any(counts["stars"].values())
    if query in ("", "stars=4"):
        assert counts["tag"] == {"dac-san": 1, "qua-tang": 2}  # both are 4★
    # One counting query per distinct selection of the other filters instead of one per
    # facet (eight); validating a chosen value and reading the locality units cost the same.
    assert len(captured) <= len(separate) - 8 + 1 + len(QueryDict(query)) + apart
