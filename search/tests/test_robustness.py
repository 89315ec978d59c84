"""Any query string is safe: generated and hand-picked nasty inputs always give 200."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

NASTY = [
    "",
    " ",
    "x" * 5000,
    "nước " * 1000,
    '"',
    '"nuoc mam',
    "'",
    "\\",
    "\\\\\\",
    "-nuoc",
    "- - -",
    "nuoc AND mam OR NOT x",
    "a & b | !c <-> d:*",
    "title:nuoc",
    "nuoc*",
    "(((",
    "NEAR(a b)",
    "{title}: x",
    "🐟🦐 mật ong 🍯",
    "\x00",
    "nuoc\x00mam",
    "\x01\x02\x1f\x7f",
    "\u200b\u200d\ufeff",
    "%00%27",
    "nước-mắm.tân_lập/đồng+din",
    "\U0001f600" * 500,
    "ü" * 3000,
    "😀a" * 2000,
]

query_text = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=50),
    st.sampled_from(NASTY),
    st.lists(st.sampled_from(['"', "-", "*", "\\", "(", ")", ":", "nuoc", "AND", " ", "đ"])).map(
        "".join
    ),
)


@pytest.mark.parametrize("query", NASTY)
def test_nasty_queries_give_200(client, catalogue, query):
    assert client.get("/search/", {"q": query}).status_code == 200
    assert client.get("/search/suggest/", {"q": query}).status_code == 200


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=query_text, page=st.one_of(st.none(), st.text(max_size=8)))
def test_generated_queries_never_fail(client, catalogue, query, page):
    params = {"q": query}
    if page is not None:
        params["page"] = page
    response = client.get("/search/", params)
    assert response.status_code == 200
    assert client.get("/search/suggest/", {"q": query}).status_code == 200


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    facets=st.dictionaries(
        st.sampled_from(["type", "stars", "group", "locality", "page"]),
        st.lists(st.text(max_size=20), max_size=3),
    )
)
def test_generated_facet_values_never_fail(client, catalogue, facets):
    response = client.get("/search/", {"q": "nuoc mam", **facets})
    assert response.status_code == 200
