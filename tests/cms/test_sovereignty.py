"""No page of Parvis loads anything from another host."""

import re
from pathlib import Path

from django.urls import get_resolver

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
EXTERNAL = re.compile(
    r"""<(?:script|link|img|iframe|source|video)[^>]+(?:src|href)=["'](?:https?:)?//"""
)


def all_routes(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if hasattr(pattern, "url_patterns"):
            yield from all_routes(pattern, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def test_no_template_of_ours_loads_an_asset_from_another_host():
    offenders = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if EXTERNAL.search(path.read_text())
    ]
    assert offenders == []


def test_no_route_serves_api_docs_that_load_swagger_or_redoc_from_a_cdn(settings):
    assert settings.WAGTAILAPI_DOCS_ENABLED is False
    routes = list(all_routes())
    assert not [route for route in routes if "openapi" in route or route.endswith("docs/")]


def test_no_installed_package_keeps_a_page_that_loads_a_cdn(settings):
    """django-ninja's Swagger/ReDoc CDN pages are removed at install (cms/sovereign.py) and
    ninja is an installed app, so it could only ever render its local templates."""
    from cms.sovereign import cdn_templates_present

    assert "ninja" in settings.INSTALLED_APPS
    assert cdn_templates_present() == []
