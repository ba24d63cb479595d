"""Every cached list is keyed by everything that decides what its reader sees (the reader scope,
social/people/scope.py). Two colleagues of the same audience load each list in both orders; the
one outside the restricted group never sees the restricted item, whoever filled the cache."""

from django.contrib.auth.models import Group

from wagtail.models import PageViewRestriction

import pytest

from tests.factories import UserFactory, make_news
from tests.knowledge.conftest import kb  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

SECRET_NEWS = "Réorganisation des directions"


@pytest.fixture
def management(db):
    return Group.objects.create(name="Comité de direction")


@pytest.fixture
def colleagues(finances, management):
    """Two agents of the same service: the same audience keys, one in the management group."""
    insider = UserFactory(email="dgs@exemple.fr", service=finances)
    insider.groups.add(management)
    outsider = UserFactory(email="collegue@exemple.fr", service=finances)
    return {"insider": insider, "outsider": outsider}


@pytest.fixture
def restricted_news(news_index, management):
    make_news(news_index, title="Fête du personnel")
    news = make_news(news_index, title=SECRET_NEWS, pinned=True)
    restriction = PageViewRestriction.objects.create(
        page=news, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(management)
    return news


def news_lists(news_index):
    return {
        "homepage": ("/", {}),
        "news index": (news_index.url, {}),
        "news index fragment": (news_index.url + "?page=1", {"HTTP_HX_REQUEST": "true"}),
        "news index 'more'": (news_index.url + "?page=1&more=1", {"HTTP_HX_REQUEST": "true"}),
        "Mon fil": ("/mon-fil/", {}),
    }


@pytest.mark.parametrize("first", ["insider", "outsider"])
def test_a_news_item_restricted_to_a_group_never_reaches_a_colleague_outside_it(
    login, news_index, restricted_news, colleagues, first
):
    second = "outsider" if first == "insider" else "insider"
    clients = {name: login(person) for name, person in colleagues.items()}
    for name, (url, headers) in news_lists(news_index).items():
        pages = {}
        for reader in (first, second):
            response = clients[reader].get(url, **headers)
            assert response.status_code == 200, (name, reader)
            pages[reader] = response.content.decode()
        assert "Fête du personnel" in pages["outsider"], name
        assert SECRET_NEWS not in pages["outsider"], name
        if name != "news index 'more'":  # page 1 "more" appends from the 2nd card on
            assert SECRET_NEWS in pages["insider"], name
    assert clients["outsider"].get(restricted_news.url).status_code == 404


@pytest.mark.parametrize("first", ["insider", "outsider"])
def test_a_restricted_section_never_reaches_a_colleague_through_a_cached_list(
    login,
    kb,  # noqa: F811
    colleagues,
    first,
):
    colleagues["insider"].groups.add(kb["management"])
    second = "outsider" if first == "insider" else "insider"
    clients = {name: login(person) for name, person in colleagues.items()}
    for url in (kb["housing_page"].url, kb["hr_page"].url):
        pages = {reader: clients[reader].get(url).content.decode() for reader in (first, second)}
        assert "Plan social confidentiel" in pages["insider"], url
        assert "Plan social confidentiel" not in pages["outsider"], url
