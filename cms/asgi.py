"""ASGI entry point, kept for a separate process holding long-lived streams only
(`uvicorn cms.asgi:application --workers 1`: the live stream, cms/live_stream.py).

Ordinary pages are served by gunicorn through WSGI (cms/wsgi.py), which is several times faster.
"""

import os

from django.conf import settings
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

django_application = get_asgi_application()
# Persistent database connections do not survive ASGI's per-request contexts: each request would
# leave one open (Django's documentation: disable them under ASGI).
for database in settings.DATABASES.values():
    database["CONN_MAX_AGE"] = 0

from django.urls import reverse  # noqa: E402 (after Django is set up)

from cms.live_stream import live_application  # noqa: E402

application = live_application(
    django_application, path=reverse("live_stream"), limit=settings.LIVE_MAX_STARTING
)
