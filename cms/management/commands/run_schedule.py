"""The periodic work of Celery beat, in one process, for `make run` (no Redis, no beat).

Every entry of CELERY_BEAT_SCHEDULE runs here at its interval, in this process, through the same
task functions as in production: scheduled news go live and expire on time, a document whose
analysis failed under contention is picked up by the sweep, search terms are written. `make run`
starts it beside the web server with --parent, so it stops when `make run` stops.
"""

import logging
import os
import time
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand

from celery.schedules import crontab

from cms.celery import app

logger = logging.getLogger(__name__)
POLL_SECONDS = 2.0


def interval_seconds(schedule) -> float:
    """A beat entry's interval: seconds, a timedelta or a Celery schedule (`run_every`); a
    crontab (the nightly retention) runs at start, then once a day."""
    if isinstance(schedule, crontab):
        return 24 * 3600.0
    every = getattr(schedule, "run_every", schedule)
    if isinstance(every, timedelta):
        return every.total_seconds()
    return float(every)


def alive(pid: int | None) -> bool:
    if pid is None:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Command(BaseCommand):
    help = "Run Celery beat's periodic tasks in this process (the demo of `make run` has no beat)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run every task once, then stop.")
        parser.add_argument(
            "--parent", type=int, default=None, help="Stop once this process is gone."
        )

    def handle(self, *args, once: bool = False, parent: int | None = None, **options):
        app.loader.import_default_modules()
        entries = {
            name: (entry["task"], interval_seconds(entry["schedule"]), entry.get("args", ()))
            for name, entry in settings.CELERY_BEAT_SCHEDULE.items()
        }
        due = dict.fromkeys(entries, 0.0)
        while alive(parent):
            for name, (task_name, every, task_args) in entries.items():
                if time.monotonic() >= due[name]:
                    self.run(task_name, task_args)
                    due[name] = time.monotonic() + every
            if once:
                return
            time.sleep(POLL_SECONDS)

    def run(self, task_name: str, task_args: tuple = ()) -> None:
        result = app.tasks[task_name].apply(args=task_args)
        if result.failed():
            # The next interval tries again, as beat would; the state lives in the database.
            logger.warning("Scheduled task %s failed: %r", task_name, result.result)
