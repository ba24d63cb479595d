"""Notifications are made by a real Celery worker, and still made when the broker is down."""

import pytest
from celery.contrib.testing.worker import start_worker

from cms.celery import app as celery_app
from social.notifications.models import Notification
from tests.factories import UserFactory, make_news
from tests.social.conftest import post_comment
from tests.workers import broker_down, queued_tasks, wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


@pytest.fixture
def discussion(news_index, finances):
    news = make_news(news_index, title="Plan de formation")
    author = UserFactory(service=finances, first_name="Aline", last_name="Roux")
    replier = UserFactory(service=finances, first_name="Marie", last_name="Dupont")
    return news, author, replier


def test_a_reply_is_notified_by_the_worker(celery_tasks, discussion, login):
    news, author, replier = discussion
    post_comment(login(author), news, "Qui s'inscrit ?")
    question = news_comments(news)[0]
    before = queued_tasks().count("social.comments.tasks.notify_comment_posted")
    post_comment(login(replier), news, "Moi", parent=question.pk)
    # Queued in Redis: nothing is made in the request itself.
    assert queued_tasks().count("social.comments.tasks.notify_comment_posted") == before + 1
    assert not Notification.objects.filter(recipient=author).exists()
    with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        assert wait_for(
            lambda: Notification.objects.filter(recipient=author, kind="reply").exists()
        )


def test_with_the_broker_down_the_comment_is_kept_and_the_notification_made(
    celery_tasks, discussion, login
):
    news, author, replier = discussion
    post_comment(login(author), news, "Qui s'inscrit ?")
    question = news_comments(news)[0]
    with broker_down():
        response = post_comment(login(replier), news, "Moi", parent=question.pk)
    assert response.status_code == 302
    assert len(news_comments(news)) == 2
    assert Notification.objects.filter(recipient=author, kind="reply").count() == 1


def news_comments(news):
    from social.comments.models import Comment

    return list(Comment.objects.filter(target_id=news.pk).order_by("pk"))


@pytest.fixture
def database_busy_once(monkeypatch):
    """The notification task fails once when run in the request's place (SQLite « database is
    locked », a dropped connection…), then works."""
    from django.db import OperationalError

    from social.comments import tasks

    real = tasks.notify_comment_posted.run
    failures = []

    def flaky(*args):
        if not failures:
            failures.append(args)
            raise OperationalError("database is locked")
        return real(*args)

    monkeypatch.setattr(tasks.notify_comment_posted, "run", flaky)
    return failures


def test_work_that_fails_inline_while_redis_is_down_is_kept_then_done_by_the_sweep(
    celery_tasks, discussion, login, database_busy_once
):
    from cms.models import PendingTask
    from cms.tasks import retry_pending_tasks

    news, author, replier = discussion
    post_comment(login(author), news, "Qui s'inscrit ?")
    question = news_comments(news)[0]
    with broker_down():
        response = post_comment(login(replier), news, "Moi", parent=question.pk)
        assert response.status_code == 302  # the reply is saved, its author told nothing wrong
        kept = PendingTask.objects.get()
        assert kept.task == "social.comments.tasks.notify_comment_posted"
        assert "database is locked" in kept.last_error
        assert not Notification.objects.filter(recipient=author).exists()
        PendingTask.objects.update(next_attempt_at=kept.created_at)  # its retry time has come

        retry_pending_tasks.run()  # the broker still down: run in the sweep's place

    assert Notification.objects.filter(recipient=author, kind="reply").count() == 1
    assert not PendingTask.objects.exists()


def test_once_redis_is_back_the_sweep_hands_kept_work_to_a_worker(celery_tasks, discussion, login):
    from django.utils import timezone

    from cms.models import PendingTask
    from cms.tasks import retry_pending_tasks

    news, author, replier = discussion
    post_comment(login(author), news, "Qui s'inscrit ?")
    reply = post_comment(login(replier), news, "Moi", parent=news_comments(news)[0].pk)
    assert reply.status_code == 302
    Notification.objects.all().delete()
    PendingTask.objects.all().delete()
    celery_app.control.purge()
    PendingTask.objects.create(
        task="social.comments.tasks.notify_comment_posted",
        args=[news_comments(news)[1].pk],
        next_attempt_at=timezone.now(),
    )

    retry_pending_tasks.run()

    assert not PendingTask.objects.exists()  # sent to Redis
    with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        assert wait_for(
            lambda: Notification.objects.filter(recipient=author, kind="reply").exists()
        )
