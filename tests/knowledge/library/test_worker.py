"""The analysis of documents in real Celery workers on Redis: queued after the upload's
transaction, never run in the request, and never lost when a worker dies mid-task."""

from django.core.files.uploadedfile import SimpleUploadedFile

import psutil
import pytest
from celery.contrib.testing.worker import start_worker

from cms.celery import app as celery_app
from cms.demo import files
from knowledge.models import ExtractionStatus, LibraryDocument
from tests.workers import broker_down, kill_group, wait_for, worker_process

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def status_of(document_id):
    return LibraryDocument.objects.get(pk=document_id).extraction_status


def upload_through_the_page(client, folder, name, data):
    response = client.post(
        f"/bibliotheque/dossiers/{folder.pk}/deposer/",
        {"files": SimpleUploadedFile(name, data)},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 201, response.content
    return response.json()["documents"][0]["id"]


def found_documents(user, query):
    from knowledge.search.query import search_everything

    return [hit.pk for hit in search_everything(user, query).hits if hit.kind == "document"]


def test_an_upload_is_analysed_by_the_worker_and_becomes_searchable(
    celery_tasks, agent, library, login
):
    document_id = upload_through_the_page(
        login(agent),
        library.finances,
        "cr.docx",
        files.docx(["Compte rendu du comité technique", "Ordre du jour : astreintes hivernales"]),
    )
    # Queued in Redis, not run in the request.
    assert status_of(document_id) == ExtractionStatus.PENDING
    assert not found_documents(agent, "astreintes")

    # The worker extracts the text, then (another task) indexes the document's search row.
    with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        assert wait_for(lambda: status_of(document_id) == ExtractionStatus.DONE)
        assert wait_for(lambda: found_documents(agent, "astreinte") == [document_id])


def test_documents_left_pending_when_the_broker_was_down_are_swept(
    celery_tasks, agent, library, login
):
    with broker_down():
        document_id = upload_through_the_page(
            login(agent), library.finances, "note.pdf", files.pdf_with_text(["Plan grand froid"])
        )
    assert status_of(document_id) == ExtractionStatus.PENDING  # the upload itself succeeded

    with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        celery_app.send_task("knowledge.tasks.sweep_pending_documents", kwargs={"stale_after": 0})
        assert wait_for(lambda: status_of(document_id) == ExtractionStatus.DONE)


def library_worker(media_root):
    """A worker process on this test's media, with no text cap: the long PDF below takes
    seconds, long enough to be killed mid-way."""
    return worker_process(MEDIA_ROOT=str(media_root), LIBRARY_MAX_TEXT_CHARS="100000000")


def started(document_id):
    document = LibraryDocument.objects.get(pk=document_id)
    return document.extraction_started_at is not None


def test_a_worker_child_killed_mid_task_is_replaced_and_the_task_rerun(
    celery_tasks, agent, library, login, media_root, long_pdf
):
    worker = library_worker(media_root)
    try:
        document_id = upload_through_the_page(login(agent), library.finances, "long.pdf", long_pdf)
        assert wait_for(lambda: started(document_id), timeout=90)
        children = psutil.Process(worker.pid).children(recursive=True)
        assert children
        for child in children:
            child.kill()  # what the kernel's OOM killer does

        # acks_late + reject_on_worker_lost: the message goes back to the queue at once.
        assert wait_for(lambda: status_of(document_id) == ExtractionStatus.DONE, timeout=120)
        document = LibraryDocument.objects.get(pk=document_id)
        assert document.extraction_attempts == 2
        assert document.page_count == 6000
    finally:
        kill_group(worker)


def test_a_whole_worker_killed_mid_task_loses_nothing_after_restart(
    celery_tasks, agent, library, login, media_root, long_pdf
):
    first = library_worker(media_root)
    try:
        document_id = upload_through_the_page(login(agent), library.finances, "long.pdf", long_pdf)
        assert wait_for(lambda: started(document_id), timeout=90)
    finally:
        kill_group(first)  # the machine rebooted, the container was killed...
    assert status_of(document_id) == ExtractionStatus.PENDING

    second = library_worker(media_root)
    try:
        # The periodic sweep (every five minutes in production) finds the stuck document.
        celery_app.send_task("knowledge.tasks.sweep_pending_documents", kwargs={"stale_after": 0})
        assert wait_for(lambda: status_of(document_id) == ExtractionStatus.DONE, timeout=120)
        assert LibraryDocument.objects.get(pk=document_id).extraction_attempts == 2
    finally:
        kill_group(second)
