"""Suggestions never go blank mid-word: every prefix of four letters or more of every word of
every title of the corpus suggests that title, typed with or without its accents, alone or
after the title's first words (« Le portage de re… »)."""

import re

import pytest

from knowledge.search.query import suggestions
from knowledge.search.words import fold

from .corpus import ITEMS, build_corpus

pytestmark = pytest.mark.django_db

MIN_PREFIX = 4


def prefixes(title: str):
    """(typed, why) for each prefix of each word of `title`, alone and after the words before
    it, accented and not."""
    words = re.findall(r"\w+", title)
    for position, word in enumerate(words):
        for length in range(MIN_PREFIX, len(word) + 1):
            prefix = word[:length]
            for typed in {prefix, fold(prefix)}:
                yield typed
                if position:
                    yield " ".join([*words[:position], typed])


def test_every_prefix_of_every_title_word_suggests_its_title(home, news_index):
    corpus = build_corpus(home, news_index)
    failures = []
    checked = 0
    for item in ITEMS.values():
        for typed in set(prefixes(item.title)):
            checked += 1
            titles = [hit.title for hit in suggestions(corpus.agent, typed)]
            if item.title not in titles:
                failures.append((typed, item.title, titles[:3]))
    assert checked > 2000
    assert failures == []


def test_a_title_starting_with_a_function_word_is_suggested(home, news_index):
    corpus = build_corpus(home, news_index)
    for typed in ("Le po", "Le portage", "La rup", "Les tit", "Un nouv"):
        titles = [hit.title for hit in suggestions(corpus.agent, typed)]
        expected = next(
            item.title
            for item in ITEMS.values()
            if fold(item.title).startswith(fold(typed).split()[0] + " ")
            and fold(typed).split()[-1] in fold(item.title)
        )
        assert expected in titles, typed


def test_suggestions_put_titles_beginning_with_what_is_typed_first(home, news_index):
    corpus = build_corpus(home, news_index)
    titles = [hit.title for hit in suggestions(corpus.agent, "Inscri")]
    starting = [title for title in titles if fold(title).startswith("inscri")]
    assert starting and titles[: len(starting)] == starting
