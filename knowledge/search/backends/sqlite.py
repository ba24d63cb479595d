"""Wagtail's SQLite search (FTS5) for `make run`, in French and accepting excluded words.

French as on PostgreSQL's `parvis_french`: FTS5 folds case and accents but knows no French, and
Python's sqlite3 cannot register a stemming tokenizer. So the words of titles and bodies are
written to the index as their French Snowball stems without accents (« élections municipales »
→ « elect municipal »), and the words searched are turned the same way: « election municipale »
finds « Les élections municipales », « conges » finds « Congés ». Suggestions (autocomplete) keep
the words as written, since they complete a beginning of word.

SQLite's FTS5 has no unary NOT, and Wagtail's SQLite backend only understands an exclusion
written as its own `AndNot(wanted, unwanted)`; Parvis's query syntax (knowledge/search/query.py)
gives `And([…, Not(unwanted)])`, as PostgreSQL and Elasticsearch take it. This backend rewrites
the one into the other, and turns FTS5's lower-is-better scores around. Without FTS5,
Wagtail's plain database backend is used.
"""

import re
import unicodedata
from functools import lru_cache

from wagtail.search.backends.database.fallback import DatabaseSearchBackend
from wagtail.search.backends.database.sqlite.query import BM25, AndNot, SQLiteFTSIndexEntry
from wagtail.search.backends.database.sqlite.sqlite import (
    SQLiteAutocompleteQueryCompiler,
    SQLiteIndex,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
    SQLiteSearchResults,
)
from wagtail.search.backends.database.sqlite.utils import fts5_available, fts_table_exists
from wagtail.search.query import And, Not, Or, Phrase, PlainText
from wagtail.search.utils import get_content_type_pk

import snowballstemmer

WORD = re.compile(r"\w+")
_stemmer = snowballstemmer.stemmer("french")


@lru_cache(maxsize=50_000)
def french_stem(word: str) -> str:
    """Accents first, then the stem: people type « proces » as often as « procès », and the
    stemmer would not cut the two alike."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    return _stemmer.stemWord(bare.lower())


def french_stems(text: str) -> str:
    """`text` as the index holds it: each word's French stem, without accents."""
    return " ".join(french_stem(word) for word in WORD.findall(text or ""))


def _stemmed(query):
    """The same query with its words stemmed as the index's (exclusions and phrases too)."""
    if isinstance(query, PlainText):
        return PlainText(french_stems(query.query_string), operator=query.operator)
    if isinstance(query, Phrase):
        return Phrase(french_stems(query.query_string))
    if isinstance(query, Not):
        return Not(_stemmed(query.subquery))
    if isinstance(query, AndNot):
        return AndNot(_stemmed(query.subquery_a), _stemmed(query.subquery_b))
    if isinstance(query, (And, Or)):
        return type(query)([_stemmed(sub) for sub in query.subqueries])
    return query


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


# The FTS5 table's columns are (autocomplete, body, title): a word in the title counts as much as
# TITLE_WEIGHT in the body, as PostgreSQL's ranking puts titles first.
TITLE_WEIGHT = 10.0


class WeightedBM25(BM25):
    def as_sql(self, compiler, connection, function=None, template=None):
        table = SQLiteFTSIndexEntry._meta.db_table
        return f"bm25({table}, 0.0, 1.0, {TITLE_WEIGHT})", []


class ParvisSQLiteSearchQueryCompiler(ExclusionMixin, SQLiteSearchQueryCompiler):
    def build_search_query(self, query, config=None):
        # Once, at the top: the content builder calls itself for each part of the query.
        return super().build_search_query(_stemmed(query), config=config)

    def build_tsrank(self, vector, query, config=None, boost=1.0):
        if isinstance(query, Phrase | PlainText | Not):
            return WeightedBM25() * boost if boost != 1.0 else WeightedBM25()
        return super().build_tsrank(vector, query, config=config, boost=boost)

    def _build_rank_expression(self, vectors, config):
        # One ranking over the columns with their weights (Wagtail adds the same unweighted
        # bm25 once per column, which cannot tell a title from a body).
        return self.build_tsrank(None, self.query, config=config)


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


class FrenchSQLiteIndex(SQLiteIndex):
    """Titles and bodies written as French stems (the FTS5 table follows the entries through
    its triggers); suggestions as written."""

    def add_items(self, model, objs):
        objs = list(objs)
        super().add_items(model, objs)
        if not objs:
            return
        entries = self.entries.filter(
            content_type_id=get_content_type_pk(model), object_id__in=[str(o.pk) for o in objs]
        )
        for pk, title, body in entries.values_list("pk", "title", "body"):
            self.entries.filter(pk=pk).update(title=french_stems(title), body=french_stems(body))
        self._refresh_title_norms()


class ParvisSQLiteSearchBackend(SQLiteSearchBackend):
    index_class = FrenchSQLiteIndex
    query_compiler_class = ParvisSQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = ParvisSQLiteAutocompleteQueryCompiler
    results_class = ParvisSQLiteSearchResults


def SearchBackend(params):  # noqa: N802 (Wagtail looks this name up in the module)
    if fts5_available() and fts_table_exists():
        return ParvisSQLiteSearchBackend(params)
    return DatabaseSearchBackend(params)
