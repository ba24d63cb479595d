"""Helpers for tests that hand work to a real Celery worker."""

import time


def wait_for(predicate, timeout=60.0):
    """True as soon as `predicate()` is, False after `timeout` seconds (work in a worker)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False
