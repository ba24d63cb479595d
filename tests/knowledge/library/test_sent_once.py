"""Uploads and new versions are sent once: the same form sent again (a retry after an error
although the first send was saved, a double click, the browser's "resend") finds what the first
send made instead of making a second one (cms/core/submissions.py)."""

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from cms.core.submissions import new_key
from cms.demo import files
from knowledge.models import LibraryDocument
from tests.sent_once import keys_in

from ..conftest import upload

pytestmark = pytest.mark.django_db


def _pdf(name, text):
    return SimpleUploadedFile(name, files.pdf_with_text([text]))


def test_an_upload_sent_again_stores_each_file_once(agent, login, library, media_root):
    client = login(agent)
    page = client.get(f"/bibliotheque/dossiers/{library.finances.pk}/").content.decode()
    key = keys_in(page)[0]
    url = f"/bibliotheque/dossiers/{library.finances.pk}/deposer/"
    for _attempt in range(2):
        response = client.post(
            url,
            {
                "files": [_pdf("Budget.pdf", "Budget primitif"), _pdf("Note.pdf", "Note")],
                "submission": key,
            },
        )
        assert response.status_code == 302
    titles = sorted(LibraryDocument.objects.values_list("title", flat=True))
    assert titles == ["Budget", "Note"]


def test_another_file_sent_from_the_same_page_is_stored(agent, login, library, media_root):
    """The script sends one request per file with the page's key: each file is its own."""
    client = login(agent)
    key = new_key()
    url = f"/bibliotheque/dossiers/{library.finances.pk}/deposer/"
    for name in ("Budget.pdf", "Compte administratif.pdf"):
        response = client.post(
            url,
            {"files": _pdf(name, name), "submission": key},
            HTTP_ACCEPT="application/json",
        )
        assert response.status_code == 201
    assert LibraryDocument.objects.count() == 2


def test_a_new_version_sent_again_adds_one_version(agent, login, library, media_root):
    document = upload(agent, library.finances, "Budget.pdf", files.pdf_with_text(["v1"]))
    client = login(agent)
    key = new_key()
    for _attempt in range(2):
        client.post(
            f"/bibliotheque/documents/{document.pk}/nouvelle-version/",
            {"file": _pdf("Budget.pdf", "v2"), "submission": key},
        )
    document.refresh_from_db()
    assert document.version_number == 2
