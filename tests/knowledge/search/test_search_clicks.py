"""Openings from search are counted (no reader recorded) and rank suggestions: titles beginning
with what is typed first, then the most opened. Nobody counts an opening of what they may not
find, nor learns from the answer whether it exists."""

import pytest

from knowledge.models import SearchItem
from knowledge.search.query import suggestions

from ..conftest import make_article

pytestmark = pytest.mark.django_db

OPENED = "/recherche/ouverture/"


def _row(page) -> SearchItem:
    return SearchItem.objects.get(source_id=page.pk, kind="article")


def test_an_opening_is_counted_for_what_the_reader_may_find(kb, login, agent):
    client = login(agent)
    visible, hidden = _row(kb["budget"]), _row(kb["secret"])
    first = client.post(OPENED, {"item": visible.pk})
    second = client.post(OPENED, {"item": hidden.pk})
    third = client.post(OPENED, {"item": "n'importe quoi"})
    assert first.status_code == second.status_code == third.status_code == 204
    assert first.content == second.content == b""
    visible.refresh_from_db()
    hidden.refresh_from_db()
    assert (visible.clicks, hidden.clicks) == (1, 0)


def test_nobody_signed_out_counts_anything(kb, client):
    row = _row(kb["budget"])
    response = client.post(OPENED, {"item": row.pk})
    assert response.status_code == 302 and "/connexion/" in response["Location"]
    row.refresh_from_db()
    assert row.clicks == 0


def test_the_most_opened_title_is_suggested_first_among_those_beginning_alike(kb, agent):
    popular = make_article(kb["careers"], "Poser une demi-journée")
    make_article(kb["careers"], "Poser un jour de RTT")  # newer: first among equals
    titles = [hit.title for hit in suggestions(agent, "Poser")]
    assert titles[0] != popular.title
    SearchItem.objects.filter(source_id=popular.pk, kind="article").update(clicks=12)
    titles = [hit.title for hit in suggestions(agent, "Poser")]
    assert titles[0] == popular.title
    # a title beginning with the typed text still comes before a popular one that does not
    SearchItem.objects.filter(source_id=kb["budget"].pk, kind="article").update(clicks=50)
    assert [hit.title for hit in suggestions(agent, "Prépar")][0] == "Préparer le budget"


def test_result_links_and_suggestions_carry_their_row(kb, login, agent):
    client = login(agent)
    row = _row(kb["budget"])
    page = client.get("/recherche/", {"q": "budget"}).content.decode()
    assert f'data-search-item="{row.pk}"' in page
    options = client.get("/recherche/suggestions/", {"q": "Prépar"}, HTTP_HX_REQUEST="true")
    assert f'data-search-item="{row.pk}"' in options.content.decode()
    assert 'name="parvis-search-click"' in page
