"""Rebuilding the index removes the entries of rows that disappeared without a signal, and
keeps the others (knowledge/search/backends/postgres.py: an anti-join instead of NOT IN)."""

from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

import pytest

from knowledge.models import SearchItem
from tests.factories import make_news

pytestmark = pytest.mark.django_db


def test_stale_entries_are_deleted_and_live_ones_kept(news_index):
    from knowledge.search.index import search_items_rebuild

    make_news(news_index, title="Reste dans l'index")
    make_news(news_index, title="Disparaît sans signal")
    search_items_rebuild()
    backend = get_search_backend()
    index = backend.get_index_for_model(SearchItem)
    for item in SearchItem.objects.all():
        index.add_item(item)
    gone = SearchItem.objects.get(title="Disparaît sans signal")
    SearchItem.objects.filter(pk=gone.pk)._raw_delete(using="default")  # no signal, no cleanup
    entries = IndexEntry.objects.filter(content_type__model="searchitem")
    assert entries.filter(object_id=str(gone.pk)).exists()
    index.delete_stale_model_entries(SearchItem)
    assert not entries.filter(object_id=str(gone.pk)).exists()
    kept = SearchItem.objects.get(title="Reste dans l'index")
    assert entries.filter(object_id=str(kept.pk)).exists()
