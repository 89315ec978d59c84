"""Elasticsearch 8 backend with an analyzer that folds Vietnamese.

Selected by ``ELASTICSEARCH_URL`` (see ``ocop_site/settings/base.py``)::

    WAGTAILSEARCH_BACKENDS = {"default": {
        "BACKEND": "search.backends.elasticsearch8", "URLS": ["http://localhost:9200"]}}

Text is already folded by :mod:`core.search` before it is sent (documents and
queries), so the site search behaves as on the database backend; the analyzer
folds as well (lowercase, ASCII folding, "đ/Đ" → "d" mapped explicitly) so that
searches made by other clients (Wagtail admin, API) with diacritics match too:

* ``vietnamese_folding`` — standard tokenizer, ``vietnamese_d`` char filter,
  ``lowercase`` + ``asciifolding``; the index's ``default`` analyzer, so every
  text field, ``_all_text`` and the boost fields use it;
* ``english_folding`` — the same plus the Snowball English stemmer (English text);
* ``edgengram_analyzer`` — the same plus edge n-grams (autocomplete fields);
  their ``search_analyzer`` is ``vietnamese_folding`` (Wagtail's default,
  ``standard``, would not fold).

OpenSearch: the same settings apply to ``modelsearch.backends.opensearch2``/``3``
(subclass them the same way); not shipped because not needed here.
"""

import copy

from modelsearch.backends.elasticsearch8 import (
    Elasticsearch8AutocompleteQueryCompiler,
    Elasticsearch8Mapping,
    Elasticsearch8SearchBackend,
    Elasticsearch8SearchQueryCompiler,
)
from modelsearch.utils import deep_update

FOLDING_ANALYZER = "vietnamese_folding"
ENGLISH_ANALYZER = "english_folding"

#: Index settings merged into Wagtail's (analysis section).
VIETNAMESE_ANALYSIS = {
    "settings": {
        "analysis": {
            "char_filter": {
                "vietnamese_d": {"type": "mapping", "mappings": ["đ => d", "Đ => D"]},
            },
            "analyzer": {
                FOLDING_ANALYZER: {
                    "type": "custom",
                    "tokenizer": "standard",
                    "char_filter": ["vietnamese_d"],
                    "filter": ["lowercase", "asciifolding"],
                },
                "default": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "char_filter": ["vietnamese_d"],
                    "filter": ["lowercase", "asciifolding"],
                },
                "edgengram_analyzer": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "char_filter": ["vietnamese_d"],
                    "filter": ["lowercase", "asciifolding", "edgengram"],
                },
                "ngram_analyzer": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "char_filter": ["vietnamese_d"],
                    "filter": ["lowercase", "asciifolding", "ngram"],
                },
                # English (issue 13): the Snowball stemmer the application uses
                # (core.search.english_stems), for clients that send English text
                # unstemmed; the site's own documents and queries carry the stems already.
                ENGLISH_ANALYZER: {
                    "type": "custom",
                    "tokenizer": "standard",
                    "char_filter": ["vietnamese_d"],
                    "filter": ["lowercase", "asciifolding", "english_snowball"],
                },
            },
            "filter": {"english_snowball": {"type": "snowball", "language": "English"}},
        }
    }
}


class VietnameseMapping(Elasticsearch8Mapping):
    """Mapping whose autocomplete fields are searched with the folding analyzer."""

    edgengram_analyzer_config = {
        "analyzer": "edgengram_analyzer",
        "search_analyzer": FOLDING_ANALYZER,
    }

    def get_field_mapping(self, field):
        name, mapping = super().get_field_mapping(field)
        if mapping.get("type") == "text" and "analyzer" not in mapping:
            mapping["analyzer"] = FOLDING_ANALYZER
        return name, mapping

    def get_mapping(self):
        mapping = super().get_mapping()
        for name, field in mapping["properties"].items():
            if name.startswith("_all_text"):
                field["analyzer"] = FOLDING_ANALYZER
        return mapping


class VietnameseSearchQueryCompiler(Elasticsearch8SearchQueryCompiler):
    mapping_class = VietnameseMapping


class VietnameseAutocompleteQueryCompiler(Elasticsearch8AutocompleteQueryCompiler):
    mapping_class = VietnameseMapping


class VietnameseElasticsearch8SearchBackend(Elasticsearch8SearchBackend):
    """Wagtail's Elasticsearch 8 backend with :data:`VIETNAMESE_ANALYSIS`."""

    mapping_class = VietnameseMapping
    query_compiler_class = VietnameseSearchQueryCompiler
    autocomplete_query_compiler_class = VietnameseAutocompleteQueryCompiler
    settings = deep_update(
        copy.deepcopy(Elasticsearch8SearchBackend.settings), copy.deepcopy(VIETNAMESE_ANALYSIS)
    )


SearchBackend = VietnameseElasticsearch8SearchBackend
