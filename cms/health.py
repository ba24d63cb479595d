"""The health of an install, for monitoring (`/sante/`): the database, Redis, each Celery queue's
worker and beat (through heartbeats), and the free disk space of the media.

Each queue receives a heartbeat task from beat every HEALTH_HEARTBEAT_SECONDS; a worker of that
queue writes its time in the cache. A queue whose last heartbeat is too old has no worker (or
one stuck behind a long backlog), or beat is down: either way someone must look.
"""

from __future__ import annotations

import ipaddress
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections

import redis

HEARTBEAT_KEY = "health:heartbeat:{queue}"


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: dict


def heartbeat_record(*, queue: str) -> None:
    cache.set(HEARTBEAT_KEY.format(queue=queue), time.time(), timeout=None)


def queue_tolerance(queue: str) -> float:
    """Seconds a heartbeat may be late: one beat interval and a margin, plus, on the extraction
    queue, one whole extraction (the heartbeat waits behind it)."""
    tolerance = 3 * settings.HEALTH_HEARTBEAT_SECONDS + 60
    if queue == "extraction":
        tolerance += settings.LIBRARY_EXTRACTION_TIME_LIMIT
    return tolerance


def database_check() -> Check:
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:  # noqa: BLE001 (any driver error means "down")
        return Check("base_de_donnees", False, {"erreur": type(error).__name__})
    return Check("base_de_donnees", True, {"ms": round((time.monotonic() - started) * 1000, 1)})


def replica_check() -> Check | None:
    """With a read replica: is it reachable, and how far behind the primary's last change."""
    if "replica" not in settings.DATABASES:
        return None
    started = time.monotonic()
    try:
        with connections["replica"].cursor() as cursor:
            cursor.execute(
                "SELECT pg_is_in_recovery(), "
                "EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())"
            )
            recovering, lag = cursor.fetchone()
    except Exception as error:  # noqa: BLE001 (any driver error means "down")
        return Check("replique", False, {"erreur": type(error).__name__})
    detail = {"ms": round((time.monotonic() - started) * 1000, 1)}
    detail["derniere_modification_rejouee_s"] = None if lag is None else round(float(lag))
    return Check("replique", bool(recovering), detail)


def redis_check() -> Check:
    if not settings.REDIS_URL:
        return Check("redis", True, {"etat": "non configuré (make run)"})
    started = time.monotonic()
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
        )
        client.ping()
    except redis.RedisError as error:
        return Check("redis", False, {"erreur": type(error).__name__})
    return Check("redis", True, {"ms": round((time.monotonic() - started) * 1000, 1)})


def workers_check(now: float | None = None) -> Check:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return Check("celery", True, {"etat": "tâches exécutées sur place (make run)"})
    now = time.time() if now is None else now
    queues = [queue.name for queue in settings.CELERY_TASK_QUEUES]
    try:
        beats = cache.get_many([HEARTBEAT_KEY.format(queue=queue) for queue in queues])
    except Exception as error:  # noqa: BLE001 (the cache is Redis: down is reported above)
        return Check("celery", False, {"erreur": type(error).__name__})
    detail, ok = {}, True
    for queue in queues:
        last = beats.get(HEARTBEAT_KEY.format(queue=queue))
        age = None if last is None else round(now - last)
        fresh = age is not None and age <= queue_tolerance(queue)
        ok = ok and fresh
        detail[queue] = {"dernier_signe_s": age, "ok": fresh}
    return Check("celery", ok, detail)


def disk_check() -> Check:
    # Before the first upload MEDIA_ROOT may not exist yet: its disk is that of its parent.
    path = Path(settings.MEDIA_ROOT)
    while not path.exists() and path != path.parent:
        path = path.parent
    usage = shutil.disk_usage(path)
    free_mb = usage.free // (1024 * 1024)
    free_percent = round(100 * usage.free / usage.total, 1) if usage.total else 0.0
    ok = free_mb >= settings.HEALTH_MIN_FREE_MB and free_percent >= settings.HEALTH_MIN_FREE_PERCENT
    return Check("disque", ok, {"libre_mo": free_mb, "libre_pourcent": free_percent})


def health_report() -> tuple[bool, list[Check]]:
    checks = [database_check(), replica_check(), redis_check(), workers_check(), disk_check()]
    checks = [check for check in checks if check is not None]
    return all(check.ok for check in checks), checks


def may_see_details(request) -> bool:
    """Only a monitor on the server itself (not through nginx, which adds X-Forwarded-For)
    sees the details; anyone else who reaches the address reads "ok" or "erreur"."""
    if request.META.get("HTTP_X_FORWARDED_FOR"):
        return False
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False
