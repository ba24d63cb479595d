"""Celery's queues keep long work from delaying what people wait for: while a worker of the
extraction queue spends its time on a 6,000-page PDF, a reply's notification is made within
seconds by the worker of the mail queue."""

import time

import pytest

from cms.celery import app as celery_app
from knowledge.models import ExtractionStatus, LibraryDocument
from social.comments.models import Comment
from social.notifications.models import Notification
from tests.factories import UserFactory, make_news
from tests.knowledge.library.test_worker import started, upload_through_the_page
from tests.social.conftest import post_comment
from tests.workers import kill_group, wait_for, worker_process

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def route(task_name: str) -> str:
    return celery_app.amqp.router.route({}, task_name)["queue"].name


def test_each_kind_of_work_has_its_queue():
    assert route("knowledge.tasks.extract_document") == "extraction"
    assert route("social.people.tasks.run_people_import") == "extraction"
    assert route("cms.tasks.run_django_task") == "search"
    assert route("knowledge.tasks.sync_search_rows") == "search"
    assert route("social.comments.tasks.notify_comment_posted") == "mail"
    assert route("social.groups.tasks.notify_group_post") == "mail"
    assert route("social.mail.tasks.send_outbox") == "mail"
    assert route("social.events.tasks.send_reminders") == "mail"
    assert route("cms.tasks.publish_scheduled_pages") == "celery"
    # A worker started without -Q serves them all (a small install).
    assert {queue.name for queue in celery_app.conf.task_queues} == {
        "celery",
        "extraction",
        "search",
        "mail",
    }


def test_a_notification_is_made_while_a_long_extraction_runs(
    celery_tasks, agent, library, login, media_root, long_pdf, news_index, finances
):
    environment = {"MEDIA_ROOT": str(media_root), "LIBRARY_MAX_TEXT_CHARS": "100000000"}
    extraction = worker_process(queues="extraction", **environment)
    mail = worker_process(queues="mail,celery,search", **environment)
    try:
        document_id = upload_through_the_page(login(agent), library.finances, "long.pdf", long_pdf)
        assert wait_for(lambda: started(document_id), timeout=90)

        news = make_news(news_index, title="Plan de formation")
        author = UserFactory(service=finances, first_name="Aline", last_name="Roux")
        replier = UserFactory(service=finances, first_name="Marie", last_name="Dupont")
        post_comment(login(author), news, "Qui s'inscrit ?")
        question = Comment.objects.get(target_id=news.pk)
        asked = time.monotonic()
        post_comment(login(replier), news, "Moi", parent=question.pk)

        assert wait_for(
            lambda: Notification.objects.filter(recipient=author, kind="reply").exists(),
            timeout=20,
        )
        waited = time.monotonic() - asked
        # The extraction was still running: the notification did not wait for it.
        document = LibraryDocument.objects.get(pk=document_id)
        assert document.extraction_status == ExtractionStatus.PENDING, waited
        assert waited < 20
        assert wait_for(lambda: status_of(document_id) == ExtractionStatus.DONE, timeout=180)
    finally:
        kill_group(extraction)
        kill_group(mail)


def status_of(document_id):
    return LibraryDocument.objects.get(pk=document_id).extraction_status
