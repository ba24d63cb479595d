"""The comment markup: what people may write, and nothing else ever reaching a page."""

from html.parser import HTMLParser

import pytest

from social import markup

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<svg/onload=alert(1)>",
    '<a href="javascript:alert(1)">clic</a>',
    "[clic](javascript:alert(1))",
    "[clic](JaVaScRiPt:alert(1))",
    "[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '[clic](https://exemple.fr/" onmouseover="alert(1))',
    "<iframe src=https://exemple.fr></iframe>",
    "<style>body{display:none}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "**<script>alert(1)</script>**",
    "`<script>alert(1)</script>`",
    "<p onclick=alert(1)>x</p>",
    "<<script>script>alert(1)<</script>/script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<!--<script>alert(1)</script>-->",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<form action=https://exemple.fr><input name=x></form>",
    '<a href="https://exemple.fr" target="_blank" onclick="x()">a</a>',
    "@<script>alert(1)</script>",
    "https://exemple.fr/<script>alert(1)</script>",
    'https://exemple.fr/"onmouseover=alert(1)',
    "\x00<script>alert(1)</script>",
    "[x](https://a.fr)<script>",
]


class Elements(HTMLParser):
    """The elements and attributes a browser would build from a fragment."""

    def __init__(self, html):
        super().__init__()
        self.found = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_yields_no_markup_beyond_the_allow_list(text):
    html = markup.render(text, mention=lambda handle: "Nom <b>gras</b>")
    for tag, attrs in Elements(html).found:
        assert tag in markup.ALLOWED_TAGS, html
        if tag == "a":
            assert set(attrs) <= {"href", "rel"}, html
            assert attrs.get("href", "https:").split(":")[0] in {
                "https",
                "http",
                "mailto",
            } or attrs["href"].startswith("/"), html
            assert attrs["rel"] == "nofollow noopener noreferrer"
        elif tag == "span":
            assert attrs == {"class": "mention"}, html
        else:
            assert attrs == {}, html


def test_paragraphs_and_line_breaks():
    assert markup.render("Bonjour\nà tous\n\nDeuxième") == "<p>Bonjour<br>à tous</p><p>Deuxième</p>"


def test_bold_italic_and_inline_code():
    html = markup.render("**gras** et *italique* et _aussi_ et `x < y`")
    assert "<strong>gras</strong>" in html
    assert "<em>italique</em>" in html
    assert "<em>aussi</em>" in html
    assert "<code>x &lt; y</code>" in html


def test_code_is_not_interpreted():
    assert markup.render("`**pas gras**`") == "<p><code>**pas gras**</code></p>"


def test_lists():
    assert markup.render("- un\n- deux") == "<ul><li>un</li><li>deux</li></ul>"
    assert markup.render("1. un\n2. deux") == "<ol><li>un</li><li>deux</li></ol>"


def test_links_get_nofollow_noopener():
    html = markup.render("[la note](https://exemple.fr/note?a=1&b=2) et https://parvis.fr/x.")
    assert (
        '<a href="https://exemple.fr/note?a=1&amp;b=2" rel="nofollow noopener noreferrer">la note</a>'
        in html
    )
    assert (
        '<a href="https://parvis.fr/x" rel="nofollow noopener noreferrer">https://parvis.fr/x</a>.'
        in html
    )


def test_intranet_paths_are_links():
    assert 'href="/actualites/"' in markup.render("[actus](/actualites/)")


def test_underscores_inside_addresses_are_not_italic():
    html = markup.render("https://exemple.fr/a_b_c")
    assert "<em>" not in html
    assert "a_b_c" in html


def test_mentions_are_named_and_unknown_ones_stay_text():
    names = {"marie.dupont": "Marie Dupont"}
    html = markup.render("Merci @marie.dupont et @inconnu", mention=names.get)
    assert '<span class="mention">@Marie Dupont</span>' in html
    assert "@inconnu" in html


def test_mentioned_handles_ignore_addresses_and_code():
    text = "@Marie.Dupont écrit à jean@exemple.fr, voir `@pas.moi`"
    assert markup.mentioned_handles(text) == {"marie.dupont"}


def test_mention_names_are_escaped():
    html = markup.render("@x", mention=lambda handle: '<img src=x onerror="alert(1)">')
    assert "<img" not in html
    assert "&lt;img" in html


def test_plain_text_excerpt():
    assert markup.to_text("**Bonjour** [ici](https://a.fr)\n\nsuite") == "Bonjour ici suite"
    assert markup.to_text("x" * 200, limit=10) == "xxxxxxxxx…"
