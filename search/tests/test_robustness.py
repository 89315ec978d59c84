"""Any query string is safe: generated and hand-picked nasty inputs always give 200."""

from urllib.parse import urlencode

import pytest
from django.conf import settings as django_settings
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


def expected_status(path, params):
    """200, or the tidy 414 when the request line passes ``MAX_REQUEST_LINE`` (core.middleware)."""
    full_path = f"{path}?{urlencode(params, doseq=True)}"
    return 414 if len(full_path) > django_settings.MAX_REQUEST_LINE else 200


def assert_answers(client, path, params):
    response = client.get(path, params)
    assert response.status_code == expected_status(path, params)
    return response


@pytest.mark.parametrize("query", NASTY)
def test_nasty_queries_give_200(client, catalogue, query):
    assert_answers(client, "/search/", {"q": query})
    assert_answers(client, "/search/suggest/", {"q": query})


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
    assert_answers(client, "/search/", params)
    assert_answers(client, "/search/suggest/", {"q": query})


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
    assert_answers(client, "/search/", {"q": "nuoc mam", **facets})
