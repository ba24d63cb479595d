"""`make reindex` (manage.py search_rebuild) on PostgreSQL: several processes index a share of
the objects each, committed chunk by chunk; every object ends with its entry, entries of rows
gone are deleted, and a failure in one process stops the rebuild with its error."""

from io import StringIO

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection

from wagtail.search.models import IndexEntry

import pytest
from modelsearch.index import get_indexed_models

from knowledge.models import SearchItem
from knowledge.search.query import search_everything

from ..conftest import upload

# Other processes see only what is committed: no test transaction here.
pytestmark = pytest.mark.django_db(transaction=True)


def titles(results):
    return [hit.title for hit in results.hits]


def entry_ids(model) -> set[str]:
    content_type = ContentType.objects.get_for_model(model)
    return set(
        IndexEntry.objects.filter(content_type=content_type).values_list("object_id", flat=True)
    )


def test_two_processes_index_every_object_and_drop_stale_entries(kb, agent, library):
    upload(agent, library.finances, "r.txt", b"Registre des astreintes.", title="Registre")
    call_command("search_rebuild", jobs=1, verbosity=0)
    old_rows = {str(pk) for pk in SearchItem.objects.values_list("pk", flat=True)}
    assert old_rows <= entry_ids(SearchItem)

    out = StringIO()
    call_command("search_rebuild", jobs=2, stdout=out)

    assert "par 2 processus" in out.getvalue()
    assert {str(pk) for pk in SearchItem.objects.values_list("pk", flat=True)} == old_rows
    assert entry_ids(SearchItem) == old_rows
    for model in get_indexed_models():
        indexed = {str(pk) for pk in model.get_indexed_objects().values_list("pk", flat=True)}
        assert entry_ids(model) == indexed, model
    assert "Registre" in titles(search_everything(agent, "astreintes"))
    assert "Préparer le budget" in titles(search_everything(agent, "budget"))


def test_search_answers_while_the_rows_are_written_again_and_rows_follow_their_source(
    kb, agent, library
):
    """The rows keep their ids and so their entries: between writing the rows and indexing
    them (minutes on a large intranet), search goes on finding everything. A row whose source
    went without a signal is deleted with its entry; one whose source changed follows it."""
    from knowledge.models import LibraryDocument

    kept = upload(agent, library.finances, "r.txt", b"Registre des astreintes.", title="Registre")
    gone = upload(agent, library.finances, "v.txt", b"Astreintes de la voirie.", title="Voirie")
    gone_row = SearchItem.objects.get(kind="document", source_id=gone.pk)
    LibraryDocument.objects.filter(pk=kept.pk).update(title="Registre 2027")  # no signal
    LibraryDocument.objects.filter(pk=gone.pk)._raw_delete(using="default")  # no signal either

    call_command("search_rebuild", rows_only=True, verbosity=0)

    assert not SearchItem.objects.filter(pk=gone_row.pk).exists()
    assert str(gone_row.pk) not in entry_ids(SearchItem)
    assert SearchItem.objects.get(kind="document", source_id=kept.pk).title == "Registre 2027"
    assert "Préparer le budget" in titles(search_everything(agent, "budget"))
    assert "Registre 2027" in titles(search_everything(agent, "astreintes"))


def test_a_failing_process_stops_the_rebuild_with_its_error(kb):
    """The database refuses a write in one process (a trigger stands for a full disk): the
    rebuild stops and says which model and objects, and why."""
    table = IndexEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION parvis_test_refuse() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'disque plein'; END $$"
        )
        cursor.execute(
            f"CREATE TRIGGER parvis_test_refuse BEFORE INSERT ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION parvis_test_refuse()"
        )
    try:
        with pytest.raises(
            RuntimeError,
            match=r"Indexation impossible \(\w+\.\w+, objets \d+ à \d+\)\u00a0: disque plein",
        ):
            call_command("search_rebuild", jobs=2, verbosity=0)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TRIGGER parvis_test_refuse ON {table}")
            cursor.execute("DROP FUNCTION parvis_test_refuse()")
