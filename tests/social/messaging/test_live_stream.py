"""The live stream, as it runs: a real ASGI server (uvicorn, one worker, started here) holding
`/temps-reel/`, the real Redis between it and the process that writes, and HTTP clients reading the
Server-Sent Events. Pages are never served by it, and it never tells anyone of a conversation
they do not read."""

import contextlib
import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

import pytest

from cms.core import live
from social.messaging.services import message_post

pytestmark = pytest.mark.django_db(transaction=True)

BASE_DIR = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class AsgiServer:
    """uvicorn serving cms.asgi on a free port, with the test database and Redis."""

    def __init__(self, **environment):
        self.port = free_port()
        self.environment = environment
        self.process = None

    def start(self):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.test",
            "DATABASE_URL": (
                f"postgres://postgres@127.0.0.1:5432/{connection.settings_dict['NAME']}"
            ),
            **self.environment,
        }
        self.process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "uvicorn",
                "cms.asgi:application",
                "--port",
                str(self.port),
                "--workers",
                "1",
                "--log-level",
                "warning",
                "--timeout-graceful-shutdown",
                "1",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(self.process.stderr.read().decode()[-3000:]) from None
                time.sleep(0.1)
        raise RuntimeError("uvicorn did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


@pytest.fixture
def asgi_server():
    server = AsgiServer().start()
    yield server
    server.stop()


def session_cookie(client, user) -> str:
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


class Stream:
    """One browser tab's stream: a thread reads the events as they come (as EventSource does);
    the test looks at those read so far."""

    def __init__(self, server: AsgiServer, cookie: str = "", last_event_id: str = ""):
        self.connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        headers = {"Accept": "text/event-stream", "Cookie": cookie}
        if last_event_id:
            headers["Last-Event-ID"] = last_event_id
        self.connection.request("GET", "/temps-reel/", headers=headers)
        self.response = self.connection.getresponse()
        self.status = self.response.status
        self.events: list[dict] = []
        if self.status == 200:
            self.connection.sock.settimeout(None)
            threading.Thread(target=self._listen, daemon=True).start()

    def _listen(self):
        event: dict = {}
        try:
            while True:
                line = self.response.fp.readline().decode()
                if not line:
                    return
                line = line.rstrip("\n")
                if not line:
                    if "event" in event:
                        self.events.append(event)
                    event = {}
                elif not line.startswith(":"):
                    field, _sep, value = line.partition(": ")
                    event[field] = value
        except (OSError, ValueError, AttributeError):  # closed by the test
            return

    def read(self, *, until=lambda events: False, seconds: float = 3.0) -> list[dict]:
        """The events read after at most `seconds`, or as soon as `until(events)` holds."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not until(self.events):
            time.sleep(0.05)
        return list(self.events)

    def close(self):
        with contextlib.suppress(OSError):
            self.connection.sock and self.connection.sock.shutdown(socket.SHUT_RDWR)
        self.connection.close()


def about(events, conversation) -> list[dict]:
    return [
        event
        for event in events
        if event["event"] == "messages" and f'"conversation":{conversation.pk}' in event["data"]
    ]


def test_a_message_reaches_the_other_participants_open_tab(
    client, asgi_server, alice, bruno, direct
):
    stream = Stream(asgi_server, session_cookie(client, bruno))
    assert stream.status == 200
    assert stream.response.getheader("Content-Type").startswith("text/event-stream")
    stream.read(seconds=0.5)
    message_post(user=alice, conversation=direct, body="Tu passes à 15 h ?")
    events = stream.read(until=lambda events: about(events, direct), seconds=5)
    [event] = about(events, direct)
    assert event["id"]  # the browser sends it back as Last-Event-ID when it reconnects
    assert "15 h" not in event["data"]  # a hint only: the text is fetched through the pages
    stream.close()


def test_a_notification_rings_the_bell_of_an_open_tab(client, asgi_server, alice, bruno, direct):
    stream = Stream(asgi_server, session_cookie(client, bruno))
    stream.read(seconds=0.5)
    message_post(user=alice, conversation=direct, body="Regarde ça @bruno.petit")
    events = stream.read(
        until=lambda events: any(e["event"] == "notifications" for e in events), seconds=5
    )
    assert any(event["event"] == "notifications" for event in events)
    stream.close()


def test_nobody_outside_a_conversation_hears_of_it(
    client, asgi_server, alice, outsider, superuser, direct
):
    streams = [
        Stream(asgi_server, session_cookie(client, person)) for person in (outsider, superuser)
    ]
    for stream in streams:
        assert stream.status == 200
        stream.read(seconds=0.5)
    message_post(user=alice, conversation=direct, body="Confidentiel")
    for stream in streams:
        assert about(stream.read(seconds=2), direct) == []
        stream.close()


def test_a_reconnecting_tab_receives_what_it_missed(client, asgi_server, alice, bruno, direct):
    cookie = session_cookie(client, bruno)
    stream = Stream(asgi_server, cookie)
    stream.read(seconds=0.5)
    message_post(user=alice, conversation=direct, body="Premier")
    [seen] = about(stream.read(until=lambda e: about(e, direct), seconds=5), direct)
    stream.close()
    message_post(user=alice, conversation=direct, body="Pendant la coupure")
    message_post(user=alice, conversation=direct, body="Encore")

    again = Stream(asgi_server, cookie, last_event_id=seen["id"])
    missed = about(again.read(until=lambda e: len(about(e, direct)) >= 2, seconds=5), direct)
    assert len(missed) == 2
    assert all(event["id"] > seen["id"] for event in missed)
    again.close()


def test_nothing_is_missed_when_the_asgi_process_restarts(client, alice, bruno, direct):
    server = AsgiServer().start()
    cookie = session_cookie(client, bruno)
    stream = Stream(server, cookie)
    stream.read(seconds=0.5)
    message_post(user=alice, conversation=direct, body="Avant le redémarrage")
    [seen] = about(stream.read(until=lambda e: about(e, direct), seconds=5), direct)
    server.stop()
    stream.close()
    message_post(user=alice, conversation=direct, body="Pendant le redémarrage")
    server.start()
    try:
        again = Stream(server, cookie, last_event_id=seen["id"])
        missed = about(again.read(until=lambda e: about(e, direct), seconds=5), direct)
        assert len(missed) == 1
        again.close()
    finally:
        server.stop()


def test_a_forgotten_history_asks_the_tab_to_catch_up(client, asgi_server, bruno):
    stream = Stream(asgi_server, session_cookie(client, bruno), last_event_id="1-0")
    events = stream.read(until=lambda events: events, seconds=3)
    assert events[0]["event"] == "resync"
    stream.close()


def test_anonymous_visitors_get_no_stream(asgi_server):
    stream = Stream(asgi_server)
    assert stream.status in (302, 403)
    stream.close()


def test_pages_never_hold_a_stream_under_wsgi(client, bruno):
    client.force_login(bruno)
    response = client.get("/temps-reel/")
    assert response.status_code == 204


def test_redis_unreachable_means_no_stream_and_sending_still_works(
    client, alice, bruno, direct, settings
):
    server = AsgiServer(LIVE_REDIS_URL=f"redis://127.0.0.1:{free_port()}/0").start()
    try:
        stream = Stream(server, session_cookie(client, bruno))
        assert stream.status == 503  # the page polls instead
        stream.close()
    finally:
        server.stop()
    settings.LIVE_REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"
    live._client = None
    try:
        message = message_post(user=alice, conversation=direct, body="Malgré tout")
        assert direct.messages.filter(pk=message.pk).exists()
    finally:
        live._client = None
