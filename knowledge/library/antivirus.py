"""Optional antivirus scanning of uploaded files by ClamAV's daemon (Debian: clamav-daemon).

Set CLAMAV_SOCKET (a unix socket, /run/clamav/clamd.ctl on Debian) or CLAMAV_ADDRESS
(host:port, clamd on another machine). The file is streamed to clamd (INSTREAM), so clamd needs
no access to the media; its StreamMaxLength must be at least LIBRARY_MAX_UPLOAD_MB.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

import clamd


class ScannerUnavailable(Exception):
    """clamd did not answer (down, restarting, overloaded): the file waits."""


@dataclass(frozen=True)
class ScanResult:
    infected: bool
    signature: str = ""


def antivirus_enabled() -> bool:
    return bool(settings.CLAMAV_SOCKET or settings.CLAMAV_ADDRESS)


def may_be_served(scan_status: str) -> bool:
    """A stored file may be served once clamd found it clean, or when it is never to be
    scanned (no antivirus, a re-encoded picture); one left waiting when the antivirus was
    switched off is served as before. `scan_status` is a ScanStatus value."""
    if scan_status == "pending":
        return not antivirus_enabled()
    return scan_status in ("clean", "unscanned")


def _client():
    timeout = settings.CLAMAV_TIMEOUT
    if settings.CLAMAV_SOCKET:
        return clamd.ClamdUnixSocket(path=settings.CLAMAV_SOCKET, timeout=timeout)
    host, _colon, port = settings.CLAMAV_ADDRESS.rpartition(":")
    return clamd.ClamdNetworkSocket(host=host or "127.0.0.1", port=int(port), timeout=timeout)


def scan_file(path: str | Path) -> ScanResult:
    """Ask clamd about the file at `path`; `ScannerUnavailable` when it cannot say."""
    try:
        with open(path, "rb") as stream:
            answer = _client().instream(_Chunks(stream))
    except (clamd.ClamdError, OSError) as error:
        raise ScannerUnavailable(str(error)) from error
    status, signature = (answer or {}).get("stream", ("ERROR", "no answer"))
    if status == "FOUND":
        return ScanResult(infected=True, signature=signature or "")
    if status == "OK":
        return ScanResult(infected=False)
    raise ScannerUnavailable(f"{status}: {signature}")


class _Chunks:
    """The file read in 256 KiB pieces (the client's own 1 KiB would cost a system call per
    kilobyte of a 100 MB file)."""

    def __init__(self, stream) -> None:
        self.stream = stream

    def read(self, _size: int) -> bytes:
        return self.stream.read(256 * 1024)
