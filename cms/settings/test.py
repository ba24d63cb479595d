"""Test settings: the real PostgreSQL and Redis of the machine, overridable by the environment."""

import os
from pathlib import Path

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/parvis")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
# `make test` runs the suite in two pytest-xdist workers (gw0, gw1): each has its own database
# (pytest-django adds _gw0...), Redis database (15, 14...: caches and Celery broker) and media
# folder. The base is kept aside so a worker process a test starts derives the same ones.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
_redis_base = os.environ.setdefault("PARVIS_TEST_REDIS_URL", os.environ["REDIS_URL"])
if XDIST_WORKER.startswith("gw"):
    _server, _slash, _number = _redis_base.rpartition("/")
    os.environ["REDIS_URL"] = f"{_server}/{int(_number or 0) - int(XDIST_WORKER[2:])}"
os.environ.setdefault("CACHE_KEY_PREFIX", "parvis-test")

from .base import *  # noqa: E402, F403

DEBUG = False
SECRET_KEY = "test-only-secret-key-parvis"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(
    os.environ.get("MEDIA_ROOT") or BASE_DIR / "var" / f"test-media{XDIST_WORKER}"  # noqa: F405
)
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# A worker process a test starts sends to that test's SMTP server (tests/smtp.py).
if os.environ.get("TEST_SMTP_PORT"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = "127.0.0.1"
    EMAIL_PORT = int(os.environ["TEST_SMTP_PORT"])
# Tests run tasks inline unless a test starts a real worker on purpose.
CELERY_TASK_ALWAYS_EAGER = True
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
