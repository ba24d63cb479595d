"""Text as search and the directory compare it."""

import unicodedata


def fold(text: str) -> str:
    """Lower case, accents and ligatures taken off: « Congés » → « conges »."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("œ", "oe").replace("æ", "ae"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))
