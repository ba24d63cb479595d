"""The search page says what it searched when it forgave something: a corrected query, a
question reduced to its keywords, approaching results, a « Vouliez-vous dire » link; and its
zero-result page offers a way on (a filter removed at a time, the services' pages). Readers who
may not see a restricted article get neither its results nor corrections from its words."""

import pytest

from knowledge.models import SearchWord, Synonym
from knowledge.search.query import Step, search_everything
from knowledge.search.synonyms import SEED, synonym_table

pytestmark = pytest.mark.django_db

SEARCH = "/recherche/"


def test_a_typo_shows_the_corrected_results_and_says_so(kb, login, agent):
    response = login(agent).get(SEARCH, {"q": "conjés"})
    page = response.content.decode()
    assert "Poser des congés" in page
    assert "recherche corrigée" in page
    assert "conges" in page  # the corrected query, as searched
    assert "exact=1" in page  # the way back to the query as typed


def test_the_query_as_typed_can_be_asked_for(kb, login, agent):
    page = login(agent).get(SEARCH, {"q": "conjés", "exact": "1"}).content.decode()
    assert "Poser des congés" not in page
    assert "Aucun résultat" in page
    assert (
        "type=article&amp;exact=1" in page or "exact=1&amp;type=article" in page
    )  # facets keep it
    assert 'name="exact"' not in page  # a new query typed in the box is corrected again


def test_a_question_is_searched_by_its_keywords_and_says_so(kb, login, agent):
    page = login(agent).get(SEARCH, {"q": "quand poser des congés"}).content.decode()
    assert "Poser des congés" in page
    assert "mots importants" in page


def test_approaching_results_are_said_to_be_so(kb, agent):
    results = search_everything(agent, "préparer budget trimestriel")
    assert results.step == Step.BEST_MATCH
    assert "Préparer le budget" in [hit.title for hit in results.hits]


def test_a_correction_is_offered_when_some_words_were_found(kb, login, agent):
    results = search_everything(agent, "congés budgat")
    assert results.hits and results.suggestion == "congés budget"  # the reader's accents kept
    page = login(agent).get(SEARCH, {"q": "congés budgat"}).content.decode()
    assert "Vouliez-vous dire" in page and "cong%C3%A9s+budget" in page


def test_the_zero_result_page_removes_a_filter_at_a_time_and_leads_to_the_services(
    kb, login, agent
):
    page = login(agent).get(SEARCH, {"q": "budget", "service": "drh"}).content.decode()
    assert "Aucun résultat" in page
    assert "Retirer « Service" in page
    assert kb["finances_page"].title in page  # the services' pages of the knowledge base


def test_a_synonym_takes_effect_at_the_next_search_without_reindexing(kb, agent):
    assert not search_everything(agent, "débours").hits
    Synonym.objects.create(term="débours", equivalents="payer une facture")
    next_request = agent.__class__.objects.get(pk=agent.pk)  # what one request read stays
    titles = [hit.title for hit in search_everything(next_request, "débours").hits]
    assert "Payer une facture" in titles


def test_an_acronym_is_searched_through_what_it_stands_for_not_its_stem(kb, agent):
    """« CET » (compte épargne-temps) does not find every text with « cette »."""
    from tests.knowledge.conftest import make_article

    make_article(kb["careers"], "Cette semaine au service", lead="Cette semaine, rien.")
    make_article(kb["careers"], "Ouvrir un compte épargne-temps")
    titles = [hit.title for hit in search_everything(agent, "CET").hits]
    assert titles == ["Ouvrir un compte épargne-temps"]
    # typed in lower case, it is an ordinary word
    assert "Cette semaine au service" in [hit.title for hit in search_everything(agent, "cet").hits]


def test_the_seeded_table_has_at_least_eighty_pairs_and_is_in_place(kb):
    assert len(SEED) >= 80
    table, acronyms = synonym_table()
    assert ("vacances",) in table and "cet" in acronyms


def test_a_restricted_article_gives_neither_results_nor_corrections_to_who_may_not_see_it(
    kb, login, agent, direction
):
    assert SearchWord.objects.filter(word="confidentiel").exists()
    for query in ("confidentiel", "confidentel", "plan sociale confidentel"):
        results = search_everything(agent, query)
        assert "Plan social confidentiel" not in [hit.title for hit in results.hits], query
        assert "confidentiel" not in results.corrected + results.suggestion, query
        page = login(agent).get(SEARCH, {"q": query}, HTTP_HX_REQUEST="true").content.decode()
        assert "confidentiel" not in page.replace(query, ""), query
    insider = agent.__class__.objects.create_user(
        email="dg@exemple.fr", password="x", service=direction
    )
    insider.groups.add(kb["management"])
    results = search_everything(insider, "confidentel")
    assert results.corrected == "confidentiel"
    assert "Plan social confidentiel" in [hit.title for hit in results.hits]


def test_a_search_that_finds_nothing_does_not_inherit_how_an_earlier_one_was_found(kb, agent):
    tried = search_everything(agent, "zzzqx wwwqy")  # every step tried, to the best matches
    assert tried.hits == [] and tried.step == Step.BEST_MATCH
    only_excluded = search_everything(agent, "-brouillon")
    assert only_excluded.hits == [] and only_excluded.step == Step.ALL
