"""Helpers for tests that hand work to a real Celery worker."""

import contextlib
import time

import kombu.pools


def wait_for(predicate, timeout=60.0):
    """True as soon as `predicate()` is, False after `timeout` seconds (work in a worker)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def queued_tasks() -> list[str]:
    """The names of the tasks waiting in the broker's queue (Redis), oldest first: proof that
    work was handed to Celery and not done in the request."""
    import json

    from cms.celery import app as celery_app

    with celery_app.connection_for_write() as connection:
        client = connection.default_channel.client
        messages = client.lrange(celery_app.conf.task_default_queue, 0, -1)
    return [json.loads(message)["headers"]["task"] for message in reversed(messages)]


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
