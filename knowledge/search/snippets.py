"""Snippets: the part of a result's text around the reader's words, matches marked, all
escaped; accents and case ignored, a word matching its plurals and feminines."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from .sources import search_kinds

if TYPE_CHECKING:
    from .query import Hit

SNIPPET_LENGTH = 240


# Accented Latin letters and their base letter, for `str.translate`.
_UNACCENT = {code: unicodedata.normalize("NFD", chr(code))[0] for code in range(0xC0, 0x250)}


def _fold(text: str) -> str:
    """Lower case without accents, one character for one character (so indices match)."""
    return text.lower().translate(_UNACCENT)


def _terms(query: str) -> list[str]:
    words = re.findall(r"\w+", _fold(query))
    # A word matches its plural and feminine forms: compare on its first letters.
    return [
        word[: max(4, len(word) - 2)] if len(word) > 4 else word for word in words if len(word) > 2
    ]


def snippet(text: str, query: str, length: int = SNIPPET_LENGTH) -> SafeString:
    """The part of `text` around the first matching word, matches in <mark>, all escaped."""
    text = " ".join(text.split())
    terms = _terms(query)
    if not text:
        return mark_safe("")  # noqa: S308 (empty)
    folded = _fold(text)
    pattern = (
        re.compile(r"\b(?:" + "|".join(re.escape(t) for t in terms) + r")\w*") if terms else None
    )
    first = pattern.search(folded) if pattern else None
    start = max(0, (first.start() if first else 0) - length // 3)
    end = min(len(text), start + length)
    window, folded_window = text[start:end], folded[start:end]
    parts, position = [], 0
    for match in pattern.finditer(folded_window) if pattern else ():
        parts.append(conditional_escape(window[position : match.start()]))
        parts.append(f"<mark>{conditional_escape(window[match.start() : match.end()])}</mark>")
        position = match.end()
    parts.append(conditional_escape(window[position:]))
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(str(part) for part in parts) + suffix)  # noqa: S308 (escaped above)


def with_snippets(hits: list[Hit], query: str) -> list[Hit]:
    """Snippets for the results on show. A kind may add text read only for those (a document's
    beginning: a page of results never loads whole files' text)."""
    extra: dict[tuple[str, int], str] = {}
    for name, kind in search_kinds().items():
        wanted = [hit.pk for hit in hits if hit.kind == name]
        if kind.snippet_texts is not None and wanted:
            extra.update(((name, pk), text) for pk, text in kind.snippet_texts(wanted).items())
    for hit in hits:
        more = extra.get((hit.kind, hit.pk))
        hit.snippet = snippet(f"{hit.text}\n{more}" if more else hit.text, query)
    return hits
