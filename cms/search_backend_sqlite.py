"""Wagtail's SQLite search (FTS5) for `make run`, accepting excluded words.

SQLite's FTS5 has no unary NOT, and Wagtail's SQLite backend only understands an exclusion
written as its own `AndNot(wanted, unwanted)`; Parvis's query syntax (knowledge/search.py)
gives `And([…, Not(unwanted)])`, as PostgreSQL and Elasticsearch take it. This backend rewrites
the one into the other, and turns FTS5's lower-is-better scores around. Without FTS5,
Wagtail's plain database backend is used.
"""

from wagtail.search.backends.database.fallback import DatabaseSearchBackend
from wagtail.search.backends.database.sqlite.query import AndNot
from wagtail.search.backends.database.sqlite.sqlite import (
    SQLiteAutocompleteQueryCompiler,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
    SQLiteSearchResults,
)
from wagtail.search.backends.database.sqlite.utils import fts5_available, fts_table_exists
from wagtail.search.query import And, Not, Or


def _without_unary_not(query):
    if isinstance(query, And) and any(isinstance(sub, Not) for sub in query.subqueries):
        wanted = [sub for sub in query.subqueries if not isinstance(sub, Not)]
        unwanted = [sub.subquery for sub in query.subqueries if isinstance(sub, Not)]
        if wanted:
            return AndNot(
                wanted[0] if len(wanted) == 1 else And(wanted),
                unwanted[0] if len(unwanted) == 1 else Or(unwanted),
            )
    return query


class ExclusionMixin:
    def build_search_query_content(self, query, config=None):
        return super().build_search_query_content(_without_unary_not(query), config=config)


class ParvisSQLiteSearchQueryCompiler(ExclusionMixin, SQLiteSearchQueryCompiler):
    pass


class ParvisSQLiteAutocompleteQueryCompiler(ExclusionMixin, SQLiteAutocompleteQueryCompiler):
    pass


class ParvisSQLiteSearchResults(SQLiteSearchResults):
    """Scores where higher is better, as on the other backends (FTS5's bm25() is lower-better),
    so results of several models can be merged by score."""

    def _do_search(self):
        results = list(super()._do_search())
        if self._score_field:
            for result in results:
                score = getattr(result, self._score_field, None)
                if score is not None:
                    setattr(result, self._score_field, -score)
        return results


class ParvisSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = ParvisSQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = ParvisSQLiteAutocompleteQueryCompiler
    results_class = ParvisSQLiteSearchResults


def SearchBackend(params):  # noqa: N802 (Wagtail looks this name up in the module)
    if fts5_available() and fts_table_exists():
        return ParvisSQLiteSearchBackend(params)
    return DatabaseSearchBackend(params)
