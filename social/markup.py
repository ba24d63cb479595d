"""The small safe markup people write in comments (and later in group posts).

What an agent may write, as on a forum: paragraphs (a blank line), line breaks, **bold**,
*italic* (or _italic_), `inline code`, [links](https://…) and bare https:// addresses, lists
(lines starting with « - », « * » or « 1. ») and @mentions of colleagues (@prenom.nom, the part
of their address before the @).

The text is escaped first, so nothing the author types is ever HTML; the few tags the markup
produces are then passed through an allow-list sanitiser (nh3, i.e. Ammonia) as a second line of
defence: whatever a bug here produced, only these tags and attributes reach a page, and links
only to http(s), mailto or this intranet, with rel="nofollow noopener noreferrer".
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "code", "a", "ul", "ol", "li", "span"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_CLASSES = {"span": {"mention"}, "a": {"mention"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener noreferrer"
MAX_LENGTH = 5000

# @prenom.nom: letters, digits, dots, dashes, underscores and plus, as in an address's local part.
MENTION = re.compile(r"(?<![\w.@/])@([A-Za-z0-9][A-Za-z0-9._+-]{0,63}[A-Za-z0-9_]|[A-Za-z0-9])")
_CODE = re.compile(r"`([^`\n]+)`")
_LINK = re.compile(r"\[([^\]\n]{1,300})\]\(((?:https?://|mailto:|/)[^\s()<>\"]{1,2000})\)")
_BARE_URL = re.compile(r"(?<![\w/\"=])(https?://[^\s<>\"]+[^\s<>\".,;:!?)\]'])")
_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EM = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])|(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)")
_BULLET = re.compile(r"^\s*[-*•]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+(.*)$")
_PLACEHOLDER = "\x00{}\x00"
_PLACEHOLDER_RE = re.compile("\x00(\\d+)\x00")


def clean_text(text: str, *, required: bool, empty: str, too_long: str, error: type) -> str:
    """What a colleague typed, ready to store: null bytes gone, trimmed, within MAX_LENGTH.
    Raises `error(message)`: `empty` when nothing is left and `required`, `too_long` (with
    %(max)d and %(length)d) beyond the limit — each caller words it for what is written."""
    text = (text or "").replace("\x00", "").strip()
    if required and not text:
        raise error(empty)
    if len(text) > MAX_LENGTH:
        raise error(too_long % {"max": MAX_LENGTH, "length": len(text)})
    return text


def mentioned_handles(text: str) -> set[str]:
    """The lower-cased @handles written in `text`, outside inline code."""
    return {match.group(1).lower() for match in MENTION.finditer(_CODE.sub("", text))}


def render(
    text: str, *, mention: Callable[[str], str | tuple[str, str] | None] | None = None
) -> str:
    """Safe HTML for `text`. `mention(handle)` returns the display name of a colleague for an
    @handle (or their name and the address of their profile, for a link), or None to leave the
    text as it is."""
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n").strip())
    parts = [_block(block, mention) for block in blocks if block.strip()]
    return sanitise("".join(parts))


_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    allowed_classes=ALLOWED_CLASSES,
    url_schemes=URL_SCHEMES,
    link_rel=LINK_REL,
    strip_comments=True,
)


def sanitise(fragment: str) -> str:
    return _CLEANER.clean(fragment)


def to_text(text: str, *, limit: int = 140) -> str:
    """A one-line plain-text excerpt (notifications, digests)."""
    plain = re.sub(r"[*_`]", "", " ".join(text.split()))
    plain = _LINK.sub(r"\1", plain)
    return plain if len(plain) <= limit else plain[: limit - 1].rstrip() + "…"


def _block(block: str, mention) -> str:
    lines = block.split("\n")
    for pattern, tag in ((_BULLET, "ul"), (_NUMBERED, "ol")):
        if all(pattern.match(line) for line in lines):
            items = "".join(
                f"<li>{_inline(pattern.match(line)[1], mention)}</li>" for line in lines
            )
            return f"<{tag}>{items}</{tag}>"
    return "<p>" + "<br>".join(_inline(line, mention) for line in lines) + "</p>"


def _inline(line: str, mention) -> str:
    """Inline markup of one line. Code spans and links become placeholders first so that the
    other rules never look inside them."""
    kept: list[str] = []

    def keep(fragment: str) -> str:
        kept.append(fragment)
        return _PLACEHOLDER.format(len(kept) - 1)

    def link(label: str, url: str) -> str:
        return keep(f'<a href="{html.escape(url, quote=True)}">{html.escape(label)}</a>')

    line = line.replace("\x00", "")
    line = _CODE.sub(lambda m: keep(f"<code>{html.escape(m[1])}</code>"), line)
    line = _LINK.sub(lambda m: link(m[1], m[2]), line)
    line = _BARE_URL.sub(lambda m: link(m[1], m[1]), line)
    if mention is not None:

        def mention_span(match: re.Match) -> str:
            found = mention(match[1].lower())
            if not found:
                return match[0]
            if isinstance(found, tuple):  # (name, address of their profile)
                name, url = found
                return keep(
                    f'<a class="mention" href="{html.escape(url, quote=True)}">'
                    f"@{html.escape(name)}</a>"
                )
            return keep(f'<span class="mention">@{html.escape(found)}</span>')

        line = MENTION.sub(mention_span, line)
    line = html.escape(line, quote=False)
    line = _STRONG.sub(r"<strong>\1</strong>", line)
    line = _EM.sub(lambda m: f"<em>{m[1] or m[2]}</em>", line)
    return _PLACEHOLDER_RE.sub(lambda m: kept[int(m[1])], line)
