"""ASGI entry point, kept for a separate process holding long-lived streams only.

Ordinary pages are served by gunicorn through WSGI (cms/wsgi.py), which is several times faster.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

application = get_asgi_application()
