"""Notifications are made by a real Celery worker, and still made when the broker is down."""

import time

import pytest
from celery.contrib.testing.worker import start_worker

from cms.celery import app as celery_app
from social.notifications.models import Notification
from tests.factories import UserFactory, make_news
from tests.social.conftest import post_comment
from tests.workers import broker_down, wait_for

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
    post_comment(login(replier), news, "Moi", parent=question.pk)
    # Queued in Redis: nothing is made in the request itself.
    time.sleep(0.5)
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
