"""The homepage and the news index make the same number of SQL queries whatever the number of
news items: no N+1 on images, themes, services or audiences."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from home.cache import bump_content_generation
from home.models import NewsPage
from social.people.audience import Audience
from tests.factories import ServiceFactory, ThemeFactory
from tests.home.test_news_page import _image

pytestmark = pytest.mark.django_db


def add_news(news_index, count, *, image, themes, services, start=0):
    now = timezone.now()
    for n in range(start, start + count):
        news = NewsPage(
            title=f"Actualité {n}",
            slug=f"actualite-{n}",
            lead="Un chapeau.",
            live=True,
            date=now - timedelta(hours=n),
            first_published_at=now - timedelta(hours=n),
            main_image=image,
            pinned=n % 20 == 0,
            service=services[n % len(services)],
            audience=Audience.SERVICES if n % 3 == 0 else Audience.ALL,
        )
        news_index.add_child(instance=news)
        news.themes.set(themes)
        news.audience_services.set(services)
        news.save()  # parental many-to-many relations are written on save


def count_queries(client, url):
    bump_content_generation()  # a cold cache: measure the real work
    return measure_queries(client, url)


def measure_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.fixture
def world(news_index, agent):
    services = [agent.service, ServiceFactory(name="Culture", slug="culture")]
    themes = [
        ThemeFactory(name="Culture", slug="culture"),
        ThemeFactory(name="Logement", slug="logement"),
    ]
    return {"image": _image(), "themes": themes, "services": services}


@pytest.mark.parametrize("url_name", ["home", "news_index"])
def test_same_number_of_queries_with_10_and_200_news(
    login, home, news_index, agent, world, django_assert_max_num_queries, url_name
):
    url = home.url if url_name == "home" else news_index.url
    client = login(agent)
    add_news(news_index, 10, **world)
    count_queries(client, url)  # warm-up: renditions are generated once
    small, html_small = count_queries(client, url)
    add_news(news_index, 190, start=10, **world)
    client.get(url)
    bump_content_generation()  # a cold cache: measure the real work
    with django_assert_max_num_queries(small):
        large, html_large = measure_queries(client, url)
    assert large == small
    assert html_large.count('<article class="news-card') >= html_small.count(
        '<article class="news-card'
    )


def test_cached_homepage_skips_the_news_queries(login, home, news_index, agent, world):
    add_news(news_index, 20, **world)
    client = login(agent)
    cold, _html = count_queries(client, home.url)
    with CaptureQueriesContext(connection) as queries:
        client.get(home.url)
    assert len(queries) < cold
    assert not any("home_newspage" in query["sql"] for query in queries.captured_queries)
