"""The forgiving steps of search, from the side of the reader who must not get in: a
correction, a synonym, a question's keywords or a best match never bring in an item they may
not see (restricted section, reserved folder, secret group), and a correction is never taken
from such an item's words. The insider who may see them is the control: same queries, found."""

import pytest

from knowledge.models import SearchWord, Synonym
from knowledge.search.query import search_everything
from knowledge.search.words import corrections

from .corpus import HIDDEN_WORDS, build_corpus

pytestmark = pytest.mark.django_db

# (what is typed, the hidden item it would reach)
REACHING_FOR_HIDDEN = [
    ("préfiguration", "hidden-article"),
    ("prefiguraton", "hidden-article"),  # a typo of a word only the hidden article holds
    ("comment lire la note de préfiguration", "hidden-article"),  # question words dropped
    ("note préfiguration organisation inconnue", "hidden-article"),  # best match
    ("harcèlement", "hidden-document"),
    ("harcelemant", "hidden-document"),
    ("signalement harcèlement enquête", "hidden-document"),
    ("mutualisation", "hidden-post"),
    ("mutualisaton intercommunalité", "hidden-post"),
    ("réorganisation", "hidden-article"),  # through the synonym added below
]


def _reached(results, corpus, key) -> bool:
    hidden = corpus.objects[key]
    return any(hit.pk == hidden.pk and hit.kind in _kinds(key) for hit in results.hits)


def _kinds(key: str) -> set[str]:
    return {"hidden-article": {"article"}, "hidden-document": {"document"}}.get(key, {"post"})


def _said(results) -> str:
    return f"{results.corrected} {results.suggestion}"


@pytest.fixture
def corpus(home, news_index):
    built = build_corpus(home, news_index)
    Synonym.objects.create(term="réorganisation", equivalents="préfiguration", two_way=True)
    return built


def test_forgiving_search_never_brings_in_what_the_reader_may_not_see(corpus):
    agent = corpus.agent
    for query, key in REACHING_FOR_HIDDEN:
        results = search_everything(agent, query)
        assert not _reached(results, corpus, key), query
        for word in HIDDEN_WORDS.values():
            assert word not in _said(results), (query, word)


def test_a_correction_never_comes_from_words_the_reader_may_not_read(corpus):
    from knowledge.search.query import search_keys

    # The words are in the vocabulary, under the hidden items' access keys only.
    assert SearchWord.objects.filter(word="prefiguration").exists()
    assert SearchWord.objects.filter(word="harcelement").exists()
    assert SearchWord.objects.filter(word="mutualisation").exists()
    agent_keys = search_keys(corpus.agent)
    for typo in ("prefiguraton", "harcelemant", "mutualisaton"):
        assert corrections(typo, agent_keys) == [], typo
    insider_keys = search_keys(corpus.insider)
    assert corrections("prefiguraton", insider_keys) == ["prefiguration"]
    assert corrections("harcelemant", insider_keys) == ["harcelement"]
    assert corrections("mutualisaton", insider_keys) == ["mutualisation"]


def test_the_insider_who_may_see_them_finds_them_through_the_same_steps(corpus):
    insider = corpus.insider
    for query, key in REACHING_FOR_HIDDEN:
        results = search_everything(insider, query)
        assert _reached(results, corpus, key), query
    corrected = search_everything(insider, "prefiguraton")
    assert corrected.corrected == "prefiguration"


def test_a_word_left_in_the_vocabulary_by_an_item_hidden_since_is_never_offered(corpus):
    """Until the vocabulary's next rebuild, the words of an item hidden after it was indexed
    stay under its former key: the correction is still checked against what the reader may
    see today."""
    from knowledge.search.query import search_keys

    agent = corpus.agent
    SearchWord.objects.bulk_create(
        [SearchWord(word="prefiguration", access=key) for key in search_keys(agent)],
        ignore_conflicts=True,
    )
    assert corrections("prefiguraton", search_keys(agent)) == ["prefiguration"]
    for query in ("prefiguraton", "prefiguraton congés annuels"):
        results = search_everything(agent, query)
        assert "prefiguration" not in results.corrected + results.suggestion, query
        assert not _reached(results, corpus, "hidden-article"), query
