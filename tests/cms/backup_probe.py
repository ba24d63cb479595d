"""What a backup drill compares, read by a process of its own on one installation (its
DATABASE_URL, MEDIA_ROOT, REDIS_URL): rows of every model, every media file's SHA-256, a
search for a word found only inside a document's file, and a sign-in through the login form.

    python -m tests.cms.backup_probe <email> <password> <word>    (prints JSON)
"""

import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django  # noqa: E402

django.setup()

from pathlib import Path  # noqa: E402

from django.apps import apps  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.test import Client  # noqa: E402

from cms.backup import sha256_of  # noqa: E402


def main(email: str, password: str, word: str) -> dict:
    for alias in ("default", "fragments"):
        caches[alias].clear()  # what is shown comes from this database, not from a cache
    counts = {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }
    media = Path(settings.MEDIA_ROOT)
    checksums = {
        path.relative_to(media).as_posix(): sha256_of(path)
        for path in sorted(media.rglob("*"))
        if path.is_file()
    }
    client = Client()
    response = client.post("/connexion/", {"username": email, "password": password})
    signed_in = response.status_code == 302 and client.get("/mon-compte/").status_code == 200
    page = client.get("/recherche/", {"q": word}).content.decode()
    return {"counts": counts, "media": checksums, "signed_in": signed_in, "search": page}


if __name__ == "__main__":
    print(json.dumps(main(*sys.argv[1:4])))  # noqa: T201 (read by the test)
