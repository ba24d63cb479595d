"""The embedded default (SQLite, `make run`) serves several people writing at once: each waits
its turn instead of failing with « database is locked » (WAL, a busy timeout, transactions that
take the write lock when they start). Two processes write in read-then-write transactions, as a
comment or a publication does; none fails and no write is lost."""

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
WRITES = 150
WRITER = f"""
import time
from django.db import transaction
from cms.core import generations
for _ in range({WRITES}):
    with transaction.atomic():
        generations.current(["writers"])  # a read first: a deferred transaction fails here
        time.sleep(0.01)  # the work of a request, while the other writer comes in
        generations.bump("writers")
"""


def manage(database: Path, *args: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": f"sqlite:///{database}",
        "REDIS_URL": "",
    }
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_two_writers_at_once_both_succeed(tmp_path):
    database = tmp_path / "parvis.sqlite3"
    migrate = manage(database, "migrate", "--noinput", "-v0")
    assert migrate.wait(timeout=300) == 0, migrate.stderr.read().decode()[-2000:]
    start = manage(
        database,
        "shell",
        "-c",
        "from cms.core import generations; print(generations.value('writers'))",
    )
    assert start.wait(timeout=120) == 0
    before = int(start.stdout.read().decode().split()[-1])

    writers = [manage(database, "shell", "-c", WRITER) for _ in range(2)]
    errors = [writer.communicate(timeout=300)[1].decode() for writer in writers]

    assert [writer.returncode for writer in writers] == [0, 0], errors
    end = manage(
        database,
        "shell",
        "-c",
        "from cms.core import generations; print(generations.value('writers'))",
    )
    assert end.wait(timeout=120) == 0
    assert int(end.stdout.read().decode().split()[-1]) == before + 2 * WRITES
