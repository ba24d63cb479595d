"""Redis down: the intranet keeps serving pages from the database; nothing is lost."""

from django.test import override_settings

import pytest

from tests.factories import PASSWORD, make_news

pytestmark = pytest.mark.django_db

DEAD_REDIS = "redis://127.0.0.1:9/0"  # nothing listens on port 9


DEAD_CACHES = {
    "default": {
        "BACKEND": "cms.core.cache.ParvisRedisCache",
        "LOCATION": DEAD_REDIS,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    },
    "fragments": {"BACKEND": "cms.core.cache.LocalFirstCache", "LOCATION": "default"},
}


@pytest.fixture
def redis_down():
    with override_settings(CACHES=DEAD_CACHES):
        yield


def test_people_log_in_and_read_news_while_redis_is_down(client, news_index, agent, redis_down):
    news = make_news(news_index, title="Publiée pendant la panne")
    response = client.post("/connexion/", {"username": agent.email, "password": PASSWORD})
    assert response.status_code == 302
    home = client.get("/")
    assert home.status_code == 200 and "Publiée pendant la panne" in home.content.decode()
    assert client.get(news.url).status_code == 200
    assert client.get(news_index.url, HTTP_HX_REQUEST="true").status_code == 200


def test_audiences_still_apply_while_redis_is_down(login, news_index, agent, redis_down):
    from social.people.audience import Audience

    news = make_news(news_index, title="Pour les élus", audience=Audience.ELUS)
    client = login(agent)
    assert client.get(news.url).status_code == 404
    assert "Pour les élus" not in client.get("/").content.decode()


def test_news_published_while_redis_is_down_shows_once_it_is_back(login, news_index, agent):
    """The homepage and the news index were cached before the outage; the bump made during it
    must not be lost (the counters live in the database)."""
    client = login(agent)
    for url in ("/", news_index.url):
        assert "Publiée pendant la panne" not in client.get(url).content.decode()  # now cached

    with override_settings(CACHES=DEAD_CACHES):
        make_news(news_index, title="Publiée pendant la panne")

    for url in ("/", news_index.url):
        assert "Publiée pendant la panne" in client.get(url).content.decode(), url
