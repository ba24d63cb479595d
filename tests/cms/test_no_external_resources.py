"""Sovereignty, page by page: a crawl of the seeded intranet, as the demo agent, and of the
administration, as the administrator and as the communication officer, finds no page that loads
anything from elsewhere (Wagtail's admin asked gravatar.com for every avatar) — script, style, font, image, frame, media — and no style
sheet of ours that does. (Links to other sites are allowed: following one is the reader's
choice; editors' embeds would be content, and the demo has none.)"""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from django.contrib.staticfiles import finders
from django.core.management import call_command

import pytest

from social.people.models import User
from tests.walk import CHANGES_OR_FILES, walk

pytestmark = pytest.mark.django_db

MAX_PAGES = 250
LOADING = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")
CSS_IMPORT = re.compile(r"@import\s+['\"]([^'\"]+)")


class Resources(HTMLParser):
    def __init__(self):
        super().__init__()
        self.loaded = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in LOADING.get(tag, ()):
            for value in (attrs.get(name) or "").split(","):
                if value.strip():
                    self.loaded.append((tag, value.strip().split()[0]))
        if tag == "link" and attrs.get("href"):
            rel = (attrs.get("rel") or "").lower()
            if rel not in ("canonical", "alternate", "next", "prev"):
                self.loaded.append((f"link[{rel}]", attrs["href"]))
        if tag == "meta" and (attrs.get("property") or "").startswith("og:image"):
            self.loaded.append(("meta og:image", attrs.get("content") or ""))
        if attrs.get("style"):
            self.loaded += [("style", url) for url in CSS_URL.findall(attrs["style"])]


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob"):
        return True
    return not parts.netloc or parts.hostname in ("testserver", "localhost", "127.0.0.1")


@pytest.fixture
def demo(media_root):
    call_command("seed_demo", agents=20)


def outside_resources(client, start: list[str], *, max_pages: int) -> tuple[int, list]:
    seen, outside = 0, []
    follow = lambda path: not CHANGES_OR_FILES.search(path)  # noqa: E731
    for path, response in walk(client, start, follow=follow, max_pages=max_pages):
        seen += 1
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = Resources()
        parser.feed(response.content.decode())
        outside += [(path, tag, url) for tag, url in parser.loaded if not is_local(url)]
    return seen, outside


def test_no_seeded_page_loads_anything_from_elsewhere(demo, client):
    client.post(
        "/connexion/",
        {"username": "agent@val-de-parvis.fr", "password": "Parvis-Demo-2026!"},
    )
    seen, outside = outside_resources(client, ["/", "/connexion/"], max_pages=MAX_PAGES)
    assert seen >= 60, f"the crawl reached only {seen} pages"
    assert not outside, outside[:20]


@pytest.mark.parametrize("email", ["admin@val-de-parvis.fr", "communication@val-de-parvis.fr"])
def test_no_admin_page_loads_anything_from_elsewhere(demo, client, email):
    client.force_login(User.objects.get(email=email))
    start = ["/admin/", "/admin/users/", "/admin/documents/", "/admin/account/"]
    seen, outside = outside_resources(client, start, max_pages=150)
    assert seen >= 100, f"the crawl reached only {seen} pages"
    assert not outside, outside[:20]


def test_our_style_sheets_load_nothing_from_elsewhere():
    css = Path(finders.find("css/parvis.css")).read_text(encoding="utf-8")
    urls = CSS_URL.findall(css) + CSS_IMPORT.findall(css)
    assert all(is_local(url) for url in urls), urls


def test_the_crawler_sees_what_a_page_would_load_from_elsewhere():
    parser = Resources()
    parser.feed(
        '<script src="https://cdn.example.org/htmx.js"></script>'
        '<link rel="stylesheet" href="//fonts.example.net/a.css">'
        '<img srcset="/local.png 1x, https://img.example.com/b.png 2x">'
        '<div style="background: url(https://x.example/y.png)"></div><img src="/ok.png">'
    )
    outside = [url for _tag, url in parser.loaded if not is_local(url)]
    assert outside == [
        "https://cdn.example.org/htmx.js",
        "//fonts.example.net/a.css",
        "https://img.example.com/b.png",
        "https://x.example/y.png",
    ]
