"""Words as search handles them: folded (lower case, no accents), the function words a question
adds (« comment », « combien », « quand »…), and the vocabulary of what each reader may read,
from which typing mistakes are corrected.

The vocabulary (`SearchWord`) holds each word of the searchable items once per access key of
the items holding it: a reader is only ever offered a correction taken from items they may
read. It is written with each search row (`vocabulary_add`) and rebuilt every six hours and after a
full rebuild (`vocabulary_rebuild`), which drops the words of items gone or hidden since.
Similar words are found with trigrams (pg_trgm) on PostgreSQL, among words of about the same
length elsewhere; both are then ranked the same way (`difflib`'s ratio, then how many items
hold the word), so PostgreSQL and SQLite correct alike.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models.functions import Length

from cms.core.fields import postgresql_text_array
from cms.core.text import fold

from ..models import SearchItem, SearchWord

LETTERS = re.compile(r"[^\W\d_]+")
MIN_WORD = 3
MAX_WORD = 40
MIN_CORRECTABLE = 4  # shorter words have too many neighbours to be corrected
MIN_SIMILARITY = 0.75  # difflib ratio of a correction to the word typed
TRIGRAM_CANDIDATES = 40
VOCABULARY_TEXT_LIMIT = 200_000  # characters of an item read for its words
VOCABULARY_BATCH = 5_000

# What a question or a sentence adds around the words that matter. Dropped only when the search
# with every word finds nothing (knowledge/search/query.py), never from a quoted phrase.
FUNCTION_WORDS = frozenset(
    [
        "a",
        "ai",
        "as",
        "au",
        "aux",
        "avec",
        "avoir",
        "c",
        "ca",
        "ce",
        "ceci",
        "cela",
        "ces",
        "cet",
        "cette",
        "chez",
        "combien",
        "comment",
        "d",
        "dans",
        "de",
        "des",
        "dois",
        "doit",
        "doivent",
        "donc",
        "dont",
        "du",
        "elle",
        "en",
        "est",
        "et",
        "etre",
        "faire",
        "fait",
        "faut",
        "il",
        "ils",
        "j",
        "je",
        "l",
        "la",
        "le",
        "les",
        "leur",
        "leurs",
        "lieu",
        "lui",
        "m",
        "ma",
        "mais",
        "me",
        "mes",
        "moi",
        "mon",
        "n",
        "ne",
        "ni",
        "nos",
        "notre",
        "nous",
        "on",
        "ou",
        "par",
        "pas",
        "peut",
        "peuvent",
        "pour",
        "pourquoi",
        "puis",
        "puisje",
        "quand",
        "que",
        "quel",
        "quelle",
        "quelles",
        "quels",
        "qu",
        "qui",
        "quoi",
        "s",
        "sa",
        "sans",
        "se",
        "ses",
        "si",
        "son",
        "sont",
        "sur",
        "t",
        "ta",
        "te",
        "tes",
        "toi",
        "ton",
        "tu",
        "un",
        "une",
        "vais",
        "veut",
        "veux",
        "vos",
        "votre",
        "vous",
        "y",
    ]
)


def is_function_word(word: str) -> bool:
    return fold(word).replace("-", "") in FUNCTION_WORDS


def vocabulary_words(text: str) -> set[str]:
    """The distinct folded words of `text` worth correcting towards."""
    return {
        word
        for word in LETTERS.findall(fold(text[:VOCABULARY_TEXT_LIMIT]))
        if MIN_WORD <= len(word) <= MAX_WORD and word not in FUNCTION_WORDS
    }


def item_words(item: SearchItem, body: str | None = None) -> set[str]:
    text = " ".join((item.title, item.summary, item.body() if body is None else body))
    return vocabulary_words(text)


def vocabulary_add(item: SearchItem, body: str | None = None) -> None:
    """The words of `item` under each of its access keys (those already there are kept)."""
    vocabulary_add_many([item], bodies={item.pk: body} if body is not None else None)


def vocabulary_add_many(items: Iterable[SearchItem], bodies: dict | None = None) -> None:
    """`vocabulary_add` for many rows at once (an import, a bulk sync): the pairs they share
    (a service's name, a job title…) written once, in a few statements."""
    pairs = {
        (access, word)
        for item in items
        for word in item_words(item, (bodies or {}).get(item.pk))
        for access in item.access
    }
    rows = [SearchWord(word=word, access=access) for access, word in sorted(pairs)]
    for start in range(0, len(rows), VOCABULARY_BATCH):
        SearchWord.objects.bulk_create(
            rows[start : start + VOCABULARY_BATCH], ignore_conflicts=True
        )


def vocabulary_rebuild(chunk_size: int = 500) -> int:
    """The whole vocabulary again from the search rows, with how many items hold each word;
    words of items removed or hidden since go. Returns the number of (word, access) rows."""
    counts: Counter = Counter()
    for item in SearchItem.get_indexed_objects().iterator(chunk_size=chunk_size):
        words = item_words(item)
        for access in item.access:
            counts.update((access, word) for word in words)
    with transaction.atomic():
        SearchWord.objects.all().delete()
        _insert(counts.items())
    return len(counts)


def _insert(counted: Iterable) -> None:
    batch = []
    for (access, word), items in counted:
        batch.append(SearchWord(access=access, word=word, items=items))
        if len(batch) == VOCABULARY_BATCH:
            SearchWord.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    SearchWord.objects.bulk_create(batch, ignore_conflicts=True)


def corrections(word: str, keys: list[str] | None, limit: int = 3) -> list[str]:
    """Words of the reader's vocabulary (`keys`: their access keys, None for all) close to
    `word`, closest first; none for a short word or one known as typed."""
    folded = fold(word)
    if len(folded) < MIN_CORRECTABLE or not folded.isalpha():
        return []
    if connection.vendor == "postgresql":
        candidates = _trigram_neighbours(folded, keys)
    else:
        candidates = _length_neighbours(folded, keys)
    if folded in candidates:
        return []
    scored = []
    for candidate, items in candidates.items():
        ratio = difflib.SequenceMatcher(None, folded, candidate).ratio()
        if ratio >= MIN_SIMILARITY:
            scored.append((ratio, items, candidate))
    scored.sort(key=lambda row: (-row[0], -row[1], row[2]))
    return [candidate for _ratio, _items, candidate in scored[:limit]]


def _trigram_neighbours(folded: str, keys: list[str] | None) -> dict[str, int]:
    sql = f"""
        SELECT word, SUM(items) FROM {SearchWord._meta.db_table}
        WHERE word %% %s {"" if keys is None else "AND access = ANY(%s::text[])"}
        GROUP BY word ORDER BY similarity(word, %s) DESC LIMIT {TRIGRAM_CANDIDATES}
    """  # noqa: S608 (the table's name; values are parameters)
    params = [folded] + ([] if keys is None else [postgresql_text_array(keys)]) + [folded]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return dict(cursor.fetchall())


def _length_neighbours(folded: str, keys: list[str] | None) -> dict[str, int]:
    words = SearchWord.objects.annotate(length=Length("word")).filter(
        length__gte=len(folded) - 2, length__lte=len(folded) + 2
    )
    if keys is not None:
        words = words.filter(access__in=keys)
    found: Counter = Counter()
    for candidate, items in words.values_list("word", "items").iterator(chunk_size=5_000):
        found[candidate] += items
    return dict(found)
