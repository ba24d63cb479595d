"""The OpenSearch path end to end, against an EMULATOR: osmem-server (PyPI), an in-memory
OpenSearch-compatible server, since no real OpenSearch or Elasticsearch can be installed on
this machine. Parvis's search runs unchanged on Wagtail's `opensearch3` backend with the French
analysis: the index is created with it and filled by `search_rebuild`, and searches, the
readers' access filter, the facets and the suggestions are answered by the emulator.

What the emulator does not do as OpenSearch would, and is therefore not asserted here (the
analysis settings are checked as sent): the elision filter (l', d'…) is ignored, and a match
query is not analysed like the indexed text (« conges » does not find « Congés »)."""

import pytest
from osmem_server import OsmemServer

from cms.demo import files
from knowledge.search.query import Filters, search_everything, suggestions
from tests.factories import UserFactory, make_news
from tests.knowledge.conftest import upload

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def emulator():
    with OsmemServer.start(japanese=False) as server:
        yield server


@pytest.fixture
def opensearch(settings, emulator):
    """Parvis configured as a large install would be: SEARCH_URL and SEARCH_ENGINE=opensearch3
    (cms/settings/base.py builds this entry from them)."""
    with emulator.clone() as clone:
        settings.WAGTAILSEARCH_BACKENDS = {
            "default": {
                "BACKEND": "knowledge.search.backends.elasticsearch.OpenSearch3",
                "URLS": [clone.url],
                "INDEX_PREFIX": "parvis_",
                "TIMEOUT": 10,
                "OPTIONS": {},
                "ATOMIC_REBUILD": True,
                "AUTO_UPDATE": True,
            }
        }
        yield clone


def rebuild():
    from django.core.management import call_command

    call_command("search_rebuild", "-v0")


@pytest.fixture
def content(opensearch, kb, library, news_index, payroll, hr_insider, agent):
    from social.people.audience import Audience

    make_news(news_index, title="Télétravail : la nouvelle charte")
    make_news(
        news_index, title="Télétravail des gestionnaires de paie",
        audience=Audience.SERVICES, services=[payroll],
    )  # fmt: skip
    upload(
        hr_insider, library.private, "teletravail-dossiers.docx",
        files.docx(["Télétravail", "Dossiers individuels des agents en télétravail"]),
        title="Télétravail — dossiers individuels",
    )  # fmt: skip
    upload(
        agent, library.finances, "charte-teletravail.docx",
        files.docx(["Charte du télétravail", "Jours de télétravail et matériel"]),
        title="Charte du télétravail (bibliothèque)",
    )  # fmt: skip
    rebuild()


def titles(results):
    return {hit.title for hit in results.hits}


def test_the_index_is_created_with_the_french_analysis(opensearch, content):
    from opensearchpy import OpenSearch

    client = OpenSearch(hosts=[opensearch.url])
    indices = client.indices.get(index="parvis_*")
    search_rows = next(body for name, body in indices.items() if "searchitem" in name)
    analysis = search_rows["settings"]["index"]["analysis"]
    assert set(analysis["analyzer"]["default"]["filter"]) >= {"asciifolding", "lowercase"}
    assert analysis["filter"]["parvis_french_stemmer"]["language"] == "light_french"
    assert client.count(index=next(iter(i for i in indices if "searchitem" in i)))["count"] >= 4


def test_results_come_from_the_emulator_not_from_postgresql(opensearch, content, agent):
    from wagtail.search.backends import get_search_backend

    from opensearchpy import OpenSearch

    assert type(get_search_backend()).__name__ == "FrenchOpenSearch3SearchBackend"
    assert titles(search_everything(agent, "Télétravail", correct=False))
    OpenSearch(hosts=[opensearch.url]).indices.delete(index="parvis_*")
    with pytest.raises(Exception, match="index_not_found|no such index|404"):
        search_everything(agent, "Télétravail", correct=False)


def test_a_search_through_opensearch_respects_each_readers_rights(
    content, agent, payroll, hr_insider
):
    found = titles(search_everything(agent, "Télétravail"))
    assert "Télétravail : la nouvelle charte" in found
    assert "Charte du télétravail (bibliothèque)" in found
    # A news item for another service and a restricted folder's document: not for her.
    assert "Télétravail des gestionnaires de paie" not in found
    assert "Télétravail — dossiers individuels" not in found

    colleague = UserFactory(service=payroll)
    assert "Télétravail des gestionnaires de paie" in titles(
        search_everything(colleague, "Télétravail")
    )
    assert "Télétravail — dossiers individuels" in titles(
        search_everything(hr_insider, "Télétravail")
    )


def test_facets_and_kind_filter_come_from_opensearch_hits(content, agent, finances):
    from knowledge.models import SearchItem

    results = search_everything(agent, "Télétravail")
    assert results.counts["news"] == 1 and results.counts["document"] == 1
    charter = SearchItem.objects.get(kind="document", title="Charte du télétravail (bibliothèque)")
    assert results.families == {charter.family: 1}
    documents = search_everything(agent, "Télétravail", Filters(kind="document"))
    assert titles(documents) == {"Charte du télétravail (bibliothèque)"}
    assert documents.services[finances.pk] == 1


def test_suggestions_through_opensearch_complete_what_is_typed(content, agent):
    proposed = [hit.title for hit in suggestions(agent, "Télét")]
    assert "Télétravail : la nouvelle charte" in proposed
    assert "Télétravail — dossiers individuels" not in proposed


def test_a_new_item_is_indexed_at_once_and_found(content, agent, news_index):
    make_news(news_index, title="Télétravail pendant les congés d'été")
    assert "Télétravail pendant les congés d'été" in titles(search_everything(agent, "Télétravail"))
