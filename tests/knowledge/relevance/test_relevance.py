"""Judged relevance: the queries of queries.py over the corpus of corpus.py, as an ordinary
agent sees it. Prints the table per kind (MRR, success@1, success@5, queries with no result)
and fails under the thresholds committed with the queries."""

from collections import defaultdict

import pytest

from knowledge.search.query import search_everything

from .corpus import build_corpus
from .queries import QUERIES, THRESHOLDS

pytestmark = pytest.mark.django_db

TOP = 5


def _keys_of(corpus):
    """(kind of hit, source id) → the corpus key."""
    keys = {}
    for key, obj in corpus.objects.items():
        kind = "document" if key.startswith(("doc-", "hidden-document")) else None
        keys[(kind or ("news" if key.startswith("news-") else "article"), obj.pk)] = key
    return keys


def _matches(hit, expected: str, keys, corpus) -> bool:
    if expected.startswith("service:"):
        return hit.service_id == corpus.services[expected.removeprefix("service:")].pk
    return keys.get((hit.kind, hit.pk)) == expected


def measure(corpus, user):
    """Per query: the rank of the first expected hit (None if not in the first results) and
    whether the search returned anything at all."""
    keys = _keys_of(corpus)
    rows = []
    for kind, query, expected in QUERIES:
        hits = search_everything(user, query).hits
        rank = next(
            (
                position
                for position, hit in enumerate(hits[:TOP], start=1)
                if _matches(hit, expected, keys, corpus)
            ),
            None,
        )
        rows.append((kind, query, expected, rank, bool(hits)))
    return rows


def summary(rows):
    by_kind = defaultdict(list)
    for row in rows:
        by_kind[row[0]].append(row)
    by_kind["ALL"] = list(rows)
    table = {}
    for kind, kind_rows in by_kind.items():
        count = len(kind_rows)
        table[kind] = {
            "queries": count,
            "mrr": sum(1 / rank for *_x, rank, _any in kind_rows if rank) / count,
            "success_at_1": sum(1 for *_x, rank, _any in kind_rows if rank == 1) / count,
            "success_at_5": sum(1 for *_x, rank, _any in kind_rows if rank) / count,
            "zero_results": sum(1 for *_x, any_hit in kind_rows if not any_hit),
        }
    return table


def test_judged_queries_meet_the_thresholds(home, news_index, capsys):
    corpus = build_corpus(home, news_index)
    rows = measure(corpus, corpus.agent)
    table = summary(rows)
    lines = [f"\n{'kind':<12} {'n':>4} {'MRR':>6} {'s@1':>6} {'s@5':>6} {'zero':>5}"]
    for kind, figures in table.items():
        lines.append(
            f"{kind:<12} {figures['queries']:>4} {figures['mrr']:>6.3f} "
            f"{figures['success_at_1']:>6.3f} {figures['success_at_5']:>6.3f} "
            f"{figures['zero_results']:>5}"
        )
    lines += [
        f"  [{kind}] {query!r} → {expected}: rank {rank}, results: {any_hit}"
        for kind, query, expected, rank, any_hit in rows
        if rank != 1
    ]
    with capsys.disabled():  # the table for the closing note
        print("\n".join(lines))  # noqa: T201
    overall = table["ALL"]
    assert overall["mrr"] >= THRESHOLDS["mrr"]
    assert overall["zero_results"] <= THRESHOLDS["zero_results_share"] * overall["queries"]
    weak = {
        kind: figures["success_at_5"]
        for kind, figures in table.items()
        if figures["success_at_5"] < THRESHOLDS["kind_success_at_5"]
    }
    assert weak == {}


def test_the_set_is_large_and_covers_every_kind():
    kinds = {kind for kind, _query, _expected in QUERIES}
    assert len(QUERIES) >= 120
    assert {"typo", "question", "synonym", "acronym", "inflection", "accents", "file"} <= kinds
    assert "common_rare" in kinds
    assert len({query for _kind, query, _expected in QUERIES}) == len(QUERIES)
