"""The restore drill: an intranet with content and files is backed up, restored into a fresh
database and media folder, and compared — every model's rows, every file's checksum, a search
that finds a word only inside a restored file, a sign-in that works. And the refusals: a
damaged backup, a non-empty installation."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

import psycopg
import pytest

from cms.demo import files
from social.comments.services import comment_post
from tests.factories import UserFactory, make_news
from tests.knowledge.conftest import library, upload  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Sauvegarde-2026-solide!"
WORD = "Sycomorebleu"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def intranet(home, news_index, library, finances, media_root):  # noqa: F811
    agent = UserFactory(
        email="nadia.sauve@exemple.fr",
        first_name="Nadia",
        last_name="Sauve",
        service=finances,
        password=PASSWORD,
    )
    news = make_news(news_index, title="Plan de continuité")
    comment_post(author=agent, target=news, body="Relu et validé.", rate_limited=False)
    document = upload(
        agent,
        library.finances,
        "plan-sauvegarde.pdf",
        files.pdf_with_text(["Plan de reprise", f"Arbre {WORD} du parc"]),
    )
    assert WORD in document.extracted_text
    return agent


@pytest.fixture
def fresh_database():
    name = f"parvis_restore_{uuid.uuid4().hex[:10]}"
    base = connection.settings_dict
    admin = f"postgresql://{base['USER']}@{base['HOST']}:{base['PORT']}/postgres"
    with psycopg.connect(admin, autocommit=True) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    yield f"postgres://{base['USER']}@{base['HOST']}:{base['PORT']}/{name}"
    with psycopg.connect(admin, autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(*arguments, database_url, media_root, redis_db):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "REDIS_URL": f"redis://127.0.0.1:6379/{redis_db}",
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, *arguments], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def probe(database_url, media_root, redis_db) -> dict:
    done = run(
        "-m",
        "tests.cms.backup_probe",
        "nadia.sauve@exemple.fr",
        PASSWORD,
        WORD,
        database_url=database_url,
        media_root=media_root,
        redis_db=redis_db,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_backup_restores_into_an_empty_installation_as_it_was(intranet, fresh_database, tmp_path):
    call_command("backup", str(tmp_path / "sauvegardes"))
    (folder,) = (tmp_path / "sauvegardes").iterdir()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert "database.dump" in manifest["files"]
    assert any(name.startswith("media/documents/") for name in manifest["files"])

    restored_media = tmp_path / "restauration" / "media"
    done = run(
        "manage.py",
        "restore",
        str(folder),
        database_url=fresh_database,
        media_root=restored_media,
        redis_db=4,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "restaurée" in done.stdout

    base = connection.settings_dict
    original_url = f"postgres://{base['USER']}@{base['HOST']}:{base['PORT']}/{base['NAME']}"
    before = probe(original_url, settings.MEDIA_ROOT, redis_db=5)
    after = probe(fresh_database, restored_media, redis_db=4)
    assert after["counts"] == before["counts"]
    assert after["counts"]["knowledge.LibraryDocument"] == 1
    assert after["media"] == before["media"] and after["media"]
    assert after["signed_in"] and before["signed_in"]
    assert "plan-sauvegarde" in after["search"].lower() or "Plan sauvegarde" in after["search"]


def test_a_damaged_backup_is_refused_before_anything_is_written(intranet, fresh_database, tmp_path):
    call_command("backup", str(tmp_path / "sauvegardes"))
    (folder,) = (tmp_path / "sauvegardes").iterdir()
    document = next((folder / "media" / "documents").rglob("*.pdf"))
    document.write_bytes(document.read_bytes() + b"!")
    done = run(
        "manage.py",
        "restore",
        str(folder),
        database_url=fresh_database,
        media_root=tmp_path / "restauration",
        redis_db=4,
    )
    assert done.returncode != 0
    assert "altéré" in done.stderr
    assert not (tmp_path / "restauration").exists()


def test_restoring_over_a_live_installation_is_refused(intranet, tmp_path):
    call_command("backup", str(tmp_path / "sauvegardes"))
    (folder,) = (tmp_path / "sauvegardes").iterdir()
    with pytest.raises(CommandError, match="installation vide"):
        call_command("restore", str(folder))
