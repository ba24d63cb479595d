"""Service and theme pages make the same number of queries with 10 and 200 articles."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from home.cache import bump_content_generation
from knowledge.models import ArticlePage

pytestmark = pytest.mark.django_db


def add_articles(parent, theme, count, start=0):
    for n in range(start, start + count):
        article = ArticlePage(title=f"Procédure {n:03d}", slug=f"procedure-{n:03d}", live=True)
        parent.add_child(instance=article)
        article.themes.set([theme])
        article.save()


def queries(client, url):
    bump_content_generation()  # a cold cache: measure the real work
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.mark.parametrize("page_name", ["finances_page", "housing_page"])
def test_same_number_of_queries_with_10_and_200_articles(login, kb, agent, page_name):
    client = login(agent)
    url = kb[page_name].url
    add_articles(kb["finances_page"], kb["housing"], 10)
    client.get(url)
    small, _html = queries(client, url)
    add_articles(kb["finances_page"], kb["housing"], 190, start=10)
    client.get(url)
    large, html = queries(client, url)
    assert large == small
    assert html.count('class="article-item"') >= 30
    assert "Page 1 sur" in html


def test_a_cached_article_list_runs_no_article_query(login, kb, agent):
    client = login(agent)
    add_articles(kb["finances_page"], kb["housing"], 40)
    client.get(kb["housing_page"].url)
    with CaptureQueriesContext(connection) as captured:
        html = client.get(kb["housing_page"].url).content.decode()
    assert "Procédure 000" in html
    assert not any("knowledge_articlepage" in query["sql"] for query in captured.captured_queries)
