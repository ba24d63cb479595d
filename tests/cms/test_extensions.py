"""The extensions French search needs: created by the migrations when Parvis's role may;
otherwise `migrate` stops with a message saying who must create them and how."""

import os
import subprocess
import sys
from pathlib import Path

from django.db import connection

import pytest

from cms.core.extensions import extension_ensure

ROOT = Path(__file__).resolve().parents[2]
ROLE, DATABASE = "parvis_sans_droits", "parvis_extensions_refused"


def psql(sql: str, database: str = "postgres") -> None:
    subprocess.run(
        ["/usr/bin/psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-qc", sql],
        check=True,
        capture_output=True,
    )


@pytest.mark.django_db
def test_an_existing_extension_is_left_alone():
    with connection.schema_editor() as editor:
        extension_ensure(editor, "unaccent")  # exists: nothing asked of PostgreSQL
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_extension WHERE extname = 'unaccent'")
        assert cursor.fetchone() == (1,)


@pytest.fixture
def role_without_create():
    """A database owned by someone else, where Parvis's role may create tables but not
    extensions (the usual shape when a DBA prepares the database)."""
    psql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    psql(f"DROP ROLE IF EXISTS {ROLE}")
    psql(f"CREATE ROLE {ROLE} LOGIN")
    psql(f"CREATE DATABASE {DATABASE} OWNER postgres")
    psql(f"GRANT ALL ON SCHEMA public TO {ROLE}", DATABASE)
    yield f"postgres://{ROLE}@127.0.0.1:5432/{DATABASE}"
    psql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    psql(f"DROP ROLE IF EXISTS {ROLE}")


def test_migrate_without_the_right_says_what_to_ask_the_administrator(role_without_create):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": role_without_create,
    }
    env.pop("PYTEST_XDIST_WORKER", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode != 0
    assert "PostgreSQL refuse de créer l'extension" in result.stderr
    assert "CREATE EXTENSION IF NOT EXISTS unaccent; CREATE EXTENSION IF NOT EXISTS pg_trgm;" in (
        result.stderr
    )
    assert DATABASE in result.stderr
