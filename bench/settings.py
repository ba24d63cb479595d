"""Benchmark settings: production settings, plus a baseline view (bench/urls.py)."""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("EMAIL_URL", "console")
os.environ.setdefault("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")

from cms.settings.production import *  # noqa: E402, F403

ROOT_URLCONF = "bench.urls"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
# The benchmark talks plain HTTP on loopback: cookies cannot be marked Secure there.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# A preparation step that runs its tasks in its own process (bench/people.py), as `make run` does.
if os.environ.get("BENCH_INLINE_TASKS") == "1":
    CELERY_TASK_ALWAYS_EAGER = True
