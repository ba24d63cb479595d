"""The one background-work system of Parvis."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

app = Celery("cms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _redbeat_settings(sender, **kwargs):
    """RedBeat (the one beat, cms/settings/base.py) looks for its settings under its own names,
    which Celery's view of Django's CELERY_ settings does not list: named again here."""
    for name in ("redis_url", "redis_options", "key_prefix", "lock_timeout"):
        setting = f"CELERY_REDBEAT_{name.upper()}"
        if setting in sender.conf:
            sender.conf[f"redbeat_{name}"] = sender.conf[setting]
