"""Text as search and the directory compare it."""

import unicodedata


def fold(text: str) -> str:
    """Lower case, accents and ligatures taken off: « Congés » → « conges »."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("œ", "oe").replace("æ", "ae"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def spreadsheet_safe(value: str) -> str:
    """A CSV cell a spreadsheet will not run as a formula (CSV injection): a leading = + - @,
    tab or carriage return is escaped by a quote."""
    return "'" + value if value[:1] in {"=", "+", "-", "@", "\t", "\r"} else value
