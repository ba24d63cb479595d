"""The export of a person with 10,000 comments and 500 files (50 MB) streams to disk: the
process that builds it stays under 200 MB (its peak is printed; the closing note reports it)."""

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

import pytest

from knowledge.models import LibraryDocument
from social.comments.models import Comment
from social.privacy.export import export_request
from social.privacy.models import DataExport
from tests.factories import make_news
from tests.knowledge.conftest import library  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[3]
LIMIT_MB = 200


def test_a_large_export_stays_under_200_mb(agent, news_index, library, media_root, capsys):  # noqa: F811
    news = make_news(news_index, title="Grand fil de discussion")
    page_type = ContentType.objects.get_for_model(news)
    Comment.objects.bulk_create(
        Comment(
            target_type=page_type,
            target_id=news.pk,
            author=agent,
            body=f"Commentaire n°{number} : " + "texte de discussion " * 20,
            body_html=f"<p>Commentaire n°{number}</p>",
        )
        for number in range(10_000)
    )
    folder = library.finances
    payload = os.urandom(100 * 1024)  # 100 KB each, not compressible: 50 MB in all
    documents = []
    for number in range(500):
        name = default_storage.save(f"documents/charge/piece-{number}.bin", _bytes(payload))
        documents.append(
            LibraryDocument(
                title=f"Pièce {number}",
                file=name,
                collection=folder,
                uploaded_by_user=agent,
                file_updated_by=agent,
            )
        )
    LibraryDocument.objects.bulk_create(documents)
    export = export_request(user=agent)

    base = connection.settings_dict
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": f"postgres://{base['USER']}@{base['HOST']}:{base['PORT']}/{base['NAME']}",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "tests.social.privacy.export_probe", str(export.pk)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    peak_mb = result["peak_kb"] / 1024
    with capsys.disabled():
        print(  # noqa: T201 (the figure the closing note reports)
            f"\nexport memory: peak {peak_mb:.0f} MB (process ready: "
            f"{result['before_kb'] / 1024:.0f} MB), ZIP {result['size'] / 1e6:.0f} MB"
        )
    assert result["status"] == "ready"
    assert peak_mb < LIMIT_MB
    export = DataExport.objects.get(pk=export.pk)
    with zipfile.ZipFile(default_storage.path(export.stored_as)) as archive:
        files = [name for name in archive.namelist() if name.startswith("fichiers/bibliotheque/")]
        assert len(files) == 500
        comments = json.loads(archive.read("commentaires.json"))
        assert len(comments) == 10_000


def _bytes(payload):
    return ContentFile(payload)
