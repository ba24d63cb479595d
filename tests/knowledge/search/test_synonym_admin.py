"""Recherche › Synonymes in the admin, for communication officers, and the search report's
one-click ways to make a query that found nothing find something."""

from django.utils import timezone

import pytest

from knowledge.models import SearchTermDay, Synonym
from knowledge.search.query import search_everything

pytestmark = pytest.mark.django_db

LIST = "/admin/snippets/knowledge/synonym/"
ADD = LIST + "add/"
REPORT = "/admin/rapports/recherches/"
PROMOTE = REPORT + "mettre-en-avant/"


def test_a_communication_officer_adds_a_synonym_that_search_uses_at_once(
    kb, login, communication_officer, agent
):
    client = login(communication_officer)
    assert "vacances" in client.get(LIST, {"q": "vacances"}).content.decode()  # the seed
    form = client.get(ADD, {"term": "débours"}).content.decode()
    assert 'value="débours"' in form  # opened from the report: the term already written
    response = client.post(
        ADD, {"term": "débours", "equivalents": "payer une facture", "two_way": "on"}
    )
    assert response.status_code == 302
    assert Synonym.objects.get(term="débours").two_way
    titles = [hit.title for hit in search_everything(agent, "débours").hits]
    assert "Payer une facture" in titles


def test_a_synonym_is_refused_with_a_clear_message_and_nothing_saved(
    kb, login, communication_officer
):
    client = login(communication_officer)
    before = Synonym.objects.count()
    page = client.post(ADD, {"term": "congés", "equivalents": " , "}).content.decode()
    assert "Écrivez au moins un équivalent" in page
    page = client.post(ADD, {"term": "congés", "equivalents": "Congés, repos"}).content.decode()
    assert "son propre équivalent" in page
    assert Synonym.objects.count() == before


def test_agents_and_service_editors_cannot_touch_the_table(kb, login, agent):
    client = login(agent)
    for url in (LIST, ADD):
        response = client.get(url, {"q": "vacances"})
        assert response.status_code in (302, 403)
        assert "vacances" not in response.content.decode()
    client.post(ADD, {"term": "intrus", "equivalents": "congés"})
    assert not Synonym.objects.filter(term="intrus").exists()
    assert client.post(PROMOTE, {"term": "piscine"}).status_code in (302, 403)


def test_the_report_offers_a_synonym_or_a_promotion_for_each_query_that_found_nothing(
    kb, login, communication_officer
):
    SearchTermDay.objects.create(
        term="piscine municipale", day=timezone.localdate(), searches=4, without_results=4
    )
    client = login(communication_officer)
    page = client.get(REPORT).content.decode()
    assert f"{ADD}?term=piscine%20municipale" in page
    assert "Mettre en avant une page" in page
    response = client.post(PROMOTE, {"term": "piscine municipale"})
    assert response.status_code == 302
    assert "/admin/searchpicks/" in response["Location"]
    assert "piscine municipale" in client.get(response["Location"]).content.decode()
