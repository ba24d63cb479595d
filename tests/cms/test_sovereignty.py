"""No page of Parvis loads anything from another host."""

import re
from pathlib import Path

from django.urls import get_resolver

import pytest

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


@pytest.mark.django_db
def test_django_ninja_renders_only_its_local_api_pages(rf, settings):
    """django-ninja (installed with Wagtail's v3 API) loads Swagger and ReDoc from a CDN only when
    it is not an installed app; Parvis keeps it installed (system check parvis.E001), so the
    pages it would render use its own static copies. Nothing in site-packages is edited."""
    from ninja.openapi.docs import Redoc, Swagger, render_template

    assert "ninja" in settings.INSTALLED_APPS
    for docs in (Swagger, Redoc):
        context = {"api": None, "swagger_settings": "{}", "redoc_settings": "{}"}
        html = render_template(rf.get("/"), docs.template, docs.template_cdn, context)
        page = html.content.decode()
        assert "<script" in page
        assert not EXTERNAL.search(page), docs.__name__


def test_the_sovereignty_checks_refuse_api_docs(settings):
    from cms.checks import no_page_loads_a_cdn

    assert no_page_loads_a_cdn(None) == []
    settings.WAGTAILAPI_DOCS_ENABLED = True
    assert [error.id for error in no_page_loads_a_cdn(None)] == ["parvis.E002"]
