"""A real ClamAV daemon for the tests (Debian's clamav-daemon), on a socket of its own.

No signature database can be downloaded here: the test signature is made from the EICAR test
file (the antivirus industry's harmless test string) with `sigtool --md5`, as a local `.hdb`,
so clamd reports it as it would a real virus."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import clamd

# The EICAR standard anti-virus test file, 68 bytes (harmless by design).
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


class ClamdServer:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.socket = str(root / "clamd.sock")
        self.process: subprocess.Popen | None = None

    def start(self) -> ClamdServer:
        database = self.root / "db"
        database.mkdir(parents=True, exist_ok=True)
        sample = self.root / "eicar.com"
        sample.write_bytes(EICAR)
        signature = subprocess.run(
            ["/usr/bin/sigtool", "--md5", str(sample)],  # noqa: S603
            check=True,
            capture_output=True,
        ).stdout
        (database / "parvis-test.hdb").write_bytes(signature)
        sample.unlink()
        config = self.root / "clamd.conf"
        config.write_text(
            "\n".join(
                [
                    f"LocalSocket {self.socket}",
                    f"DatabaseDirectory {database}",
                    f"TemporaryDirectory {self.root}",
                    f"LogFile {self.root / 'clamd.log'}",
                    "Foreground yes",
                    "StreamMaxLength 200M",
                    "User root",
                    "",
                ]
            )
        )
        self.process = subprocess.Popen(  # noqa: S603
            ["/usr/sbin/clamd", f"--config-file={config}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if clamd.ClamdUnixSocket(self.socket, timeout=2).ping() == "PONG":
                    return self
            except clamd.ClamdError:
                time.sleep(0.2)
        raise RuntimeError("clamd did not start: " + (self.root / "clamd.log").read_text())

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None
