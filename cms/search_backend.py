"""Wagtail's PostgreSQL search, in French without accents, for search and autocomplete alike.

PostgreSQL's stock `french` configuration stems but keeps accents, and Wagtail's autocomplete
uses `simple`, which keeps them too: « conges » would not find « Congés », nor « teletravail »
complete « Télétravail ». Migration knowledge/0005 creates `parvis_french` (unaccent, then the
French stemmer, on words and hyphenated words); this backend uses it for both. On another
database (SQLite for `make run`) Wagtail's own database backend is used unchanged.
"""

from wagtail.search.backends.database.postgres.postgres import PostgresSearchBackend

SEARCH_CONFIG = "parvis_french"


class ParvisPostgresSearchBackend(PostgresSearchBackend):
    def __init__(self, params):
        params = {"SEARCH_CONFIG": SEARCH_CONFIG, **params}
        super().__init__(params)
        # Prefix matching (autocomplete) on the same unaccented stems as full-text search.
        self.autocomplete_config = params.get("AUTOCOMPLETE_SEARCH_CONFIG", self.config)


SearchBackend = ParvisPostgresSearchBackend
