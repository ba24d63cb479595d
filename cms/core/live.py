"""Live updates: what changed, told to the people concerned while their pages are open.

Pages stay on WSGI; one stream per browser tab (`/temps-reel/`, Server-Sent Events) is held by a
separate ASGI process (cms/live_stream.py), so a tab never uses more than one of the six
connections HTTP/1.1 allows per host. An event is only a hint (« conversation 12 changed »,
« your notifications changed »): the page then asks for what changed through the ordinary,
authorised views. So an event can never show anyone what they may not read, and a missed one
costs a few seconds, never a message.

Publishing (this module, from any process): after the transaction commits, each event is
appended to the person's Redis stream `live:user:<id>` (the last STREAM_LENGTH are kept, for a
client that reconnects with `Last-Event-ID`), then announced on the pub/sub channel `live`,
which every ASGI process listens to. Redis down: nothing is published, the pages fall back to
polling, and what was written is already committed.

This module imports no app: the apps say whom to tell and what happened.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction

import redis

logger = logging.getLogger(__name__)

CHANNEL = "live"
STREAM_LENGTH = 200
STREAM_SECONDS = 3600  # a person's stream is forgotten an hour after their last event

_client = None


def stream_name(user_id: int) -> str:
    return f"live:user:{user_id}"


def live_enabled() -> bool:
    """Is there a live stream at all? (Not in `make run`: pages poll instead.)"""
    return bool(settings.LIVE_STREAM_URL and settings.LIVE_REDIS_URL)


def redis_client():
    global _client
    if _client is None:
        _client = redis.Redis.from_url(
            settings.LIVE_REDIS_URL, socket_timeout=2, socket_connect_timeout=2
        )
    return _client


def encode(event: str, data: dict) -> dict[str, str]:
    return {"event": event, "data": json.dumps(data, separators=(",", ":"))}


def publish_now(user_ids: Iterable[int], event: str, data: dict) -> int:
    """Tell each of `user_ids` that `event` happened; returns how many were told (0 when live
    updates are off or Redis cannot be reached: the pages poll meanwhile)."""
    user_ids = sorted(set(user_ids))
    if not user_ids or not live_enabled():
        return 0
    fields = encode(event, data)
    try:
        client = redis_client()
        appended = client.pipeline(transaction=False)
        for user_id in user_ids:
            appended.xadd(stream_name(user_id), fields, maxlen=STREAM_LENGTH, approximate=True)
            appended.expire(stream_name(user_id), STREAM_SECONDS)
        ids = appended.execute()[::2]
        announced = client.pipeline(transaction=False)
        for user_id, entry_id in zip(user_ids, ids, strict=True):
            entry = entry_id.decode() if isinstance(entry_id, bytes) else entry_id
            announced.publish(CHANNEL, json.dumps({"user": user_id, "id": entry, **fields}))
        announced.execute()
    except Exception:  # noqa: BLE001 (redis raises several kinds when it is down)
        logger.warning("Live updates unavailable: %s for %d people not sent", event, len(user_ids))
        return 0
    return len(user_ids)


def publish(user_ids: Iterable[int], event: str, data: dict) -> None:
    """`publish_now` once the current transaction commits: nobody is told of a change that
    could still be rolled back, or asks for it before it is visible."""
    user_ids = list(user_ids)
    transaction.on_commit(lambda: publish_now(user_ids, event, data))
