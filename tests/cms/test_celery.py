"""Background work goes through a real Celery worker on Redis when Redis is configured."""

import pytest
from celery.contrib.testing.worker import start_worker

from cms.celery import app as celery_app
from home.models import NewsPage
from tests.factories import make_news
from tests.workers import broker_down, queued_tasks, wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def found_by_search(word):
    return lambda: list(NewsPage.objects.live().search(word))


def test_search_index_is_updated_by_the_worker(celery_tasks, news_index):
    before = queued_tasks().count("cms.tasks.run_django_task")
    make_news(news_index, title="Plan de déneigement", lead="Les voies prioritaires.")
    # Queued in Redis, not done inline: nothing is indexed until a worker runs.
    assert queued_tasks().count("cms.tasks.run_django_task") > before
    assert not found_by_search("déneigement")()
    with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        assert wait_for(found_by_search("déneigement"))


def test_scheduled_publishing_task_runs_in_the_worker(celery_tasks, news_index):
    from datetime import timedelta

    from django.utils import timezone

    news = make_news(news_index, title="Expirée")
    NewsPage.objects.filter(pk=news.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
    with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        celery_app.send_task("cms.tasks.publish_scheduled_pages")
        assert wait_for(lambda: not NewsPage.objects.get(pk=news.pk).live)


def test_when_the_broker_is_down_the_index_is_updated_inline(celery_tasks, news_index):
    """Redis unreachable: the editor's save still succeeds and search stays right."""
    with broker_down():
        make_news(news_index, title="Fermeture exceptionnelle", lead="La mairie est fermée.")
    assert found_by_search("fermeture")()
