"""One beat for the install, however many are started: RedBeat's lock in Redis. A second beat
waits; when the first dies, it takes over within the lock's time. No schedule file is written
in the working tree."""

import os
import subprocess
import sys
import time

import pytest

from tests.workers import BASE_DIR, kill_group, wait_for

pytestmark = pytest.mark.worker


def beat_process(log_path, redis_url):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "REDIS_URL": redis_url,
        "PARVIS_TEST_REDIS_URL": redis_url,
        "BEAT_LOCK_TIMEOUT": "8",
        "PYTHONPATH": str(BASE_DIR),
    }
    env.pop("PYTEST_XDIST_WORKER", None)
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "cms", "beat", "--loglevel=INFO"],
        cwd=BASE_DIR,
        env=env,
        stdout=log_path.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def holds_the_lock(log_path):
    return "beat: Acquired lock" in log_path.read_text()


def test_a_second_beat_waits_then_takes_over_when_the_first_dies(tmp_path):
    redis_url = "redis://127.0.0.1:6379/11"  # not the bench's (10)
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    first_log, second_log = tmp_path / "first.log", tmp_path / "second.log"
    first = beat_process(first_log, redis_url)
    second = None
    try:
        assert wait_for(lambda: holds_the_lock(first_log), timeout=60), first_log.read_text()
        second = beat_process(second_log, redis_url)
        time.sleep(6)
        assert second.poll() is None  # still there, waiting
        assert not holds_the_lock(second_log), second_log.read_text()
        assert "Scheduler: Sending due task" not in second_log.read_text()

        kill_group(first)  # the server running it went down
        assert wait_for(lambda: holds_the_lock(second_log), timeout=30), second_log.read_text()
        assert wait_for(lambda: "Sending due task" in second_log.read_text(), timeout=30)
    finally:
        kill_group(first)
        if second is not None:
            kill_group(second)
    assert not list(BASE_DIR.glob("celerybeat-schedule*"))
