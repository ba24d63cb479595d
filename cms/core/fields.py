"""A list of short keys in one column, filterable with `__in` on every database and in Wagtail
search, for the access keys and theme ids that search filters on (CONVENTIONS: search filters by
access keys).

Stored as text with a space around each key (" all service:3 "), so the column is portable
(SQLite for `make run`, PostgreSQL) and read back as a Python list, which is also what
Elasticsearch/OpenSearch index (a keyword array, filtered with a `terms` query). On the
database, `field__in=[...]` means "holds at least one of these keys": `&&` on arrays for
PostgreSQL, LIKE elsewhere.
"""

from __future__ import annotations

import json
import re

from django.db import models
from django.db.models.lookups import In

# A key written bare in a PostgreSQL array literal: no comma, brace, quote, backslash or space.
_BARE_KEY = re.compile(r"[\w:.*+-]+")


def postgresql_text_array(keys) -> str | list[str]:
    """`keys` as one PostgreSQL array literal (« {all,folder:12} »), for `%s::text[]`: a reader
    may hold thousands of keys (one per library folder), which the driver would otherwise
    adapt one by one on every query. A key that could not be written bare (or reads as NULL)
    is sent as a list, adapted by the driver."""
    keys = [str(key) for key in keys]
    if all(_BARE_KEY.fullmatch(key) and key.lower() != "null" for key in keys):
        return "{" + ",".join(keys) + "}"
    return keys


class KeyListField(models.TextField):
    description = "A list of keys without spaces"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", "")
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    @staticmethod
    def _join(keys) -> str:
        keys = sorted({str(key) for key in keys})
        if any(not key or any(char.isspace() for char in key) for key in keys):
            raise ValueError(f"Keys may not be empty nor hold spaces: {keys!r}")
        return f" {' '.join(keys)} " if keys else ""

    def from_db_value(self, value, expression, connection):
        return value.split() if value else []

    def to_python(self, value):
        if isinstance(value, list):
            return value
        return value.split() if value else []

    def get_prep_value(self, value):
        if isinstance(value, str):
            return value
        return self._join(value or ())


@KeyListField.register_lookup
class HoldsAnyOf(In):
    """`field__in=[keys]`: the stored list and `keys` have a key in common."""

    lookup_name = "in"

    def get_prep_lookup(self):
        return [str(key) for key in self.rhs]

    def _like_keys(self) -> list[str]:
        """The keys, each to be matched whole between the list's spaces with LIKE."""
        if any("%" in key or "_" in key for key in self.rhs):
            raise ValueError("Keys may not hold LIKE wildcards")
        return list(self.rhs)

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        keys = self._like_keys()
        if not keys:
            return "1 = 0", []
        clauses = " OR ".join(f"{lhs} LIKE %s" for _ in keys)
        params = []
        for key in keys:
            params.extend([*lhs_params, f"% {key} %"])
        return f"({clauses})", params

    def as_sqlite(self, compiler, connection):
        # One JSON parameter, not one LIKE per key: SQLite refuses an expression deeper than
        # 1,000 terms, and a reader may hold more keys than that (one per library folder).
        lhs, lhs_params = self.process_lhs(compiler, connection)
        keys = self._like_keys()
        if not keys:
            return "1 = 0", []
        return (
            f"EXISTS (SELECT 1 FROM json_each(%s) AS wanted "  # noqa: S608 (a column; the
            f"WHERE {lhs} LIKE '%% ' || wanted.value || ' %%')",  # keys are a parameter)
            [json.dumps(keys), *lhs_params],
        )

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        if not self.rhs:
            return "1 = 0", []
        return (
            f"string_to_array(btrim({lhs}), ' ') && %s::text[]",
            [*lhs_params, postgresql_text_array(self.rhs)],
        )
