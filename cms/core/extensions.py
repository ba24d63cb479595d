"""PostgreSQL extensions Parvis needs (unaccent for French search, pg_trgm for typing mistakes),
created by the migrations when Parvis's role may, and otherwise a clear message saying who must
create them and how, instead of PostgreSQL's bare « permission denied »."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.db import DatabaseError, transaction

REQUIRED_EXTENSIONS = ("unaccent", "pg_trgm")


def extension_ensure(schema_editor, name: str) -> None:
    """Create the extension unless it exists; a role without the right gets told what to ask."""
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = %s", [name])
        if cursor.fetchone():
            return
        try:
            with transaction.atomic(using=connection.alias):
                cursor.execute(f"CREATE EXTENSION IF NOT EXISTS {name}")
        except DatabaseError as error:
            database = connection.settings_dict["NAME"]
            role = connection.settings_dict["USER"] or "parvis"
            statements = " ".join(
                f"CREATE EXTENSION IF NOT EXISTS {e};" for e in REQUIRED_EXTENSIONS
            )
            raise CommandError(
                f"PostgreSQL refuse de créer l'extension « {name} » pour le rôle « {role} »\u00a0: "
                f"un administrateur de PostgreSQL doit lancer une fois, dans la base « {database} »"
                f"\u00a0: {statements} (ou faire de « {role} » le propriétaire de la base), puis "
                f"relancer « manage.py migrate ». / PostgreSQL refused to create the {name} "
                f"extension: run {statements} in {database} as an administrator. ({error})"
            ) from error
