"""People figures for `make bench` (issue 20).

`prepare`: an HR export of 50,000 people (names drawn from the demo's lists, a few misspelt
searches aimed at a known colleague), imported with `manage.py import_people` and timed (goal:
under two minutes), and 2,000 services in a tree for the org chart (idempotent: found again by
the first bench service). The directory search, the header's suggestions, a profile and the
org chart are then measured like the other pages.
"""

import csv
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from discussion import run_code

ROOT = Path(__file__).resolve().parent.parent
PEOPLE = 50_000
SERVICES = 2_000

SERVICES_CODE = f"""
import json, django
django.setup()
from social.people.models import Service
if not Service.objects.filter(slug="bench-service-0").exists():
    parents = list(Service.objects.filter(parent=None))
    created = []
    for n in range({SERVICES}):
        parent = created[n // 8] if n >= 8 else parents[n % len(parents)]
        created.append(Service.objects.create(
            name=f"Bench service {{n}}", slug=f"bench-service-{{n}}", acronym=f"BS{{n}}",
            parent=parent))
print(json.dumps({{"services": Service.objects.count()}}))
"""

ANALYZE_CODE = """
import json, django
django.setup()
from django.db import connection
with connection.cursor() as cursor:  # as autovacuum would after 50,000 new rows: statistics,
    # and the trigram index's pending entries merged (GIN reads them all on every search
    # until then: 10 ms per directory search on this bench)
    cursor.execute("VACUUM ANALYZE")
print(json.dumps({}))
"""

SLUG_CODE = """
import json, django
django.setup()
from social.people.models import User
person = User.objects.filter(employee_number="B000042").first()
print(json.dumps({"slug": person.slug if person else ""}))
"""


def _export(path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from cms.demo import data

    rng = random.Random(50_000)  # noqa: S311 - reproducible bench data, not a secret
    services = [slug for slug, *_rest in data.SERVICES]
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(["matricule", "nom", "prenom", "email", "fonction", "service",
                         "responsable", "site", "telephone", "mobile"])  # fmt: skip
        for n in range(PEOPLE):
            first, last = rng.choice(data.FIRST_NAMES), rng.choice(data.LAST_NAMES)
            if n == 42:
                first, last = "Camille", "Duvalois"  # the colleague the bench searches for
            service = rng.choice(services)
            writer.writerow([
                f"B{n:06d}", last, first, f"bench.{n}@val-de-parvis.fr",
                rng.choice(data.JOB_TITLES[service]), service,
                f"B{n // 10:06d}" if n >= 10 else "", "Hôtel de ville",
                " ".join(["01", *(str(rng.randint(10, 99)) for _ in range(3)), f"{n % 100:02d}"]),
                "",
            ])  # fmt: skip


def prepare(env: dict) -> dict:
    services = run_code(SERVICES_CODE, env)
    existing = run_code(SLUG_CODE, env)
    seconds = None
    if not existing["slug"]:
        with tempfile.TemporaryDirectory() as folder:
            export = Path(folder) / "export-rh.csv"
            _export(export)
            started = time.monotonic()
            # Tasks inline for this command (bench/settings.py): the search rows of the 50,000
            # people are written in it, once the import commits (a worker would do it meanwhile
            # in production), and none is left queued to run during the measures.
            result = subprocess.run(
                [sys.executable, "manage.py", "import_people", str(export), "--partial"],
                cwd=ROOT, env={**env, "BENCH_INLINE_TASKS": "1"}, check=True,
                capture_output=True, text=True,
            )  # fmt: skip
            seconds = time.monotonic() - started
            print(result.stdout.strip().splitlines()[-1])
        existing = run_code(SLUG_CODE, env)
    run_code(ANALYZE_CODE, env)
    return {
        "services": services["services"],
        "import_seconds_with_search_rows": seconds,
        "profile": f"/annuaire/{existing['slug']}/",
        "directory": [
            "/annuaire/?q=duvalois",
            "/annuaire/?q=camile+duvalois",
            "/annuaire/?q=duvaloi",
            "/annuaire/?q=DRH",
            "/annuaire/?q=gestionnaire+paie",
            "/annuaire/?q=45+12",
        ],
        "suggestions": [
            "/recherche/suggestions/?q=duvalois",
            "/recherche/suggestions/?q=duvaloiss",
            "/recherche/suggestions/?q=martin",
        ],
    }
