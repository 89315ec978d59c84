"""PostgreSQL: the ranking query Wagtail builds can use this project's two indexes
(``search/migrations``): if Wagtail changed the expressions, searches would read
every page or index entry again, and these tests say so. A test database is too
small for the planner to choose them, so the expressions are checked in Wagtail's
SQL and each index in a plan of that expression alone."""

import pytest
from django.db import connection
from django.test import RequestFactory
from wagtail.search.backends import get_search_backend
from wagtail.search.query import PlainText

from search import engine

#: The join condition Wagtail's PostgreSQL backend writes (modelsearch 1.3), and its
#: page side, which the index ``search_page_id_text`` holds.
JOIN_PAGE_SIDE = '("wagtailcore_page"."id")::varchar(50)'
JOIN = f'"wagtailsearch_indexentry"."object_id" = {JOIN_PAGE_SIDE}'

#: What it matches (``search_indexentry_title_body_gin`` holds it).
MATCHED = '("wagtailsearch_indexentry"."title" || "wagtailsearch_indexentry"."body")'

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL indexes"),
]


def _ranking_sql(prefix=False):
    scope = engine.Scope.for_request(RequestFactory(HTTP_HOST="localhost").get("/search/"))
    backend = get_search_backend()
    method = backend.autocomplete if prefix else backend.search
    results = method(PlainText("nuoc mam", operator="and"), scope.searchable_pages())
    return results[:1000].get_queryset().values_list("pk").query.sql_with_params()


def _explain(sql, params=()):
    with connection.cursor() as cursor:
        # A test database is tiny: make the other plans dear, so the plan shows
        # whether an index *can* serve the query.
        for setting in ("enable_seqscan", "enable_hashjoin", "enable_mergejoin"):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize("prefix", [False, True])
def test_wagtail_joins_entries_to_pages_on_the_indexed_cast(catalogue, prefix):
    sql, _params = _ranking_sql(prefix)
    assert JOIN in sql


def test_a_page_is_found_by_its_id_as_text_through_the_index(catalogue):
    page = catalogue["nuoc_mam"]
    plan = _explain(f'SELECT 1 FROM "wagtailcore_page" WHERE %s = {JOIN_PAGE_SIDE}', [str(page.pk)])
    assert "search_page_id_text" in plan


def test_wagtail_matches_title_and_body_together_as_indexed(catalogue):
    sql, _params = _ranking_sql()
    assert f"{MATCHED} @@" in sql
    plan = _explain(
        f"SELECT 1 FROM \"wagtailsearch_indexentry\" WHERE {MATCHED} @@ to_tsquery('simple', %s)",
        ["mam"],
    )
    assert "search_indexentry_title_body_gin" in plan
