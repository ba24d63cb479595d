"""`/temps-reel/`: one Server-Sent Events stream per browser tab, held by the ASGI process
(`uvicorn cms.asgi:application --workers 1`, behind nginx with buffering off for this path).

Django decides who may have a stream (the view `stream`, behind every middleware: session,
sign-in, second factor, shared tablets); the stream itself is then held outside Django, in plain
ASGI (`live_application`), so that an open stream keeps no Django request, no thread, no
database connection and no cache client: a few tens of kilobytes each.

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
from django.db import connections
from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string

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


async def still_allowed(session_key: str, user_id: int) -> bool:
    """Is the account still active and this session still open? (Asked every minute, in one of
    the shared worker threads, its connections closed after.)"""

    def check() -> bool:
        session: SessionBase = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
        try:
            if not session.exists(session_key):
                return False
            return get_user_model().objects.filter(pk=user_id, is_active=True).exists()
        finally:
            connections.close_all()

    return await sync_to_async(check, thread_sensitive=False)()


# --- The door: Django decides who may have a stream --------------------------------------

USER_HEADER = "X-Parvis-Live-User"
SESSION_HEADER = "X-Parvis-Live-Session"


def stream(request: HttpRequest) -> HttpResponse:
    """Who may open a stream, decided by Django with every middleware (session, sign-in, second
    factor, shared tablets): the ASGI process's `live_application` reads this answer, never
    sent to the browser, and holds the stream itself — outside Django, so that an open stream
    keeps no request, thread, database connection or cache client of Django's."""
    if isinstance(request, WSGIRequest) or not live.live_enabled():
        # No stream here (204: an EventSource stops asking); the page polls.
        return HttpResponse(status=204)
    user = request.user
    if not user.is_authenticated or not user.is_active:
        return HttpResponse(status=403)
    return HttpResponse(
        status=200,
        headers={USER_HEADER: str(user.pk), SESSION_HEADER: request.session.session_key or ""},
    )


# --- The stream itself, in plain ASGI ----------------------------------------------------


async def _events(user_id: int, session_key: str, last_id: str, queue: asyncio.Queue):
    """What the stream sends: padding and the retry delay, what was missed, then each event."""
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
                if not await still_allowed(session_key, user_id):
                    return
                checked = time.monotonic()
            yield ": keep-alive\n\n"
            continue
        if entry is _CLOSE:
            return
        if last_id and _valid_id(last_id) and not _newer(entry["id"], last_id):
            continue  # already sent from the stream's history
        yield sse(entry["event"], entry["data"], entry["id"])


async def _serve_stream(user_id: int, session_key: str, scope, receive, send) -> None:
    current = hub()
    if not await current.start():
        await send(
            {
                "type": "http.response.start",
                "status": 503,
                "headers": [(b"retry-after", b"30"), (b"content-length", b"0")],
            }
        )
        await send({"type": "http.response.body", "body": b""})
        return
    last_id = dict(scope.get("headers", [])).get(b"last-event-id", b"").decode("latin-1")
    queue = current.subscribe(user_id)
    gone = asyncio.ensure_future(_disconnected(receive))
    try:
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-type", b"text/event-stream; charset=utf-8"),
                    (b"cache-control", b"no-cache, no-store"),
                    (b"x-accel-buffering", b"no"),  # nginx: pass each event at once
                    (b"x-content-type-options", b"nosniff"),
                ],
            }
        )
        events = _events(user_id, session_key, last_id, queue)
        while True:
            step = asyncio.ensure_future(anext(events))
            done, _pending = await asyncio.wait({step, gone}, return_when=asyncio.FIRST_COMPLETED)
            if gone in done:
                step.cancel()
                break
            try:
                chunk = step.result()
            except StopAsyncIteration:
                break
            await send({"type": "http.response.body", "body": chunk.encode(), "more_body": True})
        if not gone.done():
            await send({"type": "http.response.body", "body": b""})
    finally:
        gone.cancel()
        current.unsubscribe(user_id, queue)


async def _disconnected(receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


def live_application(app, *, path: str, limit: int):
    """The ASGI application of the live process: `path` is asked of Django (`stream` above),
    which decides with all its middleware; a yes becomes a stream held here, anything else
    (sign-in page, 403, 204) is passed on as Django wrote it. Every other request goes to Django.

    At most `limit` requests are in Django at once: each opens a database connection there
    (session, user), and 2,000 tabs reconnecting together after a restart must queue rather
    than ask PostgreSQL for 2,000 connections at the same moment."""
    gates: dict[int, asyncio.Semaphore] = {}

    async def application(scope, receive, send):
        if scope["type"] != "http":
            return await app(scope, receive, send)
        gate = gates.setdefault(id(asyncio.get_running_loop()), asyncio.Semaphore(limit))
        if scope["path"] != path:
            async with gate:
                return await app(scope, receive, send)
        answer: list[dict] = []

        async def keep(message):
            answer.append(message)

        async with gate:
            await app(scope, receive, keep)
        start = answer[0] if answer else {"status": 500, "headers": []}
        headers = {name.lower(): value for name, value in start.get("headers", [])}
        user = headers.get(USER_HEADER.lower().encode())
        if start["status"] == 200 and user:
            session_key = headers.get(SESSION_HEADER.lower().encode(), b"").decode()
            return await _serve_stream(int(user), session_key, scope, receive, send)
        for message in answer:
            await send(message)

    return application


def _newer(entry_id: str, last_id: str) -> bool:
    try:
        return tuple(int(p) for p in entry_id.split("-")) > tuple(
            int(p) for p in last_id.split("-")
        )
    except ValueError:
        return True
