"""search.ranking orders SQLite results exactly as Wagtail's own backend does."""

import pytest
from django.db import connection
from django.test import RequestFactory
from wagtail.search.backends import get_search_backend
from wagtail.search.query import PlainText

from search.engine import searchable_pages
from search.ranking import is_sqlite, sqlite_ranked_ids

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite FTS5 backend only")
@pytest.mark.parametrize(
    "words, prefix",
    [("nuoc mam", False), ("dong din", False), ("san", False), ("nuoc m", True), ("d", True)],
)
def test_same_order_as_wagtail(catalogue, words, prefix):
    from products_catalog.tests.factories import make_product

    for n in range(6):  # ties and several matches
        make_product(catalogue["products"], f"Nước mắm Đồng Din {n}", summary="nước mắm " * n)
    backend = get_search_backend()
    assert is_sqlite(backend)
    queryset = searchable_pages(RequestFactory().get("/", HTTP_HOST="testserver"))
    query = PlainText(words, operator="and")
    method = backend.autocomplete if prefix else backend.search
    wagtail_order = list(
        method(query, queryset, order_by_relevance=True).get_queryset().values_list("pk", flat=True)
    )
    ours = sqlite_ranked_ids(backend, query, queryset, prefix=prefix)
    assert ours == wagtail_order
    assert len(ours) >= 2 or words == "san"
    assert sqlite_ranked_ids(backend, query, queryset, prefix=prefix, limit=2) == ours[:2]
