"""Backups that restore: the database (pg_dump's custom format on PostgreSQL, SQLite's online
backup for `make run`) and the media files, in one folder with a manifest that gives each
file's size and SHA-256; and the restore into an empty installation, which checks every
checksum before it writes anything.

Object storage (MEDIA_S3_BUCKET) keeps its own versions and replicas: its files are not
copied here (`--without-media` is then implied and said in the manifest)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
DUMP_POSTGRES = "database.dump"
DUMP_SQLITE = "database.sqlite3"
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """What went wrong, said for the person at the terminal (French, then English)."""


@dataclass
class Summary:
    folder: Path
    files: int
    size: int


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _database() -> dict:
    return connection.settings_dict


def _pg_environment() -> dict:
    database = _database()
    environment = dict(os.environ)
    if database.get("PASSWORD"):
        environment["PGPASSWORD"] = database["PASSWORD"]
    return environment


def _pg_arguments() -> list[str]:
    database = _database()
    arguments = ["--dbname", database["NAME"]]
    if database.get("HOST"):
        arguments += ["--host", database["HOST"]]
    if database.get("PORT"):
        arguments += ["--port", str(database["PORT"])]
    if database.get("USER"):
        arguments += ["--username", database["USER"]]
    return arguments


def _run(command: list[str], what: str) -> None:
    try:
        subprocess.run(  # noqa: S603 (fixed programs, arguments from the settings)
            command, check=True, capture_output=True, env=_pg_environment(), timeout=6 * 3600
        )
    except FileNotFoundError as error:
        raise BackupError(
            f"{command[0]} est introuvable : installez le client PostgreSQL "
            f"(paquet postgresql-client) / {command[0]} not found."
        ) from error
    except subprocess.CalledProcessError as error:
        detail = error.stderr.decode(errors="replace").strip().splitlines()[-1:] or [""]
        raise BackupError(f"{what} a échoué / failed: {detail[0]}") from error


def _media_storage_is_local() -> bool:
    return isinstance(storages["default"], FileSystemStorage)


def backup(*, output: Path, with_media: bool = True) -> Summary:
    """Write a new backup folder under `output`; returns where and what."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    folder = output / f"parvis-{stamp}"
    if folder.exists():
        raise BackupError(f"{folder} existe déjà / already exists.")
    partial = output / f".parvis-{stamp}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    try:
        database_file = _dump_database(partial)
        with_media = with_media and _media_storage_is_local()
        if with_media:
            media = Path(settings.MEDIA_ROOT)
            if media.exists():
                shutil.copytree(media, partial / "media", symlinks=False)
            else:
                (partial / "media").mkdir()
        files = _listing(partial)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database": {"vendor": connection.vendor, "file": database_file},
            "media": "included" if with_media else "not included",
            "migrations": _migrations(),
            "files": files,
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
        partial.rename(folder)  # whole or not at all
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return Summary(folder=folder, files=len(files), size=sum(f["size"] for f in files.values()))


def _dump_database(folder: Path) -> str:
    if connection.vendor == "postgresql":
        target = folder / DUMP_POSTGRES
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "--file",
                str(target),
                *_pg_arguments(),
            ],
            "pg_dump",
        )
        return DUMP_POSTGRES
    if connection.vendor == "sqlite":
        target = folder / DUMP_SQLITE
        source = sqlite3.connect(_database()["NAME"])
        copy = sqlite3.connect(target)
        with copy:
            source.backup(copy)
        copy.close()
        source.close()
        return DUMP_SQLITE
    raise BackupError(f"Base {connection.vendor} non prise en charge / not supported.")


def _listing(folder: Path) -> dict[str, dict]:
    files = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            files[path.relative_to(folder).as_posix()] = {
                "size": path.stat().st_size,
                "sha256": sha256_of(path),
            }
    return files


def _migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def verify(folder: Path) -> dict:
    """The manifest, once every file it lists is there with its size and checksum."""
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{folder} n'est pas une sauvegarde Parvis (pas de {MANIFEST}).")
    manifest = json.loads(manifest_path.read_text())
    if manifest.get("format") != FORMAT:
        raise BackupError("Format de sauvegarde inconnu / unknown backup format.")
    for name, expected in manifest["files"].items():
        path = folder / name
        if not path.is_file():
            raise BackupError(f"Fichier manquant dans la sauvegarde / missing file: {name}")
        if path.stat().st_size != expected["size"] or sha256_of(path) != expected["sha256"]:
            raise BackupError(f"Fichier altéré dans la sauvegarde / damaged file: {name}")
    return manifest


def _installation_is_empty() -> list[str]:
    reasons = []
    if connection.introspection.table_names():
        reasons.append("la base de données contient déjà des tables / the database has tables")
    media = Path(settings.MEDIA_ROOT)
    if media.exists() and any(media.iterdir()):
        reasons.append(f"{media} n'est pas vide / is not empty")
    return reasons


def restore(folder: Path) -> dict:
    """Restore a verified backup into an empty installation; returns its manifest."""
    manifest = verify(folder)
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(
            f"Sauvegarde d'une base {vendor}, installation sur {connection.vendor} / "
            "database kinds differ."
        )
    refused = _installation_is_empty()
    if refused:
        raise BackupError(
            "La restauration se fait dans une installation vide : " + " ; ".join(refused)
        )
    dump = folder / manifest["database"]["file"]
    if vendor == "postgresql":
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                *_pg_arguments(),
                str(dump),
            ],
            "pg_restore",
        )
    else:
        connection.close()
        shutil.copyfile(dump, _database()["NAME"])
    if manifest["media"] == "included":
        shutil.copytree(folder / "media", Path(settings.MEDIA_ROOT), dirs_exist_ok=True)
    return manifest
