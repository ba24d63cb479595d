"""Wagtail's PostgreSQL search, in French without accents, ranking a bounded set of matches.

French: PostgreSQL's stock `french` configuration stems but keeps accents, and Wagtail's
autocomplete uses `simple`, which keeps them too: « conges » would not find « Congés », nor
« teletravail » complete « Télétravail ». Migration knowledge/0005 creates `parvis_french`
(unaccent, then the French stemmer, on words and hyphenated words) for full-text search;
suggestions use `parvis_simple` (migration knowledge/0014: unaccent, no stemmer, no stop word),
so every prefix of a word completes it.

Bounded: Wagtail ranks every match before taking the first page, which costs hundreds of
milliseconds for a word found in most of 100,000 items. Here at most `CANDIDATES` matches are
ranked: up to that many whose *title* matches, and up to that many others, taken with the
reader's filters (rights, facets) already applied so nothing the reader may see is crowded out
by what they may not. Matching uses the GIN index on the combined title-and-body vector
(migration knowledge/0007); matches stream out of it and are checked against the reader's
filters by primary key until enough are found. Counts and facets are counted over the ranked
results, and say so with a « + » when they reach the limit (knowledge/search/query.py).
Elasticsearch and OpenSearch need none of this: they rank top hits natively.

Also: ranks normalised by length, titles weighing twice the body, title norms independent of
the rest of the index (ParvisPostgresIndex), and excluded phrases kept excluded.

On SQLite (`make run`) knowledge/search/backends/sqlite.py is used instead.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import BigIntegerField, Exists, F, OuterRef
from django.db.models.functions import Cast

from wagtail.search.backends.database.postgres.postgres import (
    IndexEntry,
    PostgresAutocompleteQueryCompiler,
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
    PostgresSearchResults,
)
from wagtail.search.query import Fuzzy, MatchAll, Not, Phrase, PlainText

SEARCH_CONFIG = "parvis_french"
AUTOCOMPLETE_CONFIG = "parvis_simple"  # unaccented, unstemmed: a prefix matches as typed
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
    """Index entries written in one statement per chunk, title norms included.

    Title norms are set against a fixed reference length. Wagtail divides the *current* average
    title length by each title's, then after every chunk rewrites every entry whose norm is still
    1.0 (a full-table pass per chunk, quadratic on a rebuild) and, at the end of a rebuild, every
    entry. Here the same title always weighs the same (so recency breaks ties between equal
    items), computed in the statement that writes the entry.

    Rebuilding 100,000 rows was bound by Python, not PostgreSQL: Wagtail reads every search field
    of an object five times (title, body, autocomplete and their plain texts; a page's body is
    its whole StreamField) and builds a Django expression for each text. Here each field is read
    once and the SQL is written directly; the vectors are the same, to the position
    (tests/knowledge/library/test_search_index_writes.py compares them with Wagtail's)."""

    def add_items(self, model, objs):
        from modelsearch.backends.database.postgres.postgres import ObjectIndexer
        from modelsearch.index import AutocompleteField, SearchField
        from modelsearch.utils import balanced_reduce, get_content_type_pk

        if not model.get_search_fields():
            return
        content_type_pk = get_content_type_pk(model)
        rows_sql, params = [], []
        for obj in objs:
            indexer = ObjectIndexer(obj, self.backend)
            title, body, autocomplete = [], [], []
            for search_field in indexer.search_fields:
                for field, weight, value in indexer.prepare_field(obj, search_field):
                    text = value.strip()
                    if not text:
                        continue
                    if isinstance(field, SearchField):
                        (title if field.field_name == "title" else body).append((text, weight))
                    elif isinstance(field, AutocompleteField):
                        autocomplete.append((text, "D"))
            vectors_sql = []
            params.extend((content_type_pk, str(obj.pk)))
            for texts, config in (
                (title, self.backend.config),
                (autocomplete, self.backend.autocomplete_config),
                (body, self.backend.config),
            ):
                if not texts:
                    vectors_sql.append("''::tsvector")
                    continue
                vectors_sql.append(
                    balanced_reduce(
                        lambda left, right: f"({left} || {right})",
                        ["setweight(to_tsvector(%s::regconfig, %s), %s)"] * len(texts),
                    )
                )
                for text, weight in texts:
                    params.extend((config, text, weight))
            params.append(" ".join(text for text, _weight in title))
            params.append(" ".join(text for text, _weight in body))
            vectors = ", ".join(vectors_sql)
            rows_sql.append(f"(%s::integer, %s::text, {vectors}, %s::text, %s::text)")
        if not rows_sql:
            return
        sql = f"""
            INSERT INTO {IndexEntry._meta.db_table} (content_type_id, object_id, title,
                autocomplete, body, title_norm, title_text, body_text)
            SELECT content_type_id, object_id, title, autocomplete, body,
                COALESCE(%s::double precision / NULLIF(length(title), 0), 1.0),
                title_text, body_text
            FROM (VALUES {", ".join(rows_sql)}) AS entry (content_type_id, object_id, title,
                autocomplete, body, title_text, body_text)
            ON CONFLICT (content_type_id, object_id)
            DO UPDATE SET title = EXCLUDED.title, title_norm = EXCLUDED.title_norm,
                autocomplete = EXCLUDED.autocomplete, body = EXCLUDED.body,
                title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text
        """  # noqa: S608 (a table name and placeholders; values are parameters)
        with self.write_connection.cursor() as cursor:
            cursor.execute(sql, [TITLE_REFERENCE_LENGTH, *params])

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
        # Prefix matching (autocomplete) on words as written, without accents: a stem would cut
        # « Logement » to « log », which the prefix « logem » does not match (migration 0014).
        self.autocomplete_config = params.get("AUTOCOMPLETE_SEARCH_CONFIG", AUTOCOMPLETE_CONFIG)
        self.candidates = int(params.get("CANDIDATES", DEFAULT_CANDIDATES))
        self.autocomplete_candidates = int(
            params.get("AUTOCOMPLETE_CANDIDATES", DEFAULT_AUTOCOMPLETE_CANDIDATES)
        )


SearchBackend = ParvisPostgresSearchBackend
