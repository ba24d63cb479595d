"""`make bench-mail` (issue 25): the weekly digests of 10,000 people written and sent by one
Celery worker (one process) to a real SMTP server, with the mails per second and the worker's
memory; then the follow-up page of a mandatory reading whose audience is those 10,000 people,
measured with wrk beside the baseline view, as `make bench` measures pages.

Its own database (parvis_bench_mail), made afresh each run: 10,000 people in a direction of
twenty services, three unread notifications each, twelve news items of the week, and an item
every one of them must read (two in three have confirmed), followed by the direction's head.
Writes bench/mail-results.json.
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import run as bench
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "parvis_bench_mail"
PEOPLE = int(os.environ.get("BENCH_MAIL_PEOPLE", "10000"))
HEAD = ("chef.direction@bench.fr", "Bench-Mail-2026!")
MONDAY = "2026-12-07T09:00:00+01:00"
ENV = {
    **bench.ENV,
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
    "REDIS_URL": "redis://127.0.0.1:6379/9",
    "CACHE_KEY_PREFIX": "parvis-bench-mail",
    "WAGTAILADMIN_BASE_URL": "https://intranet.bench.fr",
}

PREPARE = f"""
import json, random, django
django.setup()
from datetime import timedelta
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from cms.setup import ensure_reference_data
from home.models import NewsIndexPage, NewsPage, ReadConfirmation, ReadRequirement
from social.notifications.models import Notification
from social.people.models import Service, User

home = ensure_reference_data(organisation_name="Bench-sur-Mer")
index = NewsIndexPage.objects.child_of(home).get()
direction = Service.objects.create(name="Direction des services", slug="direction")
services = [Service.objects.create(name=f"Service {{n}}", slug=f"service-{{n}}", parent=direction)
            for n in range(20)]
head = User.objects.create_user({HEAD[0]!r}, {HEAD[1]!r}, first_name="Claire", last_name="Chef",
                                service=direction)
direction.head = head
direction.save()
password = make_password(None)
people = User.objects.bulk_create(
    [User(email=f"agent{{n}}@bench.fr", first_name=f"Prénom{{n}}", last_name=f"Nom{{n}}",
          slug=f"prenom{{n}}-nom{{n}}", service=services[n % 20], password=password)
     for n in range({PEOPLE} - 1)],
    batch_size=2000,
)
people.append(head)
now = timezone.now()
kinds = [Notification.Kind.REPLY, Notification.Kind.GROUP_POST, Notification.Kind.TASK_CHANGED]
Notification.objects.bulk_create(
    [Notification(recipient=person, kind=kind, actor=head, title=f"Sujet {{n}} de {{person.pk}}",
                  url="/", excerpt="Un extrait de ce qui s'est dit.",
                  created_at=now - timedelta(hours=n + 1), updated_at=now - timedelta(hours=n + 1))
     for person in people for n, kind in enumerate(kinds)],
    batch_size=5000,
)
def publish(title, **fields):
    news = NewsPage(title=title, lead="Le chapeau de l'actualité, deux phrases au plus.",
                    date=now - timedelta(days=1), **fields)
    index.add_child(instance=news)
    news.save_revision().publish()
    return news
for n in range(12):
    publish(f"Actualité {{n}} de la semaine", pinned=n == 0)
reading = publish("Règlement intérieur : à lire par tous", read_required=True,
                  audience="services")
reading.audience_services.set([direction])
reading.save_revision().publish()
requirement = ReadRequirement.objects.get(news=reading)
rng = random.Random(25)
ReadConfirmation.objects.bulk_create(
    [ReadConfirmation(requirement=requirement, user=person) for person in people
     if rng.random() < 0.66], batch_size=5000)
print(json.dumps({{"report": f"/lectures-obligatoires/{{requirement.pk}}/",
                  "asked": len(people), "confirmed": requirement.confirmations.count()}}))
"""


class Sink:
    def __init__(self):
        self.count = 0
        self.bytes = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            self.bytes += len(envelope.content)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def psql(sql: str, database: str = "postgres") -> str:
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-qAt", "-c", sql],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def prepare() -> dict:
    psql(f"DROP DATABASE IF EXISTS {DB_NAME}")
    psql(f"CREATE DATABASE {DB_NAME}")
    subprocess.run(["redis-cli", "-n", "9", "flushdb"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=ENV,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    result = subprocess.run(
        [sys.executable, "-c", PREPARE], cwd=ROOT, env=ENV, capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def digests(port: int, sink: Sink) -> dict:
    """One worker process (solo pool: one process does everything) from the queueing of the
    period's digests to the last mail accepted by the SMTP server."""
    env = {**ENV, "EMAIL_URL": f"smtp://127.0.0.1:{port}"}
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "cms", "worker", "--pool=solo",
         "--loglevel=WARNING", "--without-mingle", "--without-gossip"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    process = psutil.Process(worker.pid)
    peak = 0
    try:
        time.sleep(3)
        started = time.monotonic()
        subprocess.run(
            [sys.executable, "-c",
             "import django; django.setup(); from social.mail.tasks import queue_digests; "
             f"print(queue_digests.delay({MONDAY!r}))"],
            cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        while sink.count < PEOPLE:
            peak = max(peak, process.memory_info().rss)
            if time.monotonic() - started > 1800:
                raise SystemExit(f"only {sink.count} mails after 30 minutes")
            time.sleep(0.25)
        elapsed = time.monotonic() - started
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    written = int(psql("SELECT count(*) FROM mail_digestdelivery", DB_NAME))
    return {
        "people": PEOPLE,
        "digests_written": written,
        "mails_received": sink.count,
        "seconds": round(elapsed, 1),
        "mails_per_second": round(sink.count / elapsed, 1),
        "worker_peak_rss_mb": round(peak / 2**20, 1),
        "average_mail_kb": round(sink.bytes / max(sink.count, 1) / 1024, 1),
    }


def login(head: tuple[str, str]) -> str:
    saved = bench.AGENT
    bench.AGENT = head
    try:
        return bench.login_cookie()
    finally:
        bench.AGENT = saved


def pages(report_path: str) -> dict:
    wrk = bench.ensure_wrk()
    static_root = tempfile.mkdtemp(prefix="parvis-bench-mail-static-")
    env = {**ENV, "STATIC_ROOT": static_root}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "cms.wsgi", "--workers", "2", "--bind",
         f"127.0.0.1:{bench.PORT}", "--log-level", "warning", "--env",
         "DJANGO_SETTINGS_MODULE=bench.settings"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    try:
        bench.wait_until_up(gunicorn)
        cookie = login(HEAD)
        return {
            "baseline": bench.measure(wrk, "/bench/baseline/", cookie),
            "read_report_10000": bench.measure(wrk, report_path, cookie),
        }
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)


RESULTS = ROOT / "bench" / "mail-results.json"


def main() -> None:
    if os.environ.get("BENCH_REUSE_DB") == "1" and RESULTS.exists():
        # Measure the page again on the last run's database (its digests kept as they were).
        saved = json.loads(RESULTS.read_text())
        prepared, digest_figures = saved["prepared"], saved["digests"]
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput"],
            cwd=ROOT, env=ENV, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
    else:
        prepared = prepare()
        print(f"Prepared: {prepared}", flush=True)
        sink = Sink()
        port = free_port()
        controller = Controller(sink, hostname="127.0.0.1", port=port)
        controller.start()
        try:
            digest_figures = digests(port, sink)
        finally:
            controller.stop()
    print(f"Digests: {digest_figures}", flush=True)
    measured = pages(prepared["report"])
    base = measured["baseline"]
    page = measured["read_report_10000"]
    results = {
        "prepared": prepared,
        "digests": digest_figures,
        "pages": measured,
        "read_report_ratio": {
            "rps": round(base["rps"] / page["rps"], 1),
            "p50": round(page["p50_ms"] / base["p50_ms"], 1),
            "p95": round(page["p95_ms"] / base["p95_ms"], 1),
        },
    }
    RESULTS.write_text(json.dumps(results, indent=2))
    print(json.dumps(results["read_report_ratio"]))


if __name__ == "__main__":
    main()
