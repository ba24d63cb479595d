"""`make bench-directory`: `manage.py sync_directory` against a real slapd holding 10,000
people (the goal: under 2 minutes, and a second run that changes nothing). Runs on a database
of its own (parvis_bench_directory, made anew), then prints the figures."""

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.ldap.directory import (  # noqa: E402
    ADMIN_DN,
    ADMIN_PASSWORD,
    GROUPS,
    PEOPLE,
    group_dn,
    start_directory,
)

PEOPLE_COUNT = int(os.environ.get("BENCH_DIRECTORY_PEOPLE", "10000"))
DATABASE = "parvis_bench_directory"
FIRST = ["Camille", "Jean", "Marie", "Louis", "Inès", "Hugo", "Léa", "Paul", "Nora", "Théo"]
LAST = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy"]
SERVICES = ["DRH", "DSI", "DST", "DAF", "CCAS"]


def people() -> list[dict]:
    rng = random.Random(10_000)  # noqa: S311 - reproducible bench data
    return [
        {
            "uid": f"agent{n:05d}",
            "givenName": rng.choice(FIRST),
            "sn": f"{rng.choice(LAST)}-{n}",
            "mail": f"agent{n:05d}@mairie.test",
            "title": rng.choice(["Agent", "Gestionnaire", "Technicien", "Responsable"]),
            "employeeNumber": f"M{n:05d}",
            "departmentNumber": rng.choice(SERVICES),
            "telephoneNumber": f"03 20 {n // 100:02d} {n % 100:02d} 00",
        }
        for n in range(PEOPLE_COUNT)
    ]


def manage(env: dict, *args: str) -> tuple[float, str]:
    started = time.monotonic()
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return time.monotonic() - started, result.stdout.strip().splitlines()[-1]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        everyone = people()
        started = time.monotonic()
        directory = start_directory(
            Path(folder) / "slapd",
            everyone,
            {"elus": [p["uid"] for p in everyone[:50]], "communication": []},
        )
        print(f"slapd with {PEOPLE_COUNT} people in {time.monotonic() - started:.1f} s")
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
            "REDIS_URL": "",
            "LDAP_SERVER_URI": directory.uri,
            "LDAP_BIND_DN": ADMIN_DN,
            "LDAP_BIND_PASSWORD": ADMIN_PASSWORD,
            "LDAP_USER_BASE": PEOPLE,
            "LDAP_GROUP_BASE": GROUPS,
            "LDAP_ELU_GROUP": group_dn("elus"),
            "LDAP_SERVICE_ATTRIBUTE": "departmentNumber",
        }
        try:
            subprocess.run(
                ["dropdb", "-U", "postgres", "-h", "127.0.0.1", "--if-exists", DATABASE], check=True
            )  # noqa: S603, S607, E501
            subprocess.run(["createdb", "-U", "postgres", "-h", "127.0.0.1", DATABASE], check=True)  # noqa: S603, S607
            manage(env, "migrate", "--noinput")
            manage(env, "setup_intranet")
            figures = {}
            figures["first_sync_s"], said = manage(env, "sync_directory")
            print(f"first sync ({PEOPLE_COUNT} created): {figures['first_sync_s']:.1f} s — {said}")
            figures["second_sync_s"], said = manage(env, "sync_directory")
            print(f"second sync (nothing changed): {figures['second_sync_s']:.1f} s — {said}")
            for person in everyone[:500]:
                directory.change(person["uid"], title="Chef de projet")
            for person in everyone[-200:]:
                directory.remove_person(person["uid"])
            figures["third_sync_s"], said = manage(env, "sync_directory")
            print(f"third sync (500 changed, 200 gone): {figures['third_sync_s']:.1f} s — {said}")
        finally:
            directory.stop()
    figures["people"] = PEOPLE_COUNT
    (ROOT / "bench" / "directory-results.json").write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
