"""Helpers for tests that hand work to a real Celery worker."""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection

import kombu.pools

BASE_DIR = Path(__file__).resolve().parents[1]


def wait_for(predicate, timeout=60.0):
    """True as soon as `predicate()` is, False after `timeout` seconds (work in a worker)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def queued_tasks() -> list[str]:
    """The names of the tasks waiting in the broker's queues (Redis), oldest first in each
    queue: proof that work was handed to Celery and not done in the request."""
    import json

    from cms.celery import app as celery_app

    names = []
    with celery_app.connection_for_write() as connection:
        client = connection.default_channel.client
        for queue in celery_app.conf.task_queues:
            messages = client.lrange(queue.name, 0, -1)
            names += [json.loads(message)["headers"]["task"] for message in reversed(messages)]
    return names


@contextlib.contextmanager
def broker_down():
    """Redis unreachable for Celery while inside: what is sent must fail as in production."""
    from cms.celery import app as celery_app

    previous = celery_app.conf.broker_url
    celery_app.conf.broker_url = "redis://127.0.0.1:9/0"  # nothing listens on port 9
    celery_app.pool.force_close_all()
    celery_app.amqp._producer_pool = None
    celery_app._pool = None
    try:
        yield
    finally:
        celery_app.conf.broker_url = previous
        kombu.pools.reset()  # the closed pools must not serve the next test
        celery_app._pool = None
        celery_app.amqp._producer_pool = None


def worker_process(*, queues: str = "", **environment: str) -> subprocess.Popen:
    """A Celery worker in its own process group (prefork, one child), on the test database,
    with `environment` added (MEDIA_ROOT, TEST_SMTP_PORT…): `kill_group` kills it as a crash
    would. It consumes every queue, or only `queues` ("extraction", "mail,celery")."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{connection.settings_dict['NAME']}",
        "PYTHONPATH": str(BASE_DIR),
        **environment,
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "cms",
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            "--loglevel=WARNING",
            "--without-mingle",
            "--without-gossip",
            *(["-Q", queues] if queues else []),
        ],
        cwd=BASE_DIR,
        env=env,
        start_new_session=True,
    )


def kill_group(process: subprocess.Popen) -> None:
    """SIGKILL to the worker and its children: no goodbye, no acknowledgement."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
