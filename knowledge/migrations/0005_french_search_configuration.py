"""A French text search configuration without accents, for Wagtail's PostgreSQL search
(cms/search_backend.py). Nothing to do on other databases."""

from django.db import migrations

from cms.core.extensions import extension_ensure

CREATE = """
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'parvis_french') THEN
        CREATE TEXT SEARCH CONFIGURATION parvis_french (COPY = pg_catalog.french);
    END IF;
END
$$;
ALTER TEXT SEARCH CONFIGURATION parvis_french
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
    WITH unaccent, french_stem;
"""

DROP = "DROP TEXT SEARCH CONFIGURATION IF EXISTS parvis_french;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        extension_ensure(schema_editor, "unaccent")
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0004_library")]

    operations = [migrations.RunPython(create, drop)]
