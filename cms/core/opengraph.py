"""Open Graph data of the intranet's own pages: the `<meta property="og:…">` tags each page
publishes (templates/base.html, `{% open_graph %}`) and the link previews of group posts,
built from the same data on the server. Only addresses of this intranet get a preview; no
request ever leaves the server (an outside address stays a plain link).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils.html import strip_tags
from django.utils.text import Truncator

from wagtail.models import Page, Site

DESCRIPTION_FIELDS = ("search_description", "lead", "description", "introduction", "intro")
DESCRIPTION_LENGTH = 300


def intranet_path(url: str) -> str | None:
    """The path of `url` when it points into this intranet (relative, or on one of its host
    names), else None."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("", "http", "https"):
        return None
    if parts.netloc:
        hosts = {host.lower() for host in settings.ALLOWED_HOSTS if host not in ("*", "")}
        base = urlsplit(getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "").hostname
        if base:
            hosts.add(base.lower())
        host = (parts.hostname or "").lower()
        if not any(host == h or (h.startswith(".") and host.endswith(h)) for h in hosts):
            return None
    elif not parts.path.startswith("/") or url.startswith("//"):
        return None
    return parts.path or "/"


def page_open_graph(page) -> dict[str, str]:
    """og:title, og:description and og:image of a (specific) Wagtail page."""
    description = ""
    for field in DESCRIPTION_FIELDS:
        value = getattr(page, field, "")
        if isinstance(value, str) and value.strip():
            description = value
            break
    image_url = ""
    image = getattr(page, "main_image", None)
    if image is not None:
        try:
            image_url = image.get_rendition("fill-600x315").url
        except Exception:  # noqa: BLE001 (a missing original file must not break a preview)
            image_url = ""
    return {
        "title": page.title,
        "description": Truncator(strip_tags(description)).chars(DESCRIPTION_LENGTH),
        "image": image_url,
        "type": "article",
    }


def document_open_graph(document) -> dict[str, str]:
    return {
        "title": document.title,
        "description": Truncator(document.description or "").chars(DESCRIPTION_LENGTH),
        "image": "",
        "type": "website",
    }


LinkTarget = Callable[[dict], "object | None"]

_link_targets: dict[str, tuple[LinkTarget, Callable[[object], dict[str, str]]]] = {}


def register_link_target(
    view_name: str, resolve: LinkTarget, open_graph: Callable[[object], dict[str, str]]
) -> None:
    """Declare the objects an intranet URL that is not a page may point to (a library
    document): `resolve(kwargs)` gives the object named by the URL's keyword arguments, or None;
    `open_graph(obj)` its preview data. Called from the owning app's `ready()`."""
    _link_targets[view_name] = (resolve, open_graph)


def resolve_intranet_link(url: str) -> tuple[object | None, dict[str, str] | None]:
    """(the page or document `url` points to, its Open Graph data), or (None, None) for an
    address outside the intranet or one that names nothing this code knows to preview. The
    caller checks that the reader may see the object before showing anything of it."""
    path = intranet_path(url)
    if path is None:
        return None, None
    try:
        match = resolve(path)
    except Resolver404:
        return None, None
    if match.view_name in _link_targets:
        resolve_target, open_graph = _link_targets[match.view_name]
        target = resolve_target(match.kwargs)
        return (target, open_graph(target)) if target is not None else (None, None)
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return None, None
    url_path = site.root_page.url_path + path.strip("/") + ("/" if path.strip("/") else "")
    page = Page.objects.live().filter(url_path=url_path).first()
    if page is None:
        return None, None
    page = page.specific
    return page, page_open_graph(page)
