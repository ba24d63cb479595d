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
        if key
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "EMAIL_URL",
            "WAGTAILADMIN_BASE_URL",
        }
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


PRODUCTION_ENV = {
    "SECRET_KEY": "k3y-" + "a1B2c3D4e5F6g7H8" * 4,
    "ALLOWED_HOSTS": "intranet.mairie.fr",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
    "REDIS_URL": "redis://127.0.0.1:6379/12",
    "EMAIL_URL": "smtp://127.0.0.1:25",
    "WAGTAILADMIN_BASE_URL": "https://intranet.mairie.fr",
}


@pytest.mark.parametrize("missing", list(PRODUCTION_ENV))
def test_production_refuses_to_start_without_each_required_setting(missing):
    env = {name: value for name, value in PRODUCTION_ENV.items() if name != missing}
    result = run_settings("cms.settings.production", env)
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    # One line, in French first, that names what to set.
    assert last.startswith("django.core.exceptions.ImproperlyConfigured: Parvis ne démarre pas")
    assert "\u00a0: définissez" in last
    assert f"définissez {missing}," in last and f"Set {missing}:" in last


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production-parvis"),
        ("SECRET_KEY", "short"),
        ("DATABASE_URL", "sqlite:///db.sqlite3"),
        ("REDIS_URL", "memory://"),
        ("EMAIL_URL", "console://"),
        ("WAGTAILADMIN_BASE_URL", "intranet.mairie.fr"),
    ],
)
def test_production_refuses_unsafe_values(name, value):
    result = run_settings("cms.settings.production", {**PRODUCTION_ENV, name: value})
    assert result.returncode != 0
    assert f"définissez {name}," in result.stderr


def test_production_accepts_the_console_for_mail_when_said_explicitly():
    code = "from django.conf import settings as s\nprint(s.EMAIL_BACKEND)\n"
    result = run_settings(
        "cms.settings.production", {**PRODUCTION_ENV, "EMAIL_URL": "console"}, code
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.core.mail.backends.console.EmailBackend"


@pytest.mark.parametrize("entry_point", ["cms.wsgi", "cms.asgi", "cms.celery"])
def test_entry_points_default_to_production_and_refuse_without_its_settings(entry_point):
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key not in PRODUCTION_ENV
    }
    result = subprocess.run(
        # Celery reads Django's settings at its first use of its configuration.
        [sys.executable, "-c", f"import {entry_point}, cms.celery; cms.celery.app.conf.broker_url"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Parvis ne démarre pas\u00a0: définissez SECRET_KEY" in result.stderr


def test_manage_py_without_settings_module_is_production_not_the_demo():
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key not in PRODUCTION_ENV
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=clean,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "définissez SECRET_KEY" in result.stderr
    assert "make run" in result.stderr


def test_production_requires_redis_so_caches_and_tasks_are_shared():
    found = probe("cms.settings.production", **PRODUCTION_ENV)
    assert found["cache"] == "cms.core.cache.ParvisRedisCache"
    assert found["broker"] == "redis://127.0.0.1:6379/12"
    assert found["eager"] is False


def collected(root: Path) -> dict[str, str]:
    """A STATIC_ROOT holding the assets production checks for (as `make release` leaves it)."""
    for name in ("vendor/htmx/htmx.min.js", "vendor/sortablejs/Sortable.min.js"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("// collected")
    return {"STATIC_ROOT": str(root)}


def test_production_passes_the_deployment_checks(tmp_path):
    code = (
        "from django.core.management import call_command\n"
        "call_command('check', '--deploy', '--fail-level', 'WARNING')\n"
    )
    env = {**PRODUCTION_ENV, **collected(tmp_path)}
    result = run_settings("cms.settings.production", env, code)
    assert result.returncode == 0, result.stderr + result.stdout


def test_production_refuses_to_run_without_the_collected_assets(tmp_path):
    code = "from django.core.management import call_command\ncall_command('check', '--deploy')\n"
    env = {**PRODUCTION_ENV, "STATIC_ROOT": str(tmp_path)}
    result = run_settings("cms.settings.production", env, code)
    assert result.returncode != 0
    assert "parvis.E003" in result.stderr and "collectstatic" in result.stderr


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
