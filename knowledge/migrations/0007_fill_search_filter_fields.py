"""Fill the search filter fields of existing pages and documents (cms/core/searchable.py), and, on
PostgreSQL, index the combined title-and-body vector that Wagtail's search matches against:
without it every search reads every index entry."""

from django.db import migrations

STEP = 4


def _keys(values) -> str:
    values = sorted({str(value) for value in values})
    return f" {' '.join(values)} " if values else ""


def fill(apps, schema_editor):
    restriction_by_path = dict(
        apps.get_model("wagtailcore", "PageViewRestriction").objects.values_list(
            "page__path", "pk"
        )
    )

    def deepest(path: str) -> int:
        for end in range(len(path), 0, -STEP):
            if path[:end] in restriction_by_path:
                return restriction_by_path[path[:end]]
        return 0

    for app_label, name, themes in (
        ("home", "NewsPage", "themes"),
        ("knowledge", "ArticlePage", "themes"),
        ("knowledge", "ServicePage", None),
        ("knowledge", "ThemePage", None),
    ):
        model = apps.get_model(app_label, name)
        for page in model.objects.all():
            access = [page.audience] if hasattr(page, "audience") else ["all"]
            if getattr(page, "audience", "") == "services":
                access = [f"service:{pk}" for pk in page.audience_services.values_list("pk", flat=True)]
            if themes:
                theme_ids = list(getattr(page, themes).values_list("pk", flat=True))
            elif name == "ThemePage":
                theme_ids = [page.theme_id]
            else:
                theme_ids = []
            model.objects.filter(pk=page.pk).update(
                search_access=_keys(access),
                search_themes=_keys(theme_ids),
                search_restriction=deepest(page.path),
            )
    document_model = apps.get_model("knowledge", "LibraryDocument")
    for document in document_model.objects.all():
        document_model.objects.filter(pk=document.pk).update(
            search_themes=_keys(document.themes.values_list("pk", flat=True))
        )


def combined_vector_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS parvis_indexentry_title_body_gin "
            "ON wagtailsearch_indexentry USING gin ((title || body))"
        )


def drop_combined_vector_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS parvis_indexentry_title_body_gin")


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0006_search_filter_fields"),
        ("home", "0003_search_filter_fields"),
        ("wagtailcore", "0001_initial"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(combined_vector_index, drop_combined_vector_index),
    ]
