"""`/temps-reel/`: one Server-Sent Events stream per browser tab, held by the ASGI process
(`uvicorn cms.asgi:application --workers 1`, behind nginx with buffering off for this path).

Each ASGI process keeps ONE Redis pub/sub connection (`Hub`), whatever the number of streams:
each open stream is a small queue, filled by the hub with the events of its person. A client
that reconnects sends `Last-Event-ID` (the browser does it by itself); the events it missed are
read back from the person's Redis stream, or, when they are too old to be there, it is told to
catch up (`resync`) through the ordinary pages. When Redis goes away, every stream is closed and
new ones are refused (503) until it is back: the pages poll meanwhile.

Under WSGI (`make run`, gunicorn) the stream is refused at once (204, which tells an EventSource
to stop asking): a worker must never be held by a long-lived request.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.base import SessionBase
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse

import redis.asyncio as aioredis
from asgiref.sync import sync_to_async

from .core import live

logger = logging.getLogger(__name__)

KEEP_ALIVE_SECONDS = 20
RECHECK_SECONDS = 60  # an account deactivated or a session closed ends its streams
QUEUE_SIZE = 100
RETRY_MS = 3000
_CLOSE = object()


class Hub:
    """The per-process listener: one subscription to the `live` channel, one queue per stream."""

    def __init__(self) -> None:
        self.queues: dict[int, set[asyncio.Queue]] = {}
        self.task: asyncio.Task | None = None
        self.ready = asyncio.Event()
        self.down = False

    def subscribe(self, user_id: int) -> asyncio.Queue:
        queue: asyncio.Queue = asyncio.Queue(maxsize=QUEUE_SIZE)
        self.queues.setdefault(user_id, set()).add(queue)
        return queue

    def unsubscribe(self, user_id: int, queue: asyncio.Queue) -> None:
        queues = self.queues.get(user_id)
        if queues is not None:
            queues.discard(queue)
            if not queues:
                del self.queues[user_id]

    @property
    def streams(self) -> int:
        return sum(len(queues) for queues in self.queues.values())

    async def start(self) -> bool:
        """Listen if not yet listening; False when Redis cannot be reached."""
        if self.task is None or self.task.done():
            self.ready.clear()
            self.task = asyncio.get_running_loop().create_task(self._listen())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.ready.wait(), 3)
        return self.ready.is_set() and not self.down

    async def _listen(self) -> None:
        client = aioredis.Redis.from_url(settings.LIVE_REDIS_URL, socket_connect_timeout=2)
        pubsub = client.pubsub()
        try:
            await pubsub.subscribe(live.CHANNEL)
            self.down = False
            self.ready.set()
            async for message in pubsub.listen():
                if message["type"] == "message":
                    self._dispatch(json.loads(message["data"]))
        except Exception:  # noqa: BLE001 (Redis gone: the streams end, the pages poll)
            logger.warning("Live hub lost Redis: closing %d streams", self.streams)
        finally:
            self.down = True
            self.ready.set()
            self._close_all()
            with contextlib.suppress(Exception):
                await pubsub.aclose()
                await client.aclose()

    def _dispatch(self, entry: dict) -> None:
        for queue in list(self.queues.get(entry.get("user"), ())):
            try:
                queue.put_nowait(entry)
            except asyncio.QueueFull:  # a stuck client: closed, it catches up when it reconnects
                while not queue.empty():
                    queue.get_nowait()
                queue.put_nowait(_CLOSE)

    def _close_all(self) -> None:
        for queues in list(self.queues.values()):
            for queue in list(queues):
                with contextlib.suppress(asyncio.QueueFull):
                    queue.put_nowait(_CLOSE)


_hubs: dict[int, Hub] = {}


def hub() -> Hub:
    """This event loop's hub (one per process in production; tests may run several loops)."""
    loop = asyncio.get_running_loop()
    found = _hubs.get(id(loop))
    if found is None:
        found = _hubs[id(loop)] = Hub()
    return found


def sse(event: str, data: str, event_id: str | None = None) -> str:
    lines = [f"id: {event_id}"] if event_id else []
    lines.append(f"event: {event}")
    lines.extend(f"data: {line}" for line in data.split("\n"))
    return "\n".join(lines) + "\n\n"


async def missed_since(user_id: int, last_id: str) -> list[str] | None:
    """The events of `user_id` after `last_id`, or None when the person's stream no longer
    reaches back that far (trimmed, or forgotten after an hour without events)."""
    client = live.redis_client()
    name = live.stream_name(user_id)

    def read():
        oldest = client.xrange(name, count=1)
        if not oldest or _newer(_entry_id(oldest[0][0]), last_id):
            return None
        return client.xrange(name, min=f"({last_id}")

    entries = await sync_to_async(read, thread_sensitive=False)()
    if entries is None:
        return None
    return [
        sse(fields[b"event"].decode(), fields[b"data"].decode(), _entry_id(entry_id))
        for entry_id, fields in entries
    ]


def _entry_id(raw) -> str:
    return raw.decode() if isinstance(raw, bytes) else raw


def _valid_id(value: str) -> bool:
    milliseconds, _sep, sequence = value.partition("-")
    return milliseconds.isdigit() and sequence.isdigit() and len(value) < 40


async def still_allowed(request: HttpRequest, user_id: int) -> bool:
    """Is the account still active and this session still open?"""

    def check() -> bool:
        session: SessionBase = request.session
        if not session.exists(session.session_key or ""):
            return False
        return get_user_model().objects.filter(pk=user_id, is_active=True).exists()

    return await sync_to_async(check)()


async def stream(request: HttpRequest) -> HttpResponse:
    if isinstance(request, WSGIRequest) or not live.live_enabled():
        # No stream here (204: an EventSource stops asking); the page polls.
        return HttpResponse(status=204)
    user = await request.auser()
    if not user.is_authenticated or not user.is_active:
        return HttpResponse(status=403)
    current = hub()
    if not await current.start():
        return HttpResponse(status=503, headers={"Retry-After": "30"})
    user_id = user.pk
    queue = current.subscribe(user_id)
    last_id = request.headers.get("Last-Event-ID", "")

    async def events():
        try:
            # A comment as padding pushes the first bytes through proxies that wait for more.
            yield f": {' ' * 2048}\nretry: {RETRY_MS}\n\n"
            if last_id and _valid_id(last_id):
                missed = await missed_since(user_id, last_id)
                if missed is None:
                    yield sse("resync", "{}")
                else:
                    for item in missed:
                        yield item
            checked = time.monotonic()
            while True:
                try:
                    entry = await asyncio.wait_for(queue.get(), KEEP_ALIVE_SECONDS)
                except TimeoutError:
                    if time.monotonic() - checked > RECHECK_SECONDS:
                        if not await still_allowed(request, user_id):
                            return
                        checked = time.monotonic()
                    yield ": keep-alive\n\n"
                    continue
                if entry is _CLOSE:
                    return
                if last_id and _valid_id(last_id) and not _newer(entry["id"], last_id):
                    continue  # already sent from the stream's history
                yield sse(entry["event"], entry["data"], entry["id"])
        finally:
            current.unsubscribe(user_id, queue)

    response = StreamingHttpResponse(events(), content_type="text/event-stream; charset=utf-8")
    response["Cache-Control"] = "no-cache, no-store"
    response["X-Accel-Buffering"] = "no"  # nginx: pass each event at once
    return response


def _newer(entry_id: str, last_id: str) -> bool:
    try:
        return tuple(int(p) for p in entry_id.split("-")) > tuple(
            int(p) for p in last_id.split("-")
        )
    except ValueError:
        return True
