"""The same search code on Elasticsearch/OpenSearch: every filter it uses (rights, facets) is a
declared filter field that Wagtail's Elasticsearch backend can translate, and the index is
analysed in French. Checked by building the backend's queries and mapping; no server needed."""

import json

import pytest

from knowledge.models import SearchItem
from knowledge.search.backends.elasticsearch import FRENCH_ANALYSIS, french
from knowledge.search.query import Filters, items_for, parse_query

pytestmark = pytest.mark.django_db


@pytest.fixture
def backend():
    return french("elasticsearch8")({"URLS": ["http://127.0.0.1:9"], "INDEX_PREFIX": "test_"})


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(kind="document", service=3, theme=4, period="month"),
        Filters(theme=4, period="year", family="pdf"),
    ],
)
def test_the_search_compiles_to_an_elasticsearch_query_with_the_readers_rights(
    backend, agent, library, kb, filters
):
    parsed = parse_query('congés -maternité "temps partiel" OR télétravail')
    results = backend.search(parsed.query, items_for(agent, filters), operator="and")
    query = json.dumps(results.query_compiler.get_query(), default=str)
    assert "access_filter" in query
    assert '"library"' in query and "r0:all" in query
    assert f"folder:{library.private.pk}" not in query  # a restricted folder they may not enter
    if filters.theme:
        assert "search_themes_filter" in query
    suggestions = backend.autocomplete("télét", items_for(agent))
    assert "access_filter" in json.dumps(suggestions.query_compiler.get_query(), default=str)


def test_access_keys_are_indexed_as_a_list(backend, news_index, payroll, agent):
    from social.people.audience import Audience
    from tests.factories import make_news

    news = make_news(news_index, title="Paie", audience=Audience.SERVICES, services=[payroll])
    item = SearchItem.objects.get(source_id=news.pk, kind="news")
    document = backend.mapping_class(SearchItem).get_document(item)
    assert document["access_filter"] == ["r0:*", f"r0:service:{payroll.pk}"]
    assert "Paie" in document["title"]


def test_the_index_is_analysed_in_french_without_accents(backend):
    analysis = backend.settings["settings"]["analysis"]
    assert (
        analysis["analyzer"]["default"]
        == FRENCH_ANALYSIS["settings"]["analysis"]["analyzer"]["default"]
    )
    assert "asciifolding" in analysis["analyzer"]["default"]["filter"]
    # Wagtail's own n-gram analysers are kept.
    assert "edgengram_analyzer" in analysis["analyzer"]
    title = backend.mapping_class(SearchItem).get_mapping()
    edgengrams = json.dumps(title)
    assert '"search_analyzer": "parvis_folding"' in edgengrams


def test_search_url_selects_the_backend(settings):
    from django.test.utils import override_settings

    from wagtail.search.backends import get_search_backend

    config = {
        "default": {
            "BACKEND": "knowledge.search.backends.elasticsearch.Elasticsearch8",
            "URLS": ["http://127.0.0.1:9"],
            "INDEX_PREFIX": "test_",
        }
    }
    with override_settings(WAGTAILSEARCH_BACKENDS=config):
        backend = get_search_backend()
    assert type(backend).__name__ == "FrenchElasticsearch8SearchBackend"
