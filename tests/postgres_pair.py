"""A PostgreSQL primary and its streaming replica, two clusters of Debian's PostgreSQL started
by the tests on ports of their own (the machine's cluster does not accept replication
connections, and is left alone). Run as the `postgres` system user, as PostgreSQL requires."""

from __future__ import annotations

import glob
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

BIN = Path(sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1])
AS_POSTGRES = ["/usr/sbin/runuser", "-u", "postgres", "--"]


def _as_postgres(*command: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [*AS_POSTGRES, *command], check=True, capture_output=True, text=True, **kwargs
    )


def _psql(port: int, sql: str, database: str = "postgres") -> str:
    return subprocess.run(  # noqa: S603
        ["/usr/bin/psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", database,
         "-Atqc", sql],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip


class PostgresPair:
    def __init__(self, primary_port: int, replica_port: int) -> None:
        self.primary_port, self.replica_port = primary_port, replica_port
        self.root = Path(tempfile.mkdtemp(prefix="parvis-pg-"))
        shutil.chown(self.root, "postgres", "postgres")
        self.primary, self.replica = self.root / "primary", self.root / "replica"

    def _start(self, data: Path, port: int) -> None:
        options = (
            f"-p {port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
            " -c wal_level=replica -c hot_standby=on"
        )
        _as_postgres(
            str(BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(data) + ".log",
            "-w", "start",
        )  # fmt: skip

    def start_primary(self, database: str) -> str:
        _as_postgres(str(BIN / "initdb"), "-D", str(self.primary), "-A", "trust", "-U", "postgres")
        self._start(self.primary, self.primary_port)
        _psql(self.primary_port, f"CREATE DATABASE {database}")
        return f"postgres://postgres@127.0.0.1:{self.primary_port}/{database}"

    def start_replica(self, database: str) -> str:
        """A streaming replica of the primary as it is now (and following it from then on)."""
        _as_postgres(
            str(BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(self.primary_port),
            "-U", "postgres", "-D", str(self.replica), "-R", "-X", "stream", "-c", "fast",
        )  # fmt: skip
        self._start(self.replica, self.replica_port)
        deadline = time.monotonic() + 30
        while _psql(self.replica_port, "SELECT pg_is_in_recovery()") != "t":
            if time.monotonic() > deadline:
                raise RuntimeError("the replica is not in recovery")
            time.sleep(0.2)
        return f"postgres://postgres@127.0.0.1:{self.replica_port}/{database}"

    def replay(self, *, paused: bool) -> None:
        """Hold the replica where it is (the primary's later writes do not reach it), or let
        it catch up: a replica lagging behind, on demand."""
        _psql(self.replica_port, f"SELECT pg_wal_replay_{'pause' if paused else 'resume'}()")

    def stop(self) -> None:
        for data in (self.replica, self.primary):
            if (data / "postmaster.pid").exists():
                _as_postgres(str(BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(self.root, ignore_errors=True)
