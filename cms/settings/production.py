"""Production settings: nothing unsafe by default, refuses to start without what it needs.

Every entry point (wsgi, asgi, celery, manage.py) loads these settings unless
DJANGO_SETTINGS_MODULE says otherwise; `make run` and the tests choose theirs explicitly. Each
missing setting stops the process with one French line saying what to set (and in English).
"""

import os
from urllib.parse import unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-parvis"  # noqa: S105
HINT = (
    "voir deploy/parvis.env ; pour développer : make run ou DJANGO_SETTINGS_MODULE=cms.settings.dev"
)

REQUIRED = {
    "SECRET_KEY": (
        "une clé secrète aléatoire de 50 caractères au moins"
        " (python3 -c 'import secrets; print(secrets.token_urlsafe(50))')",
        "a random secret key of 50 characters or more",
    ),
    "ALLOWED_HOSTS": (
        "le nom de l'intranet, par exemple intranet.mairie.fr"
        " (plusieurs : séparés par des virgules)",
        "the intranet's host name",
    ),
    "DATABASE_URL": (
        "la base PostgreSQL, par exemple postgres://parvis@127.0.0.1:5432/parvis",
        "the PostgreSQL database",
    ),
    "REDIS_URL": (
        "Redis (cache partagé, sessions, file des tâches), par exemple redis://127.0.0.1:6379/0",
        "Redis: shared cache, sessions and task queue",
    ),
    "EMAIL_URL": (
        "le serveur de courriel (smtp://, submission:// ou smtps://), ou EMAIL_URL=console pour"
        " écrire les courriels dans le journal en connaissance de cause",
        "the mail server, or EMAIL_URL=console on purpose",
    ),
    "WAGTAILADMIN_BASE_URL": (
        "l'adresse de l'intranet dans les courriels, par exemple https://intranet.mairie.fr",
        "the intranet's address used in e-mails",
    ),
}


def refuse(name: str, what: str, english: str) -> None:
    raise ImproperlyConfigured(
        f"Parvis ne démarre pas : définissez {name}, {what} ({HINT}). / Set {name}: {english}."
    )


def required_environment(environ=os.environ) -> dict[str, str]:
    """The required variables, each non-empty, or the first missing one refused."""
    found = {}
    for name, (what, english) in REQUIRED.items():
        value = environ.get(name, "").strip()
        if not value:
            refuse(name, what, english)
        found[name] = value
    if found["SECRET_KEY"] == DEV_SECRET_KEY or len(found["SECRET_KEY"]) < 50:
        refuse("SECRET_KEY", *REQUIRED["SECRET_KEY"])
    if urlparse(found["DATABASE_URL"]).scheme not in {"postgres", "postgresql", "pgsql"}:
        refuse("DATABASE_URL", *REQUIRED["DATABASE_URL"])
    if urlparse(found["REDIS_URL"]).scheme not in {"redis", "rediss", "unix"}:
        refuse("REDIS_URL", *REQUIRED["REDIS_URL"])
    email = found["EMAIL_URL"]
    if email != "console" and urlparse(email).scheme not in {"smtp", "submission", "smtps"}:
        refuse("EMAIL_URL", *REQUIRED["EMAIL_URL"])
    if urlparse(found["WAGTAILADMIN_BASE_URL"]).scheme not in {"http", "https"}:
        refuse("WAGTAILADMIN_BASE_URL", *REQUIRED["WAGTAILADMIN_BASE_URL"])
    return found


_required = required_environment()

from .base import *  # noqa: E402, F403
from .base import env_bool, env_list  # noqa: E402

DEBUG = False

SECRET_KEY = _required["SECRET_KEY"]
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
WAGTAILADMIN_BASE_URL = _required["WAGTAILADMIN_BASE_URL"].rstrip("/")

# nginx says which scheme the browser used (deploy/nginx/parvis.conf sets X-Forwarded-Proto):
# without it, the redirect to https would loop behind the proxy.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Monitoring asks the health check in plain HTTP from the server itself (cms/health.py).
SECURE_REDIRECT_EXEMPT = [r"^sante/$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Preloading HSTS binds the collectivité's whole domain (every subdomain, for years): its IT
# department decides, not the intranet. Off by default, so its deployment warning is silenced.
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS] + (  # noqa: F405
    [] if SECURE_HSTS_PRELOAD else ["security.W021"]
)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True

# Assets are collected at release time (`make release`): the server needs no node_modules, and
# a vendor folder absent there is not an error (the collected copy is checked: cms/checks.py).
STATICFILES_DIRS = [
    entry
    for entry in STATICFILES_DIRS  # noqa: F405
    if Path(entry[1] if isinstance(entry, tuple) else entry).is_dir()  # noqa: F405
]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_URL = _required["EMAIL_URL"]
if EMAIL_URL == "console":
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    _email = urlparse(EMAIL_URL)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _email.hostname or "localhost"
    EMAIL_PORT = _email.port or {"submission": 587, "smtps": 465}.get(_email.scheme, 25)
    EMAIL_HOST_USER = unquote(_email.username or "")
    EMAIL_HOST_PASSWORD = unquote(_email.password or "")
    EMAIL_USE_TLS = _email.scheme == "submission"
    EMAIL_USE_SSL = _email.scheme == "smtps"

# Logs go to the journal (systemd) as one line each, with the level and the logger.
LOGGING = {
    **LOGGING,  # noqa: F405
    "formatters": {"line": {"format": "%(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "line"}},
}
