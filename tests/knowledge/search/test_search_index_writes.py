"""The index entries our PostgreSQL index writes (knowledge/search/backends/postgres.py: one statement a chunk,
each field read once) are those Wagtail's own writer makes, vector for vector, position for
position; only the title norm differs, set against a fixed reference length."""

import json

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from wagtail.search.backends import get_search_backend
from wagtail.search.backends.database.postgres.postgres import PostgresIndex
from wagtail.search.models import IndexEntry

import pytest

from cms.demo import files
from home.models import NewsPage
from knowledge.models import LibraryDocument, SearchItem, Theme
from knowledge.search.backends.postgres import TITLE_REFERENCE_LENGTH
from knowledge.search.index import search_items_rebuild
from tests.factories import make_news

from ..conftest import upload

pytestmark = pytest.mark.django_db

BODY = [
    {"type": "paragraph", "value": "<p>Les <b>congés</b> d'été : 100 % des demandes.</p>"},
    {
        "type": "quote",
        "value": {"quote": "Un parvis où l'on se retrouve", "attribution": "Le maire"},
    },
    {"type": "paragraph", "value": "<p>Télétravail   et  astreintes ; « guillemets ».</p>"},
]


def entries(model, objects) -> dict[str, tuple]:
    with connection.cursor() as cursor:
        sql = f"""
            SELECT object_id, title::text, autocomplete::text, body::text, title_text,
                body_text, title_norm FROM {IndexEntry._meta.db_table}
            WHERE content_type_id = %s AND object_id = ANY(%s) ORDER BY object_id
        """  # noqa: S608 (our table's name; values are parameters)
        cursor.execute(
            sql,
            [ContentType.objects.get_for_model(model).pk, [str(obj.pk) for obj in objects]],
        )
        return {row[0]: row[1:] for row in cursor.fetchall()}


def both_ways(model, objects):
    """Entries written by Wagtail's writer, then by ours over them (an update), then by ours
    alone (an insert)."""
    index = get_search_backend().get_index_for_model(model)
    PostgresIndex.add_items(index, model, objects)
    wagtail = entries(model, objects)
    index.add_items(model, objects)
    updated = entries(model, objects)
    IndexEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id__in=[str(obj.pk) for obj in objects],
    ).delete()
    index.add_items(model, objects)
    inserted = entries(model, objects)
    return wagtail, updated, inserted


def assert_same_vectors(wagtail, ours):
    assert wagtail.keys() == ours.keys() and wagtail
    for object_id, (title, autocomplete, body, title_text, body_text, norm) in ours.items():
        assert (title, autocomplete, body, title_text, body_text) == wagtail[object_id][:5]
        lexemes = len(title.split()) if title else 0
        assert norm == pytest.approx(TITLE_REFERENCE_LENGTH / lexemes if lexemes else 1.0)


@pytest.fixture
def content(news_index, library, agent):
    culture = Theme.objects.create(name="Culture")
    news = make_news(
        news_index,
        title="Congés d'été du personnel",
        lead="Le calendrier des congés est ouvert.",
        body=json.dumps(BODY),
        themes=[culture],
    )
    short = make_news(news_index, title="Été", lead="Bref.")
    document = upload(
        agent,
        library.finances,
        "note.pdf",
        files.pdf_with_text(["Délibération du conseil municipal sur les tarifs"]),
        title="Tarifs 2027",
        description="Tarifs de la médiathèque et des équipements sportifs.",
    )
    document.tags.add("tarifs", "baignade")
    document.themes.add(culture)
    search_items_rebuild()
    return [news, short], [document]


def test_pages_are_indexed_as_wagtail_indexes_them(content):
    pages, _documents = content
    pages = list(NewsPage.objects.filter(pk__in=[page.pk for page in pages]))
    wagtail, updated, inserted = both_ways(NewsPage, pages)
    assert "'parv'" in wagtail[str(pages[0].pk)][2]  # the StreamField's quote is in the body
    assert_same_vectors(wagtail, updated)
    assert_same_vectors(wagtail, inserted)


def test_documents_are_indexed_as_wagtail_indexes_them(content):
    _pages, documents = content
    documents = list(LibraryDocument.get_indexed_objects().filter(pk=documents[0].pk))
    wagtail, updated, inserted = both_ways(LibraryDocument, documents)
    body = wagtail[str(documents[0].pk)][2]
    assert "'baignad'" in body and "'mediathequ'" in body  # a tag, the description
    assert_same_vectors(wagtail, updated)
    assert_same_vectors(wagtail, inserted)


def test_search_rows_are_indexed_as_wagtail_indexes_them(content):
    items = list(SearchItem.get_indexed_objects())
    assert len([item for item in items if item.kind != "person"]) == 3  # and the people
    wagtail, updated, inserted = both_ways(SearchItem, items)
    bodies = " ".join(entry[2] for entry in wagtail.values())
    assert "'deliber'" in bodies and "'cultur'" in bodies  # a file's text, a theme's name
    assert_same_vectors(wagtail, updated)
    assert_same_vectors(wagtail, inserted)


def test_a_renamed_theme_reaches_new_entries_in_a_long_lived_process(monkeypatch):
    """A Celery worker lives for days: the theme names it keeps are read again after a while."""
    from knowledge.models import taxonomy as search_index

    theme = Theme.objects.create(name="Culture")
    assert search_index.theme_names([theme.pk]) == ["Culture"]
    Theme.objects.filter(pk=theme.pk).update(name="Culture et patrimoine")
    later = search_index.time.monotonic() + search_index.THEME_NAMES_MAX_AGE + 1
    monkeypatch.setattr(search_index.time, "monotonic", lambda: later)
    assert search_index.theme_names([str(theme.pk)]) == ["Culture et patrimoine"]
