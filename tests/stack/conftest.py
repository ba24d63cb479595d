"""The production stack, as a commune's server runs it, started once for tests/stack/:

nginx (Debian's, deploy/nginx/parvis.conf with a self-signed certificate) → gunicorn (cms.wsgi)
and uvicorn (cms.asgi, the live stream) → PostgreSQL (a primary and its streaming replica, two
clusters of their own) and Redis, with a Celery worker for the extraction queue, one for the
others, and beat, all under the production settings (no DJANGO_SETTINGS_MODULE: the entry
points' default). Only names, ports and paths of the deploy files are changed. Run by
`make test-stack`."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis
import requests

from tests.postgres_pair import PostgresPair
from tests.smtp import SmtpServer

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DATABASE = "parvis_stack"
REDIS_URL = "redis://127.0.0.1:6379/7"
HTTPS, HTTP, PAGES, LIVE = 18443, 18080, 18000, 18001
PRIMARY, REPLICA = 15432, 15433
BASE = f"https://localhost:{HTTPS}"


@dataclass
class Stack:
    root: Path
    cert: Path
    media: Path
    static: Path
    folder: int
    group: str
    password: str
    inbox: object
    logs: Path
    postgres: PostgresPair

    def session(self) -> requests.Session:
        session = requests.Session()
        # Not the machine's CA bundle (REQUESTS_CA_BUNDLE would override `verify`): this
        # stack's own certificate.
        session.trust_env = False
        session.verify = str(self.cert)
        return session

    def login(self, email: str) -> requests.Session:
        session = self.session()
        page = session.get(f"{BASE}/connexion/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        answer = session.post(
            f"{BASE}/connexion/",
            data={"csrfmiddlewaretoken": token, "username": email, "password": self.password},
            headers={"Referer": f"{BASE}/connexion/"},
            allow_redirects=False,
        )
        assert answer.status_code == 302, answer.text[:500]
        return session

    def log(self, name: str) -> str:
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""


def _run(command, env, **kwargs):
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, f"{command}: {result.stdout[-2000:]} {result.stderr[-3000:]}"
    return result.stdout


def _nginx_site(root: Path, media: Path, static: Path) -> str:
    site = (ROOT / "deploy" / "nginx" / "parvis.conf").read_text()
    for old, new in {
        "intranet.exemple.fr": "localhost",
        "listen [::]:80;": "",
        "listen [::]:443 ssl http2;": "",
        "listen 80;": f"listen 127.0.0.1:{HTTP};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{HTTPS} ssl http2;",
        "127.0.0.1:8000": f"127.0.0.1:{PAGES}",
        "127.0.0.1:8001": f"127.0.0.1:{LIVE}",
        "/etc/ssl/parvis/": f"{root}/ssl/",
        "/srv/parvis/static_collected/": f"{static}/",
        "/srv/parvis/media/": f"{media}/",
        "shared:parvis_ssl:10m": "shared:parvis_stack_ssl:1m",
    }.items():
        assert old in site, old
        site = site.replace(old, new)
    return site


def _nginx_main(root: Path) -> str:
    temp = {name: root / "nginx" / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir(parents=True, exist_ok=True)
    return f"""
user root;
worker_processes 1;
pid {root}/nginx/nginx.pid;
error_log {root}/logs/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {root}/logs/nginx-access.log;
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    include {root}/nginx/parvis.conf;
}}
"""


def _wait_http(url: str, timeout: float = 90, **kwargs) -> requests.Response | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            return requests.get(url, timeout=30, allow_redirects=False, **kwargs)
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.5)
    return None


PARVIS_VARIABLES = (
    "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "EMAIL_URL",
    "WAGTAILADMIN_BASE_URL", "CSRF_TRUSTED_ORIGINS", "MEDIA_ROOT", "STATIC_ROOT",
    "MEDIA_ACCEL_REDIRECT_PREFIX", "CACHE_KEY_PREFIX", "HEALTH_HEARTBEAT_SECONDS",
)  # fmt: skip


def _env_file(root: Path, env: dict) -> Path:
    """deploy/parvis.env with this stack's values written in (the rest as shipped)."""
    lines, written = [], set()
    for line in (ROOT / "deploy" / "parvis.env").read_text().splitlines():
        key = line.split("=", 1)[0] if "=" in line and not line.startswith("#") else ""
        if key in PARVIS_VARIABLES:
            line = f"{key}={env[key]}"
            written.add(key)
        lines.append(line)
    lines += [f"{key}={env[key]}" for key in PARVIS_VARIABLES if key not in written]
    path = root / "parvis.env"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    root = tmp_path_factory.mktemp("stack")
    media, static, logs, ssl = (root / name for name in ("media", "static", "logs", "ssl"))
    for path in (media, static, logs, ssl):
        path.mkdir()
    cert = ssl / "fullchain.pem"
    subprocess.run(  # noqa: S603
        ["/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-keyout", str(ssl / "privkey.pem"), "-out", str(cert), "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    smtp = SmtpServer().start()
    postgres = PostgresPair(PRIMARY, REPLICA)
    processes = {}
    try:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "PYTEST_", "PARVIS_TEST")) and key != "MEDIA_ROOT"
        }
        env.update(
            SECRET_KEY="stack-" + "Zq8rW2pL5mX9vB3n" * 4,
            ALLOWED_HOSTS="localhost,127.0.0.1",
            DATABASE_URL=postgres.start_primary(DATABASE),
            REDIS_URL=REDIS_URL,
            EMAIL_URL=f"smtp://127.0.0.1:{smtp.port}",
            WAGTAILADMIN_BASE_URL=BASE,
            CSRF_TRUSTED_ORIGINS=BASE,
            MEDIA_ROOT=str(media),
            STATIC_ROOT=str(static),
            MEDIA_ACCEL_REDIRECT_PREFIX="/protected-media/",
            CACHE_KEY_PREFIX="parvis-stack",
            HEALTH_HEARTBEAT_SECONDS="3",
            PYTHONPATH=str(ROOT),
        )
        redis.Redis.from_url(REDIS_URL).flushdb()
        # The administrator's way: deploy/parvis-manage reads deploy/parvis.env, filled in.
        admin = {"PATH": os.environ["PATH"], "PARVIS_ENV_FILE": str(_env_file(root, env))}
        manage = ["deploy/parvis-manage"]
        _run([*manage, "migrate", "--noinput", "-v0"], admin, timeout=600)
        _run([*manage, "collectstatic", "--noinput", "-v0"], admin, timeout=600)
        _run([*manage, "check", "--deploy", "--fail-level", "ERROR"], admin, timeout=300)
        script = "import runpy; runpy.run_path('tests/stack/prepare.py')"
        prepared = json.loads(_run([*manage, "shell", "-c", script], admin).splitlines()[-1])
        # Beyond one server: pages that only read use a streaming replica.
        env["DATABASE_REPLICA_URL"] = postgres.start_replica(DATABASE)

        (root / "nginx").mkdir()
        (root / "nginx" / "parvis.conf").write_text(_nginx_site(root, media, static))
        (root / "nginx" / "nginx.conf").write_text(_nginx_main(root))
        nginx_conf = ["-p", str(root / "nginx"), "-c", str(root / "nginx" / "nginx.conf")]
        _run(["/usr/sbin/nginx", *nginx_conf, "-t"], env)

        commands = {
            "gunicorn": [str(BIN / "gunicorn"), "cms.wsgi", "--bind", f"127.0.0.1:{PAGES}",
                         "--workers", "2", "--timeout", "120"],
            "uvicorn": [str(BIN / "uvicorn"), "cms.asgi:application", "--host", "127.0.0.1",
                        "--port", str(LIVE), "--workers", "1", "--no-access-log"],
            "worker-extraction": [sys.executable, "-m", "celery", "-A", "cms", "worker",
                                  "-Q", "extraction", "--concurrency", "1", "--hostname",
                                  "extraction@%h", "--without-mingle", "--without-gossip"],
            "worker-others": [sys.executable, "-m", "celery", "-A", "cms", "worker",
                              "-Q", "mail,celery,search", "--concurrency", "2", "--hostname",
                              "others@%h", "--without-mingle", "--without-gossip"],
            "beat": [sys.executable, "-m", "celery", "-A", "cms", "beat", "--loglevel", "INFO"],
            "nginx": ["/usr/sbin/nginx", *nginx_conf, "-g", "daemon off;"],
        }  # fmt: skip
        for name, command in commands.items():
            processes[name] = subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdout=(logs / f"{name}.log").open("w"),
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        assert _wait_http(f"http://127.0.0.1:{PAGES}/sante/") is not None, "gunicorn"
        assert _wait_http(f"{BASE}/connexion/", verify=str(cert)) is not None, "nginx"
        yield Stack(
            root=root,
            cert=cert,
            media=media,
            static=static,
            folder=prepared["folder"],
            group=prepared["group"],
            password=prepared["password"],
            inbox=smtp.inbox,
            logs=logs,
            postgres=postgres,
        )
    finally:
        for process in processes.values():
            try:
                os.killpg(process.pid, 15)
            except ProcessLookupError:
                continue
        for process in processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, 9)
        smtp.stop()
        postgres.stop()
        if os.environ.get("STACK_KEEP_LOGS"):
            shutil.copytree(logs, ROOT / "var" / "stack-logs", dirs_exist_ok=True)
