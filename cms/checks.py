"""System checks that keep an install sovereign and complete (`manage.py check`, and every
start of gunicorn, Celery or a command)."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, register

# Assets served from the collected static files in production: without them, pages lose htmx.
COLLECTED_ASSETS = ("vendor/htmx/htmx.min.js", "vendor/sortablejs/Sortable.min.js")


@register(Tags.security)
def no_page_loads_a_cdn(app_configs, **kwargs):
    """django-ninja (Wagtail's v3 API) renders Swagger and ReDoc pages that load their scripts
    from a CDN when `ninja` is not an installed app; installed, it uses its local copies. Parvis
    serves no API documentation at all."""
    errors = []
    if "ninja" not in settings.INSTALLED_APPS:
        errors.append(
            Error(
                "« ninja » doit rester dans INSTALLED_APPS : sinon ses pages de documentation "
                "chargent des scripts depuis un CDN. / Keep ninja installed (CDN pages otherwise).",
                id="parvis.E001",
            )
        )
    if getattr(settings, "WAGTAILAPI_DOCS_ENABLED", False):
        errors.append(
            Error(
                "WAGTAILAPI_DOCS_ENABLED doit rester à False (pages tierces). / Keep API docs off.",
                id="parvis.E002",
            )
        )
    return errors


@register(Tags.staticfiles, deploy=True)
def assets_collected(app_configs, **kwargs):
    """Production serves the assets collected at release time; none may be missing."""
    if settings.DEBUG or getattr(settings, "WHITENOISE_USE_FINDERS", False):
        return []
    root = Path(settings.STATIC_ROOT or "")
    missing = [name for name in COLLECTED_ASSETS if not (root / name).is_file()]
    if not missing:
        return []
    return [
        Error(
            f"Fichiers statiques absents de {root} : {', '.join(missing)}. Lancez « npm ci » puis "
            "« manage.py collectstatic » à la préparation de la version (make release). / "
            "Static assets were not collected.",
            id="parvis.E003",
        )
    ]
