"""Who may see a news item: each audience tested from the side of the user it excludes, on the
homepage, the news index, the HTMX fragment, the direct URL, the feed and search."""

import pytest

from home.models import NewsPage
from home.services import feed_token_create
from social.people.audience import Audience, user_access_keys
from tests.factories import UserFactory, make_news

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Réservé : ordre du jour confidentiel"


def surfaces(login, user, news_index, news):
    """Every place a news item can appear, as seen by `user`: name -> (status, html)."""
    client = login(user)
    pages = {
        "homepage": client.get("/"),
        "index": client.get(news_index.url),
        "index-fragment": client.get(news_index.url, HTTP_HX_REQUEST="true"),
        "direct-url": client.get(news.url),
        "search": client.get("/recherche/", {"q": "confidentiel"}),
    }
    _token, secret = feed_token_create(user=user)
    pages["rss"] = client.get(f"/flux/{secret}/actualites.rss")
    pages["atom"] = client.get(f"/flux/{secret}/actualites.atom")
    return {
        name: (response.status_code, response.content.decode()) for name, response in pages.items()
    }


def assert_invisible(found):
    assert found["direct-url"][0] == 404
    for name in ("homepage", "index", "index-fragment", "search", "rss", "atom"):
        status, html = found[name]
        assert status == 200, name
        assert SECRET_TITLE not in html, f"leaked in {name}"


def assert_visible(found):
    assert found["direct-url"][0] == 200
    for name in ("homepage", "index", "index-fragment", "search", "rss", "atom"):
        assert SECRET_TITLE in found[name][1], f"missing from {name}"


def test_news_for_elus_is_invisible_to_an_agent(login, news_index, agent):
    news = make_news(news_index, title=SECRET_TITLE, audience=Audience.ELUS)
    assert_invisible(surfaces(login, agent, news_index, news))


def test_news_for_elus_is_visible_to_an_elu(login, news_index, elu):
    news = make_news(news_index, title=SECRET_TITLE, audience=Audience.ELUS)
    assert_visible(surfaces(login, elu, news_index, news))


def test_news_for_agents_is_invisible_to_an_elu(login, news_index, elu):
    news = make_news(news_index, title=SECRET_TITLE, audience=Audience.AGENTS)
    assert_invisible(surfaces(login, elu, news_index, news))


def test_news_for_agents_is_visible_to_an_agent(login, news_index, agent):
    news = make_news(news_index, title=SECRET_TITLE, audience=Audience.AGENTS)
    assert_visible(surfaces(login, agent, news_index, news))


def test_news_for_a_service_is_invisible_to_another_service(login, news_index, agent, direction):
    news = make_news(
        news_index, title=SECRET_TITLE, audience=Audience.SERVICES, services=[direction]
    )
    assert_invisible(surfaces(login, agent, news_index, news))


def test_news_for_a_service_is_invisible_to_an_agent_without_service(login, news_index, direction):
    news = make_news(
        news_index, title=SECRET_TITLE, audience=Audience.SERVICES, services=[direction]
    )
    assert_invisible(surfaces(login, UserFactory(service=None), news_index, news))


def test_news_for_a_sub_service_is_invisible_to_its_parent_service(
    login, news_index, payroll, direction
):
    news = make_news(news_index, title=SECRET_TITLE, audience=Audience.SERVICES, services=[payroll])
    hr_agent = UserFactory(service=direction)
    assert_invisible(surfaces(login, hr_agent, news_index, news))


def test_news_for_a_direction_reaches_its_sub_services(login, news_index, payroll_agent, direction):
    news = make_news(
        news_index, title=SECRET_TITLE, audience=Audience.SERVICES, services=[direction]
    )
    assert_visible(surfaces(login, payroll_agent, news_index, news))


def test_news_for_everyone_is_visible_to_agents_and_elus(login, news_index, agent, elu):
    news = make_news(news_index, title=SECRET_TITLE, audience=Audience.ALL)
    assert_visible(surfaces(login, agent, news_index, news))
    assert_visible(surfaces(login, elu, news_index, news))


def test_communication_officers_and_superusers_see_every_audience(
    login, news_index, communication_officer, superuser, direction
):
    news = make_news(
        news_index, title=SECRET_TITLE, audience=Audience.SERVICES, services=[direction]
    )
    assert_visible(surfaces(login, communication_officer, news_index, news))
    assert_visible(surfaces(login, superuser, news_index, news))


def test_an_unpublished_news_item_is_invisible_even_to_its_audience(login, news_index, agent):
    news = make_news(news_index, title=SECRET_TITLE, publish=False)
    found = surfaces(login, agent, news_index, news)
    assert_invisible(found)


def test_visible_to_matches_is_visible_to(
    news_index, agent, elu, payroll_agent, direction, finances, communication_officer
):
    from social.people.audience import visible_ids

    items = [
        make_news(news_index, title="Tous", audience=Audience.ALL),
        make_news(news_index, title="Agents", audience=Audience.AGENTS),
        make_news(news_index, title="Élus", audience=Audience.ELUS),
        make_news(news_index, title="DRH", audience=Audience.SERVICES, services=[direction]),
        make_news(
            news_index,
            title="DRH et DF",
            audience=Audience.SERVICES,
            services=[direction, finances],
        ),
    ]
    ids = [news.pk for news in items]
    for user in (agent, elu, payroll_agent, communication_officer):
        by_queryset = set(NewsPage.objects.visible_to(user).values_list("pk", flat=True))
        by_instance = {news.pk for news in items if news.is_visible_to(user)}
        assert by_queryset == by_instance == visible_ids(NewsPage, user, ids)


def test_access_keys_of_a_user(payroll_agent, payroll, direction, elu):
    assert user_access_keys(payroll_agent) == {
        "all",
        "agents",
        f"service:{payroll.pk}",
        f"service:{direction.pk}",
    }
    assert user_access_keys(elu) == {"all", "elus"}


def test_a_deactivated_user_holds_no_access_key(agent):
    agent.is_active = False
    assert user_access_keys(agent) == frozenset()
