"""The audit log (Wagtail's log entries) append-only on PostgreSQL: no UPDATE or DELETE goes
through, except Wagtail marking the entries of a deleted object (`deleted` only) and what
`cms.core.audit.audit_maintenance()` allows (the retention task, an anonymisation)."""

from django.db import migrations

TABLES = ("wagtailcore_modellogentry", "wagtailcore_pagelogentry")

FUNCTION = """
CREATE OR REPLACE FUNCTION parvis_audit_append_only() RETURNS trigger AS $$
BEGIN
  IF current_setting('parvis.audit_maintenance', true) = 'on' THEN
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - 'deleted') = (to_jsonb(OLD) - 'deleted') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'Le journal d''audit ne peut être ni modifié ni effacé (%%).', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER parvis_audit_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION parvis_audit_append_only()"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS parvis_audit_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS parvis_audit_append_only()")


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
