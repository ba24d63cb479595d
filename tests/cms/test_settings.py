"""The settings switch: environment variables choose database, cache, tasks and safety."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json
from django.conf import settings
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "name": str(settings.DATABASES["default"]["NAME"]),
    "cache": settings.CACHES["default"]["BACKEND"],
    "broker": settings.CELERY_BROKER_URL,
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "tasks": settings.TASKS["default"]["BACKEND"],
    "language": settings.LANGUAGE_CODE,
    "time_zone": settings.TIME_ZONE,
}))
"""


def run_settings(module: str, env: dict[str, str], code: str = PROBE):
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS"}
        and not key.startswith("DJANGO_")
    }
    clean.update(env, DJANGO_SETTINGS_MODULE=module)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def probe(module: str, **env) -> dict:
    result = run_settings(module, env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_environment_the_embedded_defaults_are_used():
    found = probe("cms.settings.dev")
    assert found["engine"] == "django.db.backends.sqlite3"
    assert found["name"].endswith("db.sqlite3")
    assert found["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert found["eager"] is True
    # Celery runs each task in place, and a failed one goes to the outbox (cms/core/queueing.py).
    assert found["tasks"] == "cms.core.tasks_backend.CeleryTaskBackend"
    assert found["language"] == "fr" and found["time_zone"] == "Europe/Paris"


def test_database_url_selects_postgresql():
    found = probe("cms.settings.dev", DATABASE_URL="postgres://parvis@db.example:5432/intranet")
    assert found["engine"] == "django.db.backends.postgresql"
    assert found["name"] == "intranet"


def test_redis_url_selects_redis_cache_celery_broker_and_celery_tasks():
    found = probe("cms.settings.dev", REDIS_URL="redis://127.0.0.1:6379/3")
    assert found["cache"] == "cms.core.cache.ParvisRedisCache"
    assert found["broker"] == "redis://127.0.0.1:6379/3"
    assert found["eager"] is False
    assert found["tasks"] == "cms.core.tasks_backend.CeleryTaskBackend"


@pytest.mark.parametrize(
    "env",
    [
        {"ALLOWED_HOSTS": "intranet.mairie.fr"},
        {"SECRET_KEY": "x" * 60},
    ],
    ids=["without-secret-key", "without-allowed-hosts"],
)
def test_production_refuses_to_start_without_its_secrets(env):
    result = run_settings("cms.settings.production", env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


PRODUCTION_ENV = {
    "SECRET_KEY": "k3y-" + "a1B2c3D4e5F6g7H8" * 4,
    "ALLOWED_HOSTS": "intranet.mairie.fr",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
}


def test_production_passes_the_deployment_checks():
    code = (
        "from django.core.management import call_command\n"
        "call_command('check', '--deploy', '--fail-level', 'WARNING')\n"
    )
    result = run_settings("cms.settings.production", PRODUCTION_ENV, code)
    assert result.returncode == 0, result.stderr + result.stdout


def test_production_cookies_are_secure_and_out_of_scripts_reach():
    code = (
        "from django.conf import settings as s\n"
        "print(s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
        " s.CSRF_COOKIE_SECURE, s.CSRF_COOKIE_HTTPONLY, s.LANGUAGE_COOKIE_SECURE)\n"
    )
    result = run_settings("cms.settings.production", PRODUCTION_ENV, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True"] * 5


@pytest.mark.django_db
def test_the_csrf_cookie_is_http_only_and_htmx_still_posts(client, home, agent):
    """The token reaches htmx through the page, so the cookie can be kept from scripts."""
    import re

    client.force_login(agent)
    page = client.get("/").content.decode()
    assert client.cookies["csrftoken"]["httponly"]
    token = re.search(r'"X-CSRFToken": "([A-Za-z0-9]+)"', page).group(1)
    csrf_client = type(client)(enforce_csrf_checks=True)
    csrf_client.cookies = client.cookies
    response = csrf_client.post(
        "/notifications/tout-lu/", HTTP_HX_REQUEST="true", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code in (200, 204, 302)
