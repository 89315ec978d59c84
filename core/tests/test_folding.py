"""The folding mechanism of core.search: indexed text, search fields, registry, queries."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from wagtail.search import index

from core.search import (
    MAX_QUERY_TERMS,
    MAX_TERM_LENGTH,
    FoldedAutocompleteField,
    FoldedSearchField,
    FoldedSearchMixin,
    flatten_text,
    fold_search_fields,
    folded_index_text,
    query_terms,
    searchable_page_models,
)
from core.text import VIETNAMESE_LETTERS, fold, fold_with_offsets

VIETNAMESE_ALPHABET = "".join(VIETNAMESE_LETTERS.values()) + "abcdeghiklmnopqrstuvxy "


def test_fold_with_offsets_maps_back_to_original_letters():
    folded, offsets = fold_with_offsets("Đồng Din")
    assert folded == "dong din"
    assert offsets == list(range(8))


def test_fold_with_offsets_drops_separate_combining_marks():
    # "mắm" typed with combining marks (NFD), as some keyboards send it.
    text = unicodedata.normalize("NFD", "mắm")
    folded, offsets = fold_with_offsets(text)
    assert folded == "mam"
    assert len(text) == 5 and offsets == [0, 1, 4]
    assert fold_with_offsets("") == ("", [])


def test_folded_index_text_appends_the_folded_form_only_when_it_differs():
    assert folded_index_text("Nước mắm Tân Lập") == "Nước mắm Tân Lập nuoc mam tan lap"
    assert folded_index_text("Honey JAR") == "Honey JAR"
    assert folded_index_text(None) == ""
    assert folded_index_text(["Đồng Din", ["Phú Hòa"]]) == "Đồng Din Phú Hòa dong din phu hoa"


def test_flatten_text_handles_every_shape_a_field_gives():
    assert flatten_text({"a": "x", "b": ["y", None]}) == "x y"
    assert flatten_text(42) == "42"


def test_fold_search_fields_swaps_search_and_autocomplete_fields_only():
    fields = [
        index.SearchField("title", boost=2),
        index.AutocompleteField("title"),
        index.FilterField("live"),
        index.RelatedFields("producer", [index.SearchField("title")]),
    ]
    folded = fold_search_fields(fields)
    assert type(folded[0]) is FoldedSearchField and folded[0].boost == 2
    assert type(folded[1]) is FoldedAutocompleteField
    assert folded[2] is fields[2]
    assert type(folded[3].fields[0]) is FoldedSearchField
    # Idempotent.
    assert fold_search_fields(folded)[0] is folded[0]


def test_mixin_folds_inherited_and_own_fields_of_page_types():
    from home.models import StandardPage
    from products_catalog.models import ProductPage

    for model in (ProductPage, StandardPage):
        searchable = model.get_searchable_search_fields()
        assert searchable and all(isinstance(f, FoldedSearchField) for f in searchable)
        autocomplete = model.get_autocomplete_search_fields()
        assert all(isinstance(f, FoldedAutocompleteField) for f in autocomplete)
    title = next(f for f in ProductPage.get_searchable_search_fields() if f.field_name == "title")
    assert title.boost == 2


@pytest.mark.django_db
def test_indexed_values_of_a_product_are_folded(site_tree):
    from products_catalog.tests.factories import ProducerPageFactory, make_product

    producer = ProducerPageFactory(parent=site_tree["producers"], title="HTX Đồng Din")
    product = make_product(
        site_tree["products"],
        "Khóm sấy",
        producer=producer,
        summary="Khóm Phú Hòa",
        body=[("quote", {"quote": "Ngọt thanh tự nhiên", "attribution": ""})],
        tags=["Đặc sản"],
    )
    values = {
        field.field_name: field.get_value(product)
        for field in type(product).get_searchable_search_fields()
    }
    assert values["title"] == "Khóm sấy khom say"
    assert values["summary"] == "Khóm Phú Hòa khom phu hoa"
    assert "ngot thanh tu nhien" in values["body"]
    assert "htx dong din" in values["search_related_text"]
    assert "dac san" in values["search_related_text"]
    assert "Ngọt thanh tự nhiên" in product.search_snippet_text()


def test_registry_lists_the_page_types_using_the_mixin():
    from home.models import HomePage, StandardPage
    from products_catalog.models import ProducerPage, ProductIndexPage, ProductPage

    models = searchable_page_models()
    assert models[:2] == (ProductPage, ProducerPage)
    assert {HomePage, StandardPage} <= set(models)
    assert ProductIndexPage not in models
    assert all(issubclass(model, FoldedSearchMixin) for model in models)
    assert ProductPage.search_type_key() == "product"
    assert StandardPage.search_type_key() == "standard"


@pytest.mark.parametrize(
    "raw, terms",
    [
        ("nuoc mam", ["nuoc", "mam"]),
        ("NƯỚC MẮM", ["nuoc", "mam"]),
        ("Nước-mắm, Tân Lập!", ["nuoc", "mam", "tan", "lap"]),
        ('-"Đồng Din" OR dong_din \\ 🐟', ["dong", "din", "or"]),
        ("mật mật MẬT", ["mat"]),
        ("a\x00b\x07c", ["a", "b", "c"]),
        ("", []),
        (None, []),
        ("   \t\n", []),
        ("x" * 5000, ["x" * MAX_TERM_LENGTH]),
    ],
)
def test_query_terms(raw, terms):
    assert query_terms(raw) == terms


def test_query_terms_caps_the_number_of_words():
    assert len(query_terms(" ".join(f"w{n}" for n in range(50)))) == MAX_QUERY_TERMS


@given(st.text(max_size=300))
def test_query_terms_are_always_plain_folded_words(raw):
    terms = query_terms(raw)
    assert len(terms) <= MAX_QUERY_TERMS and len(set(terms)) == len(terms)
    for term in terms:
        assert term and len(term) <= MAX_TERM_LENGTH
        assert term == fold(term)
        assert all(char.isalnum() for char in term)


@given(st.text(alphabet=VIETNAMESE_ALPHABET, max_size=60))
def test_case_and_marks_do_not_change_vietnamese_queries(raw):
    assert query_terms(raw) == query_terms(raw.upper()) == query_terms(fold(raw))
