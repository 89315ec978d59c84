"""Relevance ranking on SQLite without Wagtail's quadratic scoring subquery.

Wagtail's SQLite backend orders results with a *correlated* subquery that runs
the full-text ``MATCH`` again for every matching page: fine for a few dozen
pages, seconds per search when a word matches thousands (measured: README
"Benchmarks"). Here the same score — the backend's own BM25 rank expression,
built by its own query compiler — is computed once per matching index entry in
one FTS query; the matching, visible pages come from the backend unordered, and
are sorted in Python exactly as Wagtail sorts them (score ascending, then
newest id first). ``search/tests/test_ranking.py`` checks the order equals
Wagtail's.

Uses internals of ``modelsearch`` 1.3 (pinned through ``wagtail==8.0.1``):
``build_search_query``, ``get_search_vectors``, ``_build_rank_expression``.
"""

# The SQLite modules define models that exist only on SQLite: import them lazily.
SQLITE_BACKEND = "modelsearch.backends.database.sqlite.sqlite"


def is_sqlite(backend):
    """Whether ``backend`` is Wagtail's SQLite FTS5 backend (or a subclass)."""
    return any(klass.__module__ == SQLITE_BACKEND for klass in type(backend).__mro__)


def sqlite_ranked_ids(backend, query, queryset, *, prefix=False, limit=None):
    """Ids of ``queryset`` matching ``query``, best first, as Wagtail would order them.

    ``query`` is a ``PlainText`` (or any query the SQLite backend supports);
    ``prefix`` selects the autocomplete (partial word) search. Two queries
    whatever the number of matches. Shape: list of ints (at most ``limit``).
    """
    from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchResults
    from modelsearch.conf import get_app_config
    from modelsearch.query import MatchAll, Not
    from modelsearch.utils import get_descendants_content_types_pks

    method = backend.autocomplete if prefix else backend.search
    results = method(query, queryset, order_by_relevance=False)
    if not isinstance(results, SQLiteSearchResults):
        return []  # EmptySearchResults: nothing to search for
    compiler = results.query_compiler
    matched = list(results.get_queryset().values_list("pk", flat=True))
    normalized = normalize(compiler.query)
    if not matched or isinstance(normalized, (MatchAll, Not)):
        return matched[:limit]
    fts_entries = get_app_config().get_model("SQLiteFTSIndexEntry")
    config = compiler.get_config(backend)
    search_query = compiler.build_search_query(normalized, config=config)
    match = MatchExpression(compiler.fields or compiler.FTS_TABLE_FIELDS, search_query)
    rank = compiler._build_rank_expression(compiler.get_search_vectors(), config)
    scores = dict(
        fts_entries.objects.filter(match)
        .filter(
            index_entry__content_type__in=get_descendants_content_types_pks(compiler.queryset.model)
        )
        .annotate(score=rank)
        .values_list("index_entry__object_id", "score")
    )
    matched.sort(key=lambda pk: (scores.get(str(pk), 0.0), -pk))
    return matched[:limit]
