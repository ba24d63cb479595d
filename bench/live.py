"""`make bench-live`: the live stream as it runs in production — uvicorn (one worker) holding
`/temps-reel/` with the production settings, PostgreSQL and Redis — against real SSE clients.

1. 2,000 idle streams, each signed in as its own colleague: the ASGI process's RSS before and
   after (goal: an increase under 150 MB).
2. A message posted in the channel of a 50-member group, 30 times: the delay from the start of
   the POST's service call (save, commit, publish) to the event's arrival on each of the 50 open
   streams of its members (goal: p95 under 200 ms).

Writes bench/live-results.json and prints the figures.
"""

import asyncio
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("BENCH_LIVE_PORT", "8898"))
DB_NAME = "parvis_bench_live"
IDLE = int(os.environ.get("BENCH_LIVE_IDLE", "2000"))
MEMBERS = 50
MESSAGES = 30
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/10"),
        "CACHE_KEY_PREFIX": "parvis-bench-live",
        "MESSAGES_RATE_LIMIT": "0/60",
        "PYTHONPATH": str(ROOT),
    }
)
sys.path.insert(0, str(ROOT))


def prepare_database() -> None:
    for sql in (f"DROP DATABASE IF EXISTS {DB_NAME}", f"CREATE DATABASE {DB_NAME}"):
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql], check=True)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], check=True, cwd=ROOT
    )


def people_and_cookies():
    """IDLE + MEMBERS colleagues, each signed in once (a session cookie each), and a group of
    MEMBERS of them whose channel is open."""
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from social.groups.models import Membership
    from social.groups.services import group_create
    from social.messaging.services import conversation_channel_open
    from social.people.models import User

    User.objects.bulk_create(
        [
            User(email=f"agent{n}@bench.fr", first_name="Agent", last_name=f"N{n}")
            for n in range(IDLE + MEMBERS)
        ]
    )
    people = list(User.objects.order_by("pk"))
    members = people[IDLE:]
    group = group_create(
        user=members[0], name="Bench canal", kind="transverse", visibility="open", description=""
    )
    Membership.objects.bulk_create(
        [Membership(group=group, user=person, state="active") for person in members[1:]]
    )
    channel = conversation_channel_open(user=members[0], group=group)
    cookies = []
    client = Client()
    for person in people:
        client.force_login(person)
        cookies.append(
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )
        client.cookies.clear()
    return cookies[:IDLE], cookies[IDLE:], members[0], channel


async def open_stream(cookie: str, on_event=None):
    reader, writer = await asyncio.open_connection("127.0.0.1", PORT)
    writer.write(
        f"GET /temps-reel/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
        f"Cookie: {cookie}\r\n\r\n".encode()
    )
    await writer.drain()
    status = await reader.readline()
    if b" 200 " not in status:
        raise SystemExit(f"stream refused: {status!r}")
    while (await reader.readline()) not in (b"\r\n", b""):
        pass
    if on_event is not None:
        asyncio.get_running_loop().create_task(listen(reader, on_event))
    return reader, writer


async def listen(reader, on_event):
    event = ""
    while line := await reader.readline():
        text = line.decode(errors="replace").strip()
        if text.startswith("event: "):
            event = text[7:]
        elif text.startswith("data: ") and event == "messages":
            on_event(time.perf_counter(), text[6:])


def rss_mb(process: psutil.Process) -> float:
    return process.memory_info().rss / 2**20


async def main_async(idle_cookies, member_cookies, author, channel, server):
    from asgiref.sync import sync_to_async

    from social.messaging.services import message_post

    baseline = rss_mb(server)
    streams = []
    for start in range(0, len(idle_cookies), 200):
        streams += await asyncio.gather(
            *(open_stream(c) for c in idle_cookies[start : start + 200])
        )
    await asyncio.sleep(3)
    idle_rss = rss_mb(server)

    arrivals: list[tuple[float, str]] = []
    listeners = await asyncio.gather(
        *(open_stream(c, lambda at, data: arrivals.append((at, data))) for c in member_cookies)
    )
    await asyncio.sleep(1)
    post = sync_to_async(
        lambda n: message_post(user=author, conversation=channel, body=f"Point {n}"),
        thread_sensitive=True,
    )
    delays = []
    for n in range(MESSAGES):
        arrivals.clear()
        started = time.perf_counter()
        await post(n)
        deadline = time.perf_counter() + 5
        while len(arrivals) < len(member_cookies) and time.perf_counter() < deadline:
            await asyncio.sleep(0.005)
        delays += [(at - started) * 1000 for at, _data in arrivals]
        await asyncio.sleep(0.2)
    for _reader, writer in streams + listeners:
        writer.close()
    delays.sort()
    return {
        "idle_streams": len(streams),
        "asgi_rss_before_mb": round(baseline, 1),
        "asgi_rss_with_idle_streams_mb": round(idle_rss, 1),
        "rss_increase_mb": round(idle_rss - baseline, 1),
        "rss_per_stream_kb": round((idle_rss - baseline) * 1024 / max(len(streams), 1), 1),
        "fan_out_members_listening": len(member_cookies),
        "fan_out_deliveries": len(delays),
        "fan_out_expected": MESSAGES * len(member_cookies),
        "fan_out_p50_ms": round(statistics.median(delays), 1) if delays else None,
        "fan_out_p95_ms": round(delays[int(len(delays) * 0.95) - 1], 1) if delays else None,
        "fan_out_max_ms": round(delays[-1], 1) if delays else None,
    }


def main() -> None:
    # Two thousand streams hold two thousand sockets on each side (this process, uvicorn).
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536), hard))
    prepare_database()
    idle_cookies, member_cookies, author, channel = people_and_cookies()
    uvicorn = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "cms.asgi:application",
            "--port",
            str(PORT),
            "--workers",
            "1",
            "--log-level",
            "warning",
            "--timeout-graceful-shutdown",
            "1",
            "--backlog",
            "4096",
        ],
        cwd=ROOT,
        env=os.environ,
    )
    try:
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", PORT), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.2)
        figures = asyncio.run(
            main_async(idle_cookies, member_cookies, author, channel, psutil.Process(uvicorn.pid))
        )
    finally:
        uvicorn.terminate()
        uvicorn.wait(30)
    (ROOT / "bench" / "live-results.json").write_text(json.dumps(figures, indent=2) + "\n")
    for name, value in figures.items():
        print(f"{name:<32} {value}")


if __name__ == "__main__":
    main()
