"""Elasticsearch backend, checked without a server: index settings, mappings, documents,
query bodies, and the search view driven through a stand-in for the client's HTTP calls.

Nothing here reaches a cluster; see README "Search" for what was run live (nothing).
"""

import pytest
from django.test import RequestFactory, override_settings
from elasticsearch import Elasticsearch
from wagtail.search.query import PlainText

from search.backends.elasticsearch8 import (
    ENGLISH_ANALYZER,
    FOLDING_ANALYZER,
    VietnameseElasticsearch8SearchBackend,
    VietnameseMapping,
)
from search.engine import searchable_pages

ES_SETTINGS = {
    "default": {
        "BACKEND": "search.backends.elasticsearch8",
        "URLS": ["http://127.0.0.1:9"],  # never contacted: the client's calls are replaced
        "INDEX_PREFIX": "test_",
        "TIMEOUT": 1,
    }
}


@pytest.fixture
def backend():
    return VietnameseElasticsearch8SearchBackend(
        {"URLS": ["http://127.0.0.1:9"], "INDEX_PREFIX": "test_"}
    )


def test_settings_select_elasticsearch_when_the_url_is_set(monkeypatch):
    import importlib

    import ocop_site.settings.base as base

    monkeypatch.setenv("ELASTICSEARCH_URL", "http://es.example:9200")
    try:
        reloaded = importlib.reload(base)
        config = reloaded.WAGTAILSEARCH_BACKENDS["default"]
        assert config["BACKEND"] == "search.backends.elasticsearch8"
        assert config["URLS"] == ["http://es.example:9200"]
    finally:
        monkeypatch.delenv("ELASTICSEARCH_URL")
        importlib.reload(base)
    assert base.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] == "wagtail.search.backends.database"


def test_index_settings_fold_vietnamese(backend):
    analysis = backend.settings["settings"]["analysis"]
    assert analysis["char_filter"]["vietnamese_d"] == {
        "type": "mapping",
        "mappings": ["đ => d", "Đ => D"],
    }
    for name in (FOLDING_ANALYZER, "default"):
        analyzer = analysis["analyzer"][name]
        assert analyzer["tokenizer"] == "standard"
        assert analyzer["char_filter"] == ["vietnamese_d"]
        assert analyzer["filter"] == ["lowercase", "asciifolding"]
    assert analysis["analyzer"]["edgengram_analyzer"]["filter"] == [
        "lowercase",
        "asciifolding",
        "edgengram",
    ]
    assert analysis["analyzer"]["edgengram_analyzer"]["char_filter"] == ["vietnamese_d"]
    # Wagtail's own parts are kept.
    assert analysis["filter"]["edgengram"]["type"] == "edge_ngram"
    assert backend.settings["settings"]["index"]["max_ngram_diff"] == 12
    assert backend.es.__class__ is Elasticsearch


def test_product_mapping_uses_the_folding_analyzer():
    from products_catalog.models import ProductPage

    properties = VietnameseMapping(ProductPage).get_mapping()["properties"]
    assert properties["title"]["type"] == "text"
    assert properties["title"]["analyzer"] == FOLDING_ANALYZER
    assert properties["title"]["copy_to"] == ["_all_text", "_all_text_boost_2_0"]
    body = properties["products_catalog_productpage__body"]
    assert body["analyzer"] == FOLDING_ANALYZER and body["copy_to"] == "_all_text"
    related = properties["products_catalog_productpage__search_related_text"]
    assert related["analyzer"] == FOLDING_ANALYZER
    for name in ("_edgengrams", "title_edgengrams"):
        assert properties[name]["analyzer"] == "edgengram_analyzer"
        assert properties[name]["search_analyzer"] == FOLDING_ANALYZER
    assert properties["_all_text"]["analyzer"] == FOLDING_ANALYZER
    assert properties["_all_text_boost_2_0"]["analyzer"] == FOLDING_ANALYZER
    assert properties["live_filter"] == {"type": "boolean"}
    assert properties["path_filter"] == {"type": "keyword"}
    assert "locale_id_filter" in properties and "content_type_id_filter" in properties


@pytest.mark.django_db
def test_documents_carry_the_folded_text(catalogue):
    from products_catalog.models import ProductPage

    product = ProductPage.objects.get(pk=catalogue["mang_say"].pk)
    document = VietnameseMapping(ProductPage).get_document(product)
    assert document["title"] == "Măng sấy mang say"
    assert "dong din" in document["products_catalog_productpage__search_related_text"]
    assert "Măng sấy mang say" in document["_edgengrams"]
    assert document["live_filter"] is True
    content_types = document["_django_content_type"]
    assert content_types[0] == "products_catalog.ProductPage"
    assert "wagtailcore.Page" in content_types


@pytest.mark.django_db
def test_query_body_of_the_site_search(backend, catalogue):
    request = RequestFactory().get("/search/", HTTP_HOST="testserver")
    queryset = searchable_pages(request)
    results = backend.search(PlainText("nuoc mam", operator="and"), queryset)
    query = results.query_compiler.get_query()["bool"]
    assert query["must"] == {
        "multi_match": {
            "query": "nuoc mam",
            "operator": "and",
            "fields": ["_all_text", "_all_text_boost_2_0^2.0"],
        }
    }
    content_type_filter, filters = query["filter"]
    assert content_type_filter == {"match": {"_django_content_type": "wagtailcore.Page"}}
    flat = repr(filters)
    assert "{'term': {'live_filter': True}}" in flat
    assert "'prefix': {'path_filter': '" + catalogue["home"].path + "'}" in flat
    assert "'locale_id_filter'" in flat and "'content_type_id_filter'" in flat

    suggest = backend.autocomplete(PlainText("mat o", operator="and"), queryset)
    inner = suggest.query_compiler.get_query()["bool"]["must"]
    assert inner == {"match": {"_edgengrams": {"query": "mat o", "operator": "and"}}}


class FakeCluster:
    """Records the bodies sent to Elasticsearch and answers with given page ids."""

    def __init__(self, pks):
        self.pks = [str(pk) for pk in pks]
        self.bodies = []

    def install(self, monkeypatch):
        """Replace the client's HTTP calls (the client object itself is real)."""
        monkeypatch.setattr(Elasticsearch, "search", lambda client, **kw: self.search(**kw))
        monkeypatch.setattr(
            Elasticsearch, "clear_scroll", lambda client, **kw: self.clear_scroll(**kw)
        )

    def search(self, **kwargs):
        self.bodies.append(kwargs)
        hits = [{"fields": {"pk": [pk]}, "_score": 1.0} for pk in self.pks]
        return {"hits": {"total": {"value": len(hits)}, "hits": hits}}

    def clear_scroll(self, **kwargs):
        return {}


@pytest.mark.django_db
def test_search_view_on_elasticsearch_folds_the_query(client, catalogue, monkeypatch):
    cluster = FakeCluster([catalogue["nuoc_mam"].pk, catalogue["tan_lap"].pk])
    cluster.install(monkeypatch)
    with override_settings(WAGTAILSEARCH_BACKENDS=ES_SETTINGS):
        response = client.get("/search/", {"q": "NƯỚC MẮM"})
    assert response.status_code == 200
    body = cluster.bodies[0]
    assert body["index"] == "test_wagtailcore_page"
    assert body["query"]["bool"]["must"]["multi_match"]["query"] == "nuoc mam"
    html = response.content.decode()
    assert "<mark>Nước</mark> <mark>mắm</mark> Tân Lập" in html
    assert 'class="stars stars-4"' in html


@pytest.mark.django_db
def test_elasticsearch_hits_are_rechecked_in_the_database(client, catalogue, monkeypatch):
    # The cluster still returns an unpublished page (the index lags): it is not shown.
    catalogue["dau_phong"].unpublish()
    cluster = FakeCluster([catalogue["dau_phong"].pk])
    cluster.install(monkeypatch)
    with override_settings(WAGTAILSEARCH_BACKENDS=ES_SETTINGS):
        response = client.get("/search/", {"q": "dau phong"})
        suggest = client.get("/search/suggest/", {"q": "dau p"})
    assert response.status_code == 200
    assert response.context["outcome"].hit_count == 0
    assert suggest.json()["suggestions"] == []
    assert suggest_body_uses_edgengrams(cluster.bodies[-1])


def suggest_body_uses_edgengrams(body):
    return body["query"]["bool"]["must"]["match"]["_edgengrams"]["query"] == "dau p"


def test_index_settings_have_an_english_analyzer(backend):
    """English text (issue 13): the Snowball stemmer the application stems with."""
    analysis = backend.settings["settings"]["analysis"]
    analyzer = analysis["analyzer"][ENGLISH_ANALYZER]
    assert analyzer["filter"] == ["lowercase", "asciifolding", "english_snowball"]
    assert analysis["filter"]["english_snowball"] == {"type": "snowball", "language": "English"}
    assert analysis["filter"]["edgengram"]["type"] == "edge_ngram"
