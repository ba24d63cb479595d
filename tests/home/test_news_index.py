from django.test import override_settings

import pytest

from tests.factories import ServiceFactory, ThemeFactory, make_news

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_news(news_index):
    from django.utils import timezone

    now = timezone.now()
    return [
        make_news(
            news_index, title=f"Actualité numéro {n:02d}", date=now - timezone.timedelta(hours=n)
        )
        for n in range(7)
    ]


@override_settings(NEWS_PAGE_SIZE=3)
def test_index_is_paginated_newest_first(login, news_index, agent, many_news):
    html = login(agent).get(news_index.url).content.decode()
    assert "Actualité numéro 00" in html and "Actualité numéro 02" in html
    assert "Actualité numéro 03" not in html
    assert "?page=2" in html
    page2 = login(agent).get(news_index.url, {"page": 2}).content.decode()
    assert "Actualité numéro 03" in page2 and "Actualité numéro 00" not in page2


@override_settings(NEWS_PAGE_SIZE=3)
def test_a_page_beyond_the_last_is_not_found(login, news_index, agent, many_news):
    assert login(agent).get(news_index.url, {"page": 9}).status_code == 404
    assert login(agent).get(news_index.url, {"page": "abc"}).status_code == 404


@override_settings(NEWS_PAGE_SIZE=3)
def test_load_more_without_javascript_is_a_plain_link_to_the_next_page(
    login, news_index, agent, many_news
):
    html = login(agent).get(news_index.url).content.decode()
    assert 'class="button pager__more" href="?page=2"' in html
    assert "<html" in login(agent).get(news_index.url, {"page": 2}).content.decode()


@override_settings(NEWS_PAGE_SIZE=3)
def test_load_more_with_htmx_returns_only_the_next_cards_and_button(
    login, news_index, agent, many_news
):
    response = login(agent).get(news_index.url, {"page": 2, "more": 1}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "<header" not in html
    assert 'hx-swap-oob="beforeend:#news-list"' in html
    assert html.count('<article class="news-card') == 3
    assert "Actualité numéro 03" in html and "Actualité numéro 02" not in html
    assert 'id="news-more"' in html and "page=3" in html
    assert "HX-Request" in response["Vary"]


def test_filtering_by_service_and_theme(login, news_index, agent):
    culture = ServiceFactory(name="Culture", slug="culture")
    urbanisme = ThemeFactory(name="Urbanisme", slug="urbanisme")
    make_news(news_index, title="Saison culturelle", service=culture)
    make_news(news_index, title="Nouveau PLU", themes=[urbanisme])
    make_news(news_index, title="Autre sujet")
    client = login(agent)
    by_service = client.get(news_index.url, {"service": "culture"}).content.decode()
    assert "Saison culturelle" in by_service
    assert "Nouveau PLU" not in by_service and "Autre sujet" not in by_service
    by_theme = client.get(news_index.url, {"theme": "urbanisme"}).content.decode()
    assert "Nouveau PLU" in by_theme and "Saison culturelle" not in by_theme


def test_filter_with_htmx_returns_the_result_list_only(login, news_index, agent):
    culture = ServiceFactory(name="Culture", slug="culture")
    make_news(news_index, title="Saison culturelle", service=culture)
    make_news(news_index, title="Autre sujet")
    response = login(agent).get(news_index.url, {"service": "culture"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="news-results"')
    assert "Saison culturelle" in html and "Autre sujet" not in html
    assert "1 actualité" in html


def test_an_unknown_filter_value_is_ignored(login, news_index, agent):
    make_news(news_index, title="Autre sujet")
    response = login(agent).get(news_index.url, {"service": "n-existe-pas", "theme": "'; DROP"})
    assert response.status_code == 200
    assert "Autre sujet" in response.content.decode()


@override_settings(NEWS_PAGE_SIZE=3)
def test_pagination_links_keep_the_filters(login, news_index, agent):
    culture = ServiceFactory(name="Culture", slug="culture")
    for n in range(4):
        make_news(news_index, title=f"Culture {n}", service=culture)
    html = login(agent).get(news_index.url, {"service": "culture"}).content.decode()
    assert "?service=culture&amp;page=2" in html
