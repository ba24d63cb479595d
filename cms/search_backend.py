"""Wagtail's PostgreSQL search, in French without accents, ranking a bounded set of matches.

French: PostgreSQL's stock `french` configuration stems but keeps accents, and Wagtail's
autocomplete uses `simple`, which keeps them too: « conges » would not find « Congés », nor
« teletravail » complete « Télétravail ». Migration knowledge/0005 creates `parvis_french`
(unaccent, then the French stemmer, on words and hyphenated words); this backend uses it for
both.

Bounded: Wagtail ranks every match before taking the first page, which costs hundreds of
milliseconds for a word found in most of 100,000 items. Here at most `CANDIDATES` matches are
ranked: up to that many whose *title* matches, and up to that many others, taken with the
reader's filters (rights, facets) already applied so nothing the reader may see is crowded out
by what they may not. Matching uses the GIN index on the combined title-and-body vector
(migration knowledge/0007); matches stream out of it and are checked against the reader's
filters by primary key until enough are found. Counts and facets are counted over the ranked
results, and say so with a « + » when they reach the limit (knowledge/search.py). Elasticsearch
and OpenSearch need none of this: they rank top hits natively.

Also: ranks normalised by length, titles weighing twice the body, title norms independent of
the rest of the index (ParvisPostgresIndex), and excluded phrases kept excluded.

On SQLite (`make run`) cms/search_backend_sqlite.py is used instead.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import BigIntegerField, Exists, F, OuterRef, Value
from django.db.models.functions import Cast, Length

from wagtail.search.backends.database.postgres.postgres import (
    PostgresAutocompleteQueryCompiler,
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
    PostgresSearchResults,
)
from wagtail.search.query import Fuzzy, MatchAll, Not, Phrase, PlainText

SEARCH_CONFIG = "parvis_french"
DEFAULT_CANDIDATES = 100
DEFAULT_AUTOCOMPLETE_CANDIDATES = 24  # titles completing a prefix: only a few are shown
RANK_NORMALIZATION = 1  # PostgreSQL's ts_rank: divide by 1 + the logarithm of the length
TITLE_WEIGHT = 2.0  # a word in the title counts twice a word in the body
TITLE_REFERENCE_LENGTH = 5.0  # words; see ParvisPostgresIndex


class BoundedCompilerMixin:
    candidates_setting = "candidates"

    def build_tsrank(self, vector, query, config=None, boost=1.0):
        # Ranks divided by 1 + log(length): a long file repeating a word does not outrank a
        # page about it (Wagtail ranks without length normalisation).
        if isinstance(query, (Phrase, PlainText, Not)):
            rank = SearchRank(
                vector,
                self.build_tsquery(query, config=config),
                weights=self.sql_weights,
                normalization=RANK_NORMALIZATION,
            )
            return rank * boost if boost != 1.0 else rank
        return super().build_tsrank(vector, query, config=config, boost=boost)

    def build_tsquery_content(self, query, config=None, invert=False):
        # Wagtail drops the negation of a phrase (« -"mot exact" » would *require* it).
        if isinstance(query, Phrase):
            phrase = SearchQuery(query.query_string, search_type="phrase", config=config)
            return ~phrase if invert else phrase
        return super().build_tsquery_content(query, config=config, invert=invert)

    def search(self, config, start, stop, score_field=None, backend=None):
        query = self.query
        plain = not isinstance(query, (MatchAll, Fuzzy)) and not (
            isinstance(query, Not) and isinstance(query.subquery, MatchAll)
        )
        cap = getattr(backend, self.candidates_setting, 0)
        if not (plain and cap and self.fields is None):
            return super().search(config, start, stop, score_field=score_field, backend=backend)

        search_query = self.build_tsquery(query, config=config)
        vectors = self.get_search_vectors(search_query)
        rank_expression = self._build_rank_expression(vectors, config)
        combined = vectors[0][0]
        for vector, _boost in vectors[1:]:
            combined = combined._combine(vector, "||", False)
        candidates = self.queryset.filter(pk__in=self._candidate_ids(search_query, vectors, cap))
        queryset = candidates.annotate(_vector_=combined)
        return self._apply_ordering_and_scoring(queryset, rank_expression, start, stop, score_field)

    def _candidate_ids(self, search_query, vectors, cap: int):
        """Ids of at most `cap` items matching in their title and `cap` others, among those the
        queryset keeps (the reader's rights and filters). Driven by the index entries' GIN
        indexes (title, and title || body), then the model's primary key."""
        from wagtail.search.models import IndexEntry

        from modelsearch.utils import get_descendants_content_types_pks

        model = self.queryset.model
        columns = [vector.name.removeprefix("index_entries__") for vector, _boost in vectors]
        entries = IndexEntry._default_manager.filter(
            content_type_id__in=get_descendants_content_types_pks(model)
        )

        def matching(names):
            vector = F(names[0])
            for name in names[1:]:
                vector = vector._combine(F(name), "||", False)
            # Entries drive: matches stream out of the GIN index and each is looked up by
            # primary key with the reader's filters, until `cap` are found. (An `IN` would
            # first gather every match, all 75,000 for a word found nearly everywhere.)
            kept = self.queryset.order_by().filter(pk=OuterRef("_object_pk_"))
            return (
                entries.annotate(_vector_=vector)
                .filter(_vector_=search_query)
                .annotate(_object_pk_=Cast("object_id", BigIntegerField()))
                .filter(Exists(kept))
                .values_list("_object_pk_", flat=True)[:cap]
            )

        everywhere = matching(columns)
        if len(columns) == 1:
            return everywhere
        # Title matches are candidates first: a word found everywhere does not push them out.
        return matching(columns[:1]).union(everywhere)


class BoundedSearchQueryCompiler(BoundedCompilerMixin, PostgresSearchQueryCompiler):
    def get_index_vectors(self, search_query):
        return [
            (F("index_entries__title"), F("index_entries__title_norm") * TITLE_WEIGHT),
            (F("index_entries__body"), 1.0),
        ]


class BoundedAutocompleteQueryCompiler(BoundedCompilerMixin, PostgresAutocompleteQueryCompiler):
    candidates_setting = "autocomplete_candidates"


class ParvisPostgresIndex(PostgresIndex):
    """Title norms against a fixed reference length, set for the entries just written.

    Wagtail divides the *current* average title length by each title's, then after every chunk
    rewrites every entry whose norm is still 1.0 (a full-table pass per chunk, quadratic on a
    rebuild) and, at the end of a rebuild, every entry. Here the same title always weighs the
    same (so recency breaks ties between equal items) and only the chunk's entries are
    touched."""

    def add_items(self, model, objs):
        from modelsearch.utils import get_content_type_pk

        objs = list(objs)
        self._writing_chunk = True
        try:
            super().add_items(model, objs)
        finally:
            self._writing_chunk = False
        written = self.entries.filter(
            content_type_id=get_content_type_pk(model), object_id__in=[str(o.pk) for o in objs]
        )
        written.annotate(title_length=Length("title")).filter(title_length__gt=0).update(
            title_norm=Value(TITLE_REFERENCE_LENGTH) / F("title_length")
        )

    def _refresh_title_norms(self, full=False):
        # Norms do not depend on other entries: nothing to redo after a chunk or a rebuild.
        return

    def delete_stale_model_entries(self, model):
        """Entries of rows that no longer exist, found by an anti-join. Wagtail writes
        `object_id NOT IN (SELECT pk …)`: once the ids outgrow `work_mem` PostgreSQL compares
        every entry with every id, and rebuilding an index that already holds 200,000 entries
        did not finish in 15 minutes. NOT EXISTS is planned as a hash anti-join (seconds)."""
        from django.db.models import TextField

        from modelsearch.utils import get_descendants_content_types_pks

        existing = model._default_manager.annotate(object_id_text=Cast("pk", TextField())).filter(
            object_id_text=OuterRef("object_id")
        )
        self.entries.filter(content_type_id__in=get_descendants_content_types_pks(model)).exclude(
            Exists(existing)
        ).delete()


class ParvisPostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = BoundedSearchQueryCompiler
    autocomplete_query_compiler_class = BoundedAutocompleteQueryCompiler
    results_class = PostgresSearchResults
    index_class = ParvisPostgresIndex

    def __init__(self, params):
        params = {"SEARCH_CONFIG": SEARCH_CONFIG, **params}
        super().__init__(params)
        # Prefix matching (autocomplete) on the same unaccented stems as full-text search.
        self.autocomplete_config = params.get("AUTOCOMPLETE_SEARCH_CONFIG", self.config)
        self.candidates = int(params.get("CANDIDATES", DEFAULT_CANDIDATES))
        self.autocomplete_candidates = int(
            params.get("AUTOCOMPLETE_CANDIDATES", DEFAULT_AUTOCOMPLETE_CANDIDATES)
        )


SearchBackend = ParvisPostgresSearchBackend
