"""A PostgreSQL read replica (DATABASE_REPLICA_URL), for installs beyond one server.

Pages that only read (GET, HEAD) read from the replica; everything else — forms sent, Celery
tasks, the admin's writes, any transaction — uses the primary. A request that wrote anything,
and every request of the same browser for DATABASE_REPLICA_PIN_SECONDS after it, read the
primary too: whoever just saved something sees it on the next page, whatever the replica's lag
(a cookie carries the deadline; it says nothing of the person and changes nothing but the
database read).
"""

from __future__ import annotations

import contextvars
import time

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import connections

REPLICA = "replica"
PIN_COOKIE = "parvis_primary"

_replica_reads = contextvars.ContextVar("parvis_replica_reads", default=False)
_wrote = contextvars.ContextVar("parvis_wrote", default=False)


class ReplicaRouter:
    """Reads go to the replica only inside a request the middleware allowed, before anything
    was written and outside any transaction; writes and migrations always to the primary."""

    def db_for_read(self, model, **hints):
        if _replica_reads.get() and not _wrote.get() and not connections["default"].in_atomic_block:
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        _wrote.set(True)
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data on both

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"


def pinned_until(request) -> float:
    try:
        return float(request.COOKIES.get(PIN_COOKIE, "0"))
    except ValueError:
        return 0.0


class ReplicaReadsMiddleware:
    def __init__(self, get_response):
        if REPLICA not in settings.DATABASES:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        safe = request.method in ("GET", "HEAD", "OPTIONS")
        reads = _replica_reads.set(safe and pinned_until(request) < time.time())
        wrote = _wrote.set(False)
        try:
            response = self.get_response(request)
            if not safe or _wrote.get():
                pin = settings.DATABASE_REPLICA_PIN_SECONDS
                response.set_cookie(
                    PIN_COOKIE,
                    str(int(time.time()) + pin),
                    max_age=pin,
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=True,
                    samesite="Lax",
                )
        finally:
            _replica_reads.reset(reads)
            _wrote.reset(wrote)
        return response
