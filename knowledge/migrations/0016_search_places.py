"""Documents' search rows: one access key per restricted folder instead of one per folder
(« library » where no folder above the document is restricted, « folder:<id> » of the nearest
restricted one), and their places (« folder:<id> » of their folder and of those above it), which
the library searches a folder by. The vocabulary's words follow their documents' new keys.
Elasticsearch or OpenSearch: run `make reindex` after the upgrade (a new filter field)."""

from collections import Counter

from django.db import migrations

import cms.core.fields

STEP = 4
CHUNK = 2_000


def _keys(values) -> str:
    values = sorted({str(value) for value in values})
    return f" {' '.join(values)} " if values else ""


def rewrite(apps, schema_editor):
    Collection = apps.get_model("wagtailcore", "Collection")
    CollectionViewRestriction = apps.get_model("wagtailcore", "CollectionViewRestriction")
    ContentType = apps.get_model("contenttypes", "ContentType")
    SearchItem = apps.get_model("knowledge", "SearchItem")
    SearchWord = apps.get_model("knowledge", "SearchWord")
    LibraryDocument = apps.get_model("knowledge", "LibraryDocument")

    ids_by_path = dict(Collection.objects.values_list("path", "pk"))
    restricted = {
        path: pk
        for path, pk in CollectionViewRestriction.objects.exclude(
            restriction_type="login"
        ).values_list("collection__path", "collection_id")
    }

    def access(path: str) -> str:
        for end in range(len(path), 0, -STEP):
            if path[:end] in restricted:
                return f"folder:{restricted[path[:end]]}"
        return "library"

    def places(path: str) -> list[str]:
        prefixes = (path[:end] for end in range(STEP, len(path) + 1, STEP))
        return [f"folder:{ids_by_path[prefix]}" for prefix in prefixes if prefix in ids_by_path]

    new_key = {pk: access(path) for path, pk in ids_by_path.items()}
    content_type = ContentType.objects.filter(
        app_label="knowledge", model="librarydocument"
    ).first()
    if content_type is not None:
        folder_of = dict(LibraryDocument.objects.values_list("pk", "collection_id"))
        paths = {pk: path for path, pk in ids_by_path.items()}
        items = SearchItem.objects.filter(content_type=content_type).only("pk", "source_id")
        batch = []
        for item in items.iterator(chunk_size=CHUNK):
            folder = folder_of.get(item.source_id)
            if folder is None:
                continue
            path = paths.get(folder, "")
            item.access = _keys([access(path)])
            item.places = _keys(places(path))
            batch.append(item)
            if len(batch) == CHUNK:
                SearchItem.objects.bulk_update(batch, ["access", "places"])
                batch = []
        SearchItem.objects.bulk_update(batch, ["access", "places"])

    # Words kept under a folder's key go under its documents' new key, counts added up.
    counts: Counter = Counter()
    old = SearchWord.objects.filter(access__startswith="folder:")
    for access_key, word, items_count in old.values_list("access", "word", "items").iterator(
        chunk_size=10_000
    ):
        folder = access_key.removeprefix("folder:")
        key = new_key.get(int(folder)) if folder.isdigit() else None
        if key is not None:
            counts[(key, word)] += items_count
    old.delete()
    rows = [SearchWord(access=key, word=word, items=n) for (key, word), n in counts.items()]
    SearchWord.objects.bulk_create(rows, batch_size=5_000, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0015_search_clicks"),
        ("wagtailcore", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchitem",
            name="places",
            field=cms.core.fields.KeyListField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(rewrite, migrations.RunPython.noop),
    ]
