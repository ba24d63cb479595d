"""`make bench`: serve the seeded demo with gunicorn (2 workers) on PostgreSQL and Redis, and
measure, for a logged-in agent, each scenario side by side with a minimal Django view behind
the same middleware (the baseline), at 8 concurrent clients.

Writes bench/results.json and prints one table.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode

import agenda
import discussion
import groups
import library
import messaging
import people
import projects
import search

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = int(os.environ.get("BENCH_PORT", "8899"))
BASE = f"http://127.0.0.1:{PORT}"
DURATION = os.environ.get("BENCH_DURATION", "15s")
CONNECTIONS = 8
DB_NAME = "parvis_bench"
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "DATABASE_URL": os.environ.get(
        "BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
    ),
    # Not 15 or 14: those are the test workers' (cms/settings/test.py), whose every test empties
    # its database; a bench beside `make test` would lose its cache and share a Celery broker.
    "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/10"),
    "CACHE_KEY_PREFIX": "parvis-bench",
    # One account posts comments as fast as 8 clients can: no posting limit for the run.
    "COMMENTS_RATE_LIMIT": "0/60",
    "GROUP_POSTS_RATE_LIMIT": "0/60",
    "TASKS_RATE_LIMIT": "0/60",
    "PYTHONPATH": str(ROOT),
}
AGENT = ("agent@val-de-parvis.fr", "Parvis-Demo-2026!")


def run(*args, **kwargs):
    print("$", " ".join(str(a) for a in args), flush=True)
    return subprocess.run(args, check=True, cwd=ROOT, env=ENV, **kwargs)


def manage(*args):
    return run(PYTHON, "manage.py", *args, stdout=subprocess.DEVNULL)


def ensure_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk is None:
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
        wrk = shutil.which("wrk")
    return wrk


PREPARED = ROOT / "bench" / "prepared.json"


def prepare_database():
    """A fresh bench database (demo, 500 articles, 100,000 search items, full reindex), or,
    with BENCH_REUSE_DB=1, the one the last run prepared (to measure again quickly)."""
    if os.environ.get("BENCH_REUSE_DB") == "1" and PREPARED.exists():
        manage("migrate", "--noinput")  # what the code added since
        return json.loads(PREPARED.read_text())
    figures = _prepare_database()
    PREPARED.write_text(json.dumps(figures))
    return figures


def _prepare_database():
    subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-q",
            "-c",
            f"DROP DATABASE IF EXISTS {DB_NAME}",
        ],
        check=True,
    )
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", f"CREATE DATABASE {DB_NAME}"],
        check=True,
    )
    subprocess.run(["redis-cli", "-n", "14", "flushdb"], check=True, stdout=subprocess.DEVNULL)
    manage("migrate", "--noinput")
    manage("seed_demo")
    manage("shell", "--no-imports", "-c", "from bench.large_knowledge import run; run()")
    generated = search.generate(ENV)
    print(f"Generated {generated['documents']} documents and {generated['articles']} articles")
    return {"generated": generated, "reindex": search.reindex(ENV, DB_NAME)}


def login_cookie() -> str:
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(f"{BASE}/connexion/").read()
    csrf = next(c.value for c in jar if c.name == "csrftoken")
    data = urlencode(
        {"csrfmiddlewaretoken": csrf, "username": AGENT[0], "password": AGENT[1]}
    ).encode()
    request = urllib.request.Request(
        f"{BASE}/connexion/", data=data, headers={"Referer": f"{BASE}/connexion/"}
    )
    opener.open(request).read()
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def wait_until_up(process):
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{BASE}/sante/", timeout=1).read()
            return
        except urllib.error.HTTPError:
            return  # it answers (503: the bench runs no beat, so no queue heartbeat)
        except OSError:  # refused, reset or timed out: not up yet
            if process.poll() is not None:
                raise SystemExit("gunicorn died") from None
            time.sleep(0.5)
    raise SystemExit("gunicorn did not start")


def measure(wrk: str, path: str | list[str] | dict, cookie: str) -> dict:
    """wrk at 8 connections on one path, or cycling through several, or POSTing a form
    ({"post": path, "body": …}) with htmx and the CSRF token."""
    script = ROOT / "bench" / "percentiles.lua"
    env, headers = None, ["-H", f"Cookie: {cookie}"]
    if isinstance(path, dict) and "moves" in path:  # cards dropped on boards (moves.lua)
        csrf = next(
            part.split("=", 1)[1] for part in cookie.split("; ") if part.startswith("csrftoken=")
        )
        script = ROOT / "bench" / "moves.lua"
        env = {
            **os.environ,
            "MOVES": "|".join(f"{p};{body}" for p, body, _version in path["moves"]),
            "VERSIONS": "|".join(str(version) for _p, _body, version in path["moves"]),
        }
        headers += ["-H", f"X-CSRFToken: {csrf}", "-H", "HX-Request: true"]
        url = BASE + path["moves"][0][0]
    elif isinstance(path, dict) and "get" in path:  # a GET with headers of its own
        for name, value in path["headers"].items():
            headers += ["-H", f"{name}: {value}"]
        url = BASE + path["get"]
    elif isinstance(path, dict):
        csrf = next(
            part.split("=", 1)[1] for part in cookie.split("; ") if part.startswith("csrftoken=")
        )
        env = {**os.environ, "BODY": path["body"]}
        headers += ["-H", f"X-CSRFToken: {csrf}", "-H", "HX-Request: true"]
        url = BASE + path["post"]
    elif isinstance(path, list):
        env = {**os.environ, "PATHS": "|".join(path)}
        url = BASE + "/"
    else:
        url = BASE + path
    # Warm up: caches, renditions, connection pools.
    subprocess.run(
        [wrk, "-t2", f"-c{CONNECTIONS}", "-d3s", *headers, "-s", str(script), url],
        check=True,
        capture_output=True,
        env=env,
    )
    result = subprocess.run(
        [
            wrk,
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{DURATION}",
            "--timeout",
            "10s",
            *headers,
            "-s",
            str(script),
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    if "answered_with_version" in figures:
        print(
            f"Drops: {figures['answered_with_version']} answered with the new version alone, "
            f"{figures['answered_with_board']} with the whole board"
        )
        if figures["answered_otherwise"]:  # a redirect to the login page is no move
            raise SystemExit(f"{figures['answered_otherwise']} drops were not answered 200/204")
    figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)
    return figures


def sql_queries(paths: dict[str, str]) -> dict[str, dict[str, int]]:
    """SQL queries per request, cold (cache just invalidated) and warm, measured in-process."""
    code = f"""
import json, django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from home.cache import bump_content_generation
from social.people.models import User
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(User.objects.get(email={AGENT[0]!r}))
paths = {paths!r}
out = {{}}
for name, path in paths.items():
    client.get(path)
    bump_content_generation()
    with CaptureQueriesContext(connection) as cold:
        assert client.get(path).status_code == 200
    with CaptureQueriesContext(connection) as warm:
        client.get(path)
    out[name] = {{"cold": len(cold), "warm": len(warm)}}
print(json.dumps(out))
"""
    result = subprocess.run([PYTHON, "-c", code], cwd=ROOT, env=ENV, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def memory_figures(gunicorn: subprocess.Popen, worker: subprocess.Popen) -> dict:
    """Resident memory of each gunicorn worker and of the Celery worker (parent and children)
    once every scenario has run: what a server must hold per process (README, « Capacité »)."""
    import psutil

    def mb(process) -> float:
        return round(process.memory_info().rss / 2**20, 1)

    master = psutil.Process(gunicorn.pid)
    celery = psutil.Process(worker.pid)
    return {
        "gunicorn_master_mb": mb(master),
        "gunicorn_workers_mb": sorted(mb(child) for child in master.children()),
        "celery_worker_mb": round(
            sum(mb(process) for process in [celery, *celery.children(recursive=True)]), 1
        ),
    }


def main() -> None:
    wrk = ensure_wrk()
    search_setup = prepare_database()
    static_root = tempfile.mkdtemp(prefix="parvis-bench-static-")
    ENV["STATIC_ROOT"] = static_root
    media_root = tempfile.mkdtemp(prefix="parvis-bench-media-")
    ENV["MEDIA_ROOT"] = media_root
    manage("collectstatic", "--noinput")
    discussion_paths = discussion.prepare(ENV)
    group_paths = groups.prepare(ENV)
    print(f"Groups: {group_paths['posts']} posts in the bench groups and the demo's")
    people_paths = people.prepare(ENV)
    print(f"People: import of 50,000 in {people_paths['import_seconds_with_search_rows']} s")
    messaging_paths = messaging.prepare(ENV)
    agenda_paths = agenda.prepare(ENV)
    print(f"Agenda: {agenda_paths['events']} events, {agenda_paths['occurrences']} occurrences")
    project_paths = projects.prepare(ENV)
    print(
        f"Projects: a board of {project_paths['board_tasks']} tasks "
        f"({project_paths['board_visible']} on it), {project_paths['tasks']} tasks in all, "
        f"{project_paths['my_open_tasks']} open ones assigned to the agent"
    )
    scenarios = {
        "baseline": "/bench/baseline/",
        "homepage": "/",
        "news_index": "/actualites/",
        "service_500": "/base-de-connaissances/ressources-humaines/",
        "theme_500": "/base-de-connaissances/theme-vie-interne/",
        "search_100k": search.paths()["search"],
        "search_fallback_100k": search.paths()["fallback"],
        "search_typo_100k": search.paths()["typo"],
        "autocomplete_100k": search.paths()["autocomplete"],
        "news_500_comments": discussion_paths["page"],
        "comment_post": {"post": discussion_paths["post"], "body": "body=Bonne+id%C3%A9e+%21"},
        "my_feed_50k": group_paths["feed"],
        "group_page_50k": group_paths["group"],
        "directory_50k": people_paths["directory"],
        "suggestions_50k": people_paths["suggestions"],
        "profile_50k": people_paths["profile"],
        "org_chart_2000": "/organigramme/",
        "conversation_list_1000": messaging_paths["list"],
        "conversation_100k": messaging_paths["conversation"],
        "agenda_month_5000": agenda_paths["month"],
        "agenda_feed_5000": agenda_paths["subscription"],
        # What calendar clients mostly do: ask again with the ETag of what they have.
        "agenda_feed_unchanged": {
            "get": agenda_paths["subscription"],
            "headers": {"If-None-Match": agenda_paths["etag"]},
        },
        "board_2000": project_paths["board"],
        "card_drop": {"moves": project_paths["moves"]},
        "my_tasks_20000": project_paths["mine"],
    }
    only = [name for name in os.environ.get("BENCH_ONLY", "").split(",") if name]
    if only:  # measure again a few scenarios (the baseline always), skipping library/search
        scenarios = {k: v for k, v in scenarios.items() if k == "baseline" or k in only}
    queries = sql_queries(
        {
            name: path[0] if isinstance(path, list) else path
            for name, path in scenarios.items()
            if not isinstance(path, dict)
        }
    )
    search_per_query = {} if only else search.per_query(ENV)
    gunicorn = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "cms.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
            "--env",
            "DJANGO_SETTINGS_MODULE=bench.settings",
        ],
        cwd=ROOT,
        env=ENV,
        start_new_session=True,
    )
    worker = library.worker(ENV)
    try:
        wait_until_up(gunicorn)
        cookie = login_cookie()
        results = {name: measure(wrk, path, cookie) for name, path in scenarios.items()}
        race = (
            agenda.registration_race(BASE, ENV)
            if not only or "agenda_registration_race" in only
            else {}
        )
        library_figures = (
            {}
            if only
            else {
                "extraction": library.extraction_figures(ENV),
                "uploads": library.end_to_end(BASE, cookie, ENV),
            }
        )
        memory = memory_figures(gunicorn, worker)
    finally:
        worker.terminate()  # warm shutdown: the task at hand ends first
        os.killpg(gunicorn.pid, signal.SIGTERM)
        for process in (gunicorn, worker):
            process.wait(timeout=300)
        shutil.rmtree(static_root, ignore_errors=True)
        shutil.rmtree(media_root, ignore_errors=True)

    baseline = results["baseline"]
    rows = []
    for name, figures in results.items():
        rows.append(
            {
                "scenario": name,
                "path": scenarios[name]
                if isinstance(scenarios[name], str)
                else f"GET {scenarios[name]['get']} (conditional)"
                if isinstance(scenarios[name], dict) and "get" in scenarios[name]
                else f"POST {len(scenarios[name]['moves'])} boards (drops)"
                if isinstance(scenarios[name], dict) and "moves" in scenarios[name]
                else f"POST {scenarios[name]['post']}"
                if isinstance(scenarios[name], dict)
                else f"{len(scenarios[name])} queries",
                "p50_ms": round(figures["p50_ms"], 2),
                "p95_ms": round(figures["p95_ms"], 2),
                "requests_per_s": round(figures["rps"], 1),
                "errors": figures["errors"],
                "sql_queries_cold_cache": queries.get(name, {}).get("cold", "-"),
                "sql_queries": queries.get(name, {}).get("warm", "-"),
                "time_per_request_vs_baseline": round(baseline["rps"] / figures["rps"], 2),
                "p95_vs_baseline_p95": round(figures["p95_ms"] / baseline["p95_ms"], 2),
            }
        )
    output = {
        "machine": {"cores": os.cpu_count()},
        "clients": CONNECTIONS,
        "duration": DURATION,
        "gunicorn_workers": 2,
        "scenarios": rows,
        "agenda_registration_race": race,
        "library": library_figures,
        "memory": memory,
        "people": {k: people_paths[k] for k in ("services", "import_seconds_with_search_rows")},
        "search": {**search_setup, "per_query_ms_one_client": search_per_query},
    }
    (ROOT / "bench" / "results.json").write_text(json.dumps(output, indent=2) + "\n")
    header = (
        f"{'scenario':<18} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>9} {'SQL':>4} "
        f"{'SQL cold':>8} {'x baseline':>10} {'p95 x':>6}"
    )
    print("\n" + header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row['scenario']:<18} {row['p50_ms']:>8} {row['p95_ms']:>8} "
            f"{row['requests_per_s']:>9} {row['sql_queries']:>4} "
            f"{row['sql_queries_cold_cache']:>8} "
            f"{row['time_per_request_vs_baseline']:>10} {row['p95_vs_baseline_p95']:>6}"
        )
    print("\n(x baseline: time per request relative to the baseline view, same run; p95 x: p95")
    print(" relative to the baseline's p95.)")
    if race:
        print(
            f"\nAgenda: {race['clients']} clients answering at once, {race['rounds']} rounds: "
            f"p50 {race['p50_ms']} ms, p95 {race['p95_ms']} ms, max {race['max_ms']} ms; "
            f"outcomes {race['outcomes']} (exact: {race['exact']})"
        )
    print(
        f"\nMemory after the run (RSS): gunicorn workers {memory['gunicorn_workers_mb']} MB "
        f"(master {memory['gunicorn_master_mb']} MB); Celery worker "
        f"{memory['celery_worker_mb']} MB (with its child)."
    )
    if not only:
        print_library(library_figures, baseline)
        print_search(output["search"])


def print_search(figures: dict) -> None:
    reindex = figures["reindex"]
    generated = figures["generated"]
    print(
        f"\nSearch: {generated['documents'] + generated['articles']:,} generated items "
        f"(~2 KB of French text each) inserted in {generated['seconds']:.0f} s; full reindex "
        f"(make reindex: {reindex['search_rows']:,} search rows, {reindex['index_entries']:,} "
        f"index entries) {reindex['seconds']} s, {reindex['entries_per_s']} entries/s."
    )
    for name, timings in figures["per_query_ms_one_client"].items():
        values = sorted(timings.values())
        print(
            f"{name}, one client in-process, median per query: min {values[0]} ms, "
            f"median {values[len(values) // 2]} ms, max {values[-1]} ms"
        )


def print_library(figures: dict, baseline: dict) -> None:
    header = f"{'extraction':<26} {'pages':>6} {'s':>8} {'pages/s':>9} {'peak RSS MB':>12}"
    print("\n" + header)
    print("-" * len(header))
    for name, row in figures["extraction"].items():
        print(
            f"{name:<26} {row['pages']:>6} {row['seconds']:>8} {str(row['pages_per_s']):>9} "
            f"{row['peak_rss_mb']:>12}"
        )
    uploads = figures["uploads"]
    baseline_ms = baseline["p50_ms"]
    print(
        f"\nUpload of a {uploads['upload_50mb_file_mb']} MB file: "
        f"{uploads['upload_50mb_request_s_median']} s per request (median of 3; baseline page "
        f"{baseline_ms:.1f} ms)."
    )
    print(
        f"1,000-page PDF: upload request {uploads['pdf_1000_pages_upload_request_s']} s, "
        f"found by search {uploads['pdf_1000_pages_searchable_after_s']} s after the upload began."
    )


if __name__ == "__main__":
    main()
