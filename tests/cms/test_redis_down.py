"""Redis down: the intranet keeps serving pages from the database; nothing is lost."""

from django.test import override_settings

import pytest

from tests.factories import PASSWORD, make_news

pytestmark = pytest.mark.django_db

DEAD_REDIS = "redis://127.0.0.1:9/0"  # nothing listens on port 9


@pytest.fixture
def redis_down():
    caches = {
        "default": {
            "BACKEND": "cms.cache.ParvisRedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        },
        "fragments": {"BACKEND": "cms.cache.LocalFirstCache", "LOCATION": "default"},
    }
    with override_settings(CACHES=caches):
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
