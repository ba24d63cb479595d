"""`make run` has no Celery beat: `manage.py run_schedule` runs beat's periodic work in a process
of its own. What it publishes there shows at once in the web process, whose cache it cannot
reach (each process of `make run` keeps its cache in memory)."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

import pytest

from cms.management.commands.run_schedule import interval_seconds
from tests.factories import make_news
from tests.home.test_scheduling import schedule_in_the_past

pytestmark = pytest.mark.django_db(transaction=True)

BASE_DIR = Path(__file__).resolve().parents[2]


def run_schedule(*args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    """The command as `make run` starts it: the development settings, no Redis."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{connection.settings_dict['NAME']}",
        "REDIS_URL": "",
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "run_schedule", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        timeout=timeout,
        check=False,
    )


def test_every_periodic_task_of_beat_can_be_run_by_the_schedule():
    from cms.celery import app

    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks
        assert interval_seconds(entry["schedule"]) > 0


def test_news_scheduled_in_the_demo_goes_live_and_shows_at_once(login, news_index, agent):
    news = make_news(news_index, title="Annonce programmée", publish=False)
    news.go_live_at = timezone.now() + timedelta(hours=2)
    news.save_revision().publish()
    client = login(agent)
    for url in ("/", news_index.url):
        assert "Annonce programmée" not in client.get(url).content.decode()  # cached here
    schedule_in_the_past(news)

    done = run_schedule("--once")

    assert done.returncode == 0, done.stderr.decode()[-2000:]
    news.refresh_from_db()
    assert news.live
    for url in ("/", news_index.url):
        assert "Annonce programmée" in client.get(url).content.decode(), url


def test_the_schedule_stops_with_the_process_that_started_it():
    gone = subprocess.Popen([sys.executable, "-c", "pass"])  # noqa: S603
    gone.wait()

    done = run_schedule("--parent", str(gone.pid), timeout=60)

    assert done.returncode == 0
