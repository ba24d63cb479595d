"""The hostile corpus (tests/hostile.py) sent to every upload route: the library's deposit and
new version, a group post's documents and images, a group's image, a task's attachment.

Each file is either refused before anything is stored — a clear message in French, nothing in
the database, nothing left in media storage — or stored under a name the server made (no path,
no null byte, bounded length) and served by a view that checks rights: documents as
attachments, images re-encoded (a polyglot's hidden markup gone); the media URL of what is
stored answers 404. Then a real Celery worker analyses every stored hostile document and is
still alive to analyse an ordinary one."""

import re
from pathlib import PurePosixPath

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from celery.contrib.testing.worker import start_worker

from cms.celery import app as celery_app
from cms.demo import files
from knowledge.library.services import document_upload
from knowledge.models import ExtractionStatus, LibraryDocument, ServiceFolder
from social.groups.models import Group, Post, PostImage, Visibility
from social.projects.models import TaskAttachment
from social.projects.services import project_create, task_create
from tests.hostile import CORPUS, corpus_file, stored_files
from tests.social.groups.conftest import make_group
from tests.workers import wait_for

# What each kind of route keeps; everything else it refuses.
STORED_AS_DOCUMENT = {
    "html-as-pdf",  # kept as what it is, an HTML page, downloaded, never shown
    "polyglot-jpeg",
    "billion-laughs-docx",  # kept; its analysis refuses the entities (see the worker test)
    "billion-laughs-odt",
    "path-traversal",
    "windows-traversal",
    "overlong-name",
    "null-byte-name",
    "markup-name",
    "pdf-javascript",  # kept, downloaded as an attachment: no viewer of ours runs it
}
STORED_AS_IMAGE = {
    "polyglot-jpeg",  # decoded and re-encoded: the markup is gone
    "path-traversal",
    "windows-traversal",
    "overlong-name",
    "null-byte-name",
    "markup-name",
}
REFUSAL_WORDS = re.compile(
    r"choisissez|n'est pas|ne sont pas|vide|endommagé|trop grande|anormalement|accepté|illisible|format",
    re.IGNORECASE,
)
GENERATED_NAME = re.compile(r"^[a-z0-9_/.-]+$")


@pytest.fixture
def place(home, agent, finances, media_root):
    """The agent's service folder with one document, and a group she runs."""
    folder = ServiceFolder.objects.get(service=finances).collection
    document = document_upload(
        user=agent,
        folder=folder,
        uploaded_file=SimpleUploadedFile("budget.pdf", files.pdf_with_text(["Budget"])),
    )
    group = make_group(agent, Visibility.CLOSED, "Référents numériques")
    project = project_create(group=group, user=agent, name="Déploiement")
    task = task_create(project=project, user=agent, title="Guide", rate_limited=False)
    return {"folder": folder, "document": document, "group": group, "task": task}


def _send(client, route, place, name, data):
    upload = SimpleUploadedFile(name, data)
    group = place["group"]
    if route == "library-upload":
        return client.post(
            f"/bibliotheque/dossiers/{place['folder'].pk}/deposer/",
            {"files": upload},
            HTTP_ACCEPT="application/json",
        )
    if route == "library-new-version":
        return client.post(
            f"/bibliotheque/documents/{place['document'].pk}/nouvelle-version/",
            # Another type than the PDF is confirmed: what is judged here is the file itself.
            {"file": upload, "accept_type_change": "1"},
            HTTP_ACCEPT="application/json",
        )
    if route == "group-post-document":
        return client.post(
            f"/groupes/{group.slug}/publier/", {"body": "Texte gardé", "documents": [upload]}
        )
    if route == "task-attachment":
        return client.post(f"/taches/{place['task'].pk}/documents/", {"fichier": upload})
    if route == "group-post-image":
        return client.post(
            f"/groupes/{group.slug}/publier/",
            {"body": "Texte gardé", "image-0": upload, "alt-0": "Une photo"},
        )
    return client.post(
        f"/groupes/{group.slug}/modifier/",
        {"name": group.name, "kind": "transverse", "visibility": "closed", "image": upload},
    )


def _message(response) -> str:
    if response.get("Content-Type", "").startswith("application/json"):
        return " ".join(error["message"] for error in response.json()["errors"])
    page = response.content.decode()
    alerts = re.findall(r'role="alert"[^>]*>(.*?)</', page, re.DOTALL)
    return " ".join(alerts) or page


def _state():
    return (
        LibraryDocument.objects.count(),
        sum(document.version_number for document in LibraryDocument.objects.all()),
        Post.objects.count(),
        PostImage.objects.count(),
        Group.objects.exclude(image="").count(),
        TaskAttachment.objects.count(),
    )


ROUTES = {
    "library-upload": "document",
    "library-new-version": "document",
    "group-post-document": "document",
    "task-attachment": "document",
    "group-post-image": "image",
    "group-image": "image",
}


def _served(client, route, place):
    """The answer of the view that serves what `route` stored last."""
    if route in ("library-upload", "group-post-document", "task-attachment"):
        document = LibraryDocument.objects.order_by("-pk").first()
        return client.get(f"/bibliotheque/documents/{document.pk}/telecharger/"), document.file
    if route == "library-new-version":
        document = LibraryDocument.objects.get(pk=place["document"].pk)
        return client.get(f"/bibliotheque/documents/{document.pk}/telecharger/"), document.file
    if route == "group-post-image":
        image = PostImage.objects.get()
        return client.get(f"/groupes/images/{image.pk}/"), image.file
    group = Group.objects.get(pk=place["group"].pk)
    return client.get(f"/groupes/{group.slug}/image/"), group.image


@pytest.mark.django_db
@pytest.mark.parametrize("route", list(ROUTES))
@pytest.mark.parametrize("key", list(CORPUS))
def test_every_hostile_file_on_every_upload_route(place, agent, login, media_root, route, key):
    kind = ROUTES[route]
    name, data = corpus_file(key, kind)
    client = login(agent)
    before_files = set(stored_files(media_root))
    before = _state()

    response = _send(client, route, place, name, data)

    stored = key in (STORED_AS_DOCUMENT if kind == "document" else STORED_AS_IMAGE)
    if not stored:
        assert response.status_code == 400, response.content[:500]
        assert REFUSAL_WORDS.search(_message(response)), _message(response)[:500]
        assert _state() == before
        assert set(stored_files(media_root)) == before_files
        if route.startswith("group-post"):  # the form comes back with the text to try again
            assert "Texte gardé" in response.content.decode()
        return
    assert response.status_code in (201, 302), _message(response)[:500]
    assert _state() != before
    served, field_file = _served(client, route, place)
    stored_name = field_file.name
    assert GENERATED_NAME.match(stored_name), stored_name
    assert ".." not in PurePosixPath(stored_name).parts and len(stored_name) < 160
    assert served.status_code == 200
    assert served["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served["Content-Security-Policy"]
    body = b"".join(served.streaming_content) if served.streaming else served.content
    if kind == "document":
        assert served["Content-Disposition"].startswith("attachment;")
    else:
        assert served["Content-Type"] in ("image/png", "image/jpeg", "image/webp")
        assert b"<script" not in body and b"<html" not in body
    assert client.get(f"/media/{stored_name}").status_code == 404


ACCEPTED_DOCUMENTS = sorted(STORED_AS_DOCUMENT)


@pytest.mark.django_db(transaction=True)
@pytest.mark.worker
def test_a_real_worker_analyses_every_stored_hostile_document_and_lives_on(
    celery_tasks, home, agent, finances, login, media_root
):
    folder = ServiceFolder.objects.get(service=finances).collection
    client = login(agent)
    ids = []
    for key in ACCEPTED_DOCUMENTS:
        name, data = corpus_file(key, "document")
        response = client.post(
            f"/bibliotheque/dossiers/{folder.pk}/deposer/",
            {"files": SimpleUploadedFile(name, data)},
            HTTP_ACCEPT="application/json",
        )
        assert response.status_code == 201, (key, response.content)
        ids.append(response.json()["documents"][0]["id"])

    def settled():
        statuses = LibraryDocument.objects.filter(pk__in=ids).values_list(
            "extraction_status", flat=True
        )
        return ExtractionStatus.PENDING not in statuses

    with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        assert wait_for(settled, timeout=120)
        laughs = LibraryDocument.objects.filter(pk__in=ids, title__istartswith="rires")
        assert set(laughs.values_list("extraction_status", flat=True)) == {ExtractionStatus.FAILED}
        # The same worker still works.
        response = client.post(
            f"/bibliotheque/dossiers/{folder.pk}/deposer/",
            {"files": SimpleUploadedFile("ordinaire.odt", files.odt(["Astreintes d'hiver"]))},
            HTTP_ACCEPT="application/json",
        )
        ordinary = response.json()["documents"][0]["id"]
        assert wait_for(
            lambda: (
                LibraryDocument.objects.get(pk=ordinary).extraction_status == ExtractionStatus.DONE
            )
        )
    for document in LibraryDocument.objects.filter(pk__in=ids):
        assert client.get(f"/bibliotheque/documents/{document.pk}/").status_code == 200
