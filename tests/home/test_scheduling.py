from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from wagtail.models import Revision

import pytest

from cms.celery import app as celery_app
from cms.tasks import publish_scheduled_pages
from home.models import NewsPage
from tests.factories import make_news

pytestmark = pytest.mark.django_db


def test_beat_publishes_scheduled_pages_every_minute():
    entry = settings.CELERY_BEAT_SCHEDULE["publish-scheduled-pages"]
    assert entry["task"] == "cms.tasks.publish_scheduled_pages"
    assert entry["schedule"] == 60.0
    assert "cms.tasks.publish_scheduled_pages" in celery_app.tasks


def test_a_news_item_scheduled_for_later_stays_invisible(login, news_index, agent):
    news = make_news(news_index, title="Annonce programmée", publish=False)
    news.go_live_at = timezone.now() + timedelta(hours=2)
    news.save_revision().publish()
    news.refresh_from_db()
    assert not news.live
    client = login(agent)
    assert client.get(news.url).status_code == 404
    assert "Annonce programmée" not in client.get("/").content.decode()
    publish_scheduled_pages.delay()
    news.refresh_from_db()
    assert not news.live


def test_a_scheduled_news_item_goes_live_when_its_time_comes(login, news_index, agent):
    news = make_news(news_index, title="Annonce programmée", publish=False)
    news.go_live_at = timezone.now() + timedelta(hours=2)
    news.save_revision().publish()
    client = login(agent)
    assert "Annonce programmée" not in client.get("/").content.decode()
    schedule_in_the_past(news)  # two hours later
    publish_scheduled_pages.delay()
    news.refresh_from_db()
    assert news.live
    assert client.get(news.url).status_code == 200
    assert "Annonce programmée" in client.get("/").content.decode()


def test_an_expired_news_item_is_unpublished(login, news_index, agent):
    news = make_news(news_index, title="Offre limitée")
    client = login(agent)
    assert "Offre limitée" in client.get("/").content.decode()
    NewsPage.objects.filter(pk=news.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
    publish_scheduled_pages.delay()
    news.refresh_from_db()
    assert not news.live and news.expired
    assert client.get(news.url).status_code == 404
    assert "Offre limitée" not in client.get("/").content.decode()


def schedule_in_the_past(news) -> None:
    """As if the scheduled time had come: the approved go-live time a minute ago."""
    past = timezone.now() - timedelta(minutes=1)
    for revision in Revision.page_revisions.filter(
        object_id=str(news.pk), approved_go_live_at__isnull=False
    ):
        revision.content["go_live_at"] = past.isoformat()
        revision.approved_go_live_at = past
        revision.save()
