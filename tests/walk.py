"""Walking the seeded intranet link by link, as a test client: the pages it reaches, breadth
first (tests/cms/test_no_external_resources.py, tests/cms/test_crawl.py)."""

import re
from collections import deque
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

LOCAL_HOSTS = ("testserver", "localhost", "127.0.0.1")
# Links a walk never follows: they change data (deleting, unpublishing, moving, logging out...)
# or leave the pages (files, language switch).
CHANGES_OR_FILES = re.compile(
    r"logout|deconnexion|/delete/|supprimer|unpublish|revert|/lock|/unlock|/copy|/move|"
    r"/workflow/|convert_alias|approve|reject|export|\.csv|\.xlsx|/preview|telecharger|"
    r"download|/langue|^/static/|^/media/|^/documents/|^/flux/"
)


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)


def walk(client, start: list[str], *, follow: Callable[[str], bool], max_pages: int) -> Iterator:
    """(path, response) for each page reached from `start` through the links of our own site
    that `follow(path)` accepts, at most `max_pages`."""
    seen, queue = set(), deque(start)
    while queue and len(seen) < max_pages:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        yield path, response
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Links()
        parser.feed(response.content.decode(errors="replace"))
        for href in parser.links:
            target, _fragment = urldefrag(urljoin(path, href))
            parts = urlsplit(target)
            if parts.scheme not in ("", "http", "https"):
                continue
            if parts.netloc and parts.hostname not in LOCAL_HOSTS:
                continue
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if parts.path.startswith("/") and local not in seen and follow(local):
                queue.append(local)
