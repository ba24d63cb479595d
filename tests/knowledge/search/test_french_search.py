"""French search without accents on PostgreSQL: one text search configuration of Parvis's own
(unaccent, then the French stemmer), for full-text search and autocomplete alike."""

from django.db import connection

import pytest

from cms.demo import files
from knowledge.models import SearchItem
from tests.factories import make_news

from ..conftest import upload

pytestmark = pytest.mark.django_db


def found(query, **options):
    """Documents found by the site's search rows (titles, descriptions and text inside)."""
    items = SearchItem.objects.filter(kind="document")
    return {item.title for item in items.search(query, **options)}


@pytest.fixture
def documents(agent, library):
    upload(
        agent,
        library.finances,
        "a.pdf",
        files.pdf_with_text(["Poser ses congés d'été"]),
        title="Congés annuels",
    )
    upload(
        agent,
        library.finances,
        "b.pdf",
        files.pdf_with_text(["Les élections municipales auront lieu en mars"]),
        title="Calendrier",
    )
    upload(
        agent,
        library.finances,
        "c.pdf",
        files.pdf_with_text(["Rien à voir"]),
        title="Télétravail : la charte",
    )


def test_the_configuration_exists_and_strips_accents():
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('parvis_french', 'Congés Élections télétravail')")
        (vector,) = cursor.fetchone()
    assert "'cong'" in vector and "'elect'" in vector and "é" not in vector


@pytest.mark.parametrize("query", ["congé", "conges", "Congés", "CONGES", "congés"])
def test_accents_case_and_plurals_do_not_matter(documents, query):
    assert found(query) == {"Congés annuels"}


def test_words_inside_the_text_match_without_their_accents_and_plural(documents):
    assert found("election municipale") == {"Calendrier"}


def test_autocomplete_completes_without_accents(documents):
    titles = {item.title for item in SearchItem.objects.autocomplete("teletrav")}
    assert titles == {"Télétravail : la charte"}


def test_news_search_is_accent_insensitive_too(news_index):
    make_news(
        news_index, title="Élections municipales : les bureaux de vote", lead="Tenue des bureaux."
    )
    from home.models import NewsPage

    assert [page.title for page in NewsPage.objects.live().search("elections")] == [
        "Élections municipales : les bureaux de vote"
    ]
