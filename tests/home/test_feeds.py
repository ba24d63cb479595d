import xml.etree.ElementTree as ET

from django.urls import reverse

import pytest

from home.models import FeedToken
from home.services import MAX_ACTIVE_FEED_TOKENS, feed_token_create
from social.people.audience import Audience
from tests.factories import make_news

pytestmark = pytest.mark.django_db


def test_creating_a_feed_address_shows_it_once(login, home, agent):
    client = login(agent)
    response = client.post(reverse("home:feed_token_new"), {"name": "Thunderbird"})
    html = response.content.decode()
    assert response.status_code == 200
    token = FeedToken.objects.get(user=agent)
    assert token.name == "Thunderbird"
    url = html.split('id="rss-url" readonly value="')[1].split('"')[0]
    secret = url.split("/flux/")[1].split("/")[0]
    assert FeedToken.digest_of(secret) == token.digest
    assert secret not in client.get(reverse("home:feed_tokens")).content.decode()


def test_rss_feed_lists_the_news_of_the_owner_audience(client, news_index, agent):
    make_news(news_index, title="Pour tous", lead="Le chapeau pour tous")
    make_news(news_index, title="Pour les élus", audience=Audience.ELUS)
    _token, secret = feed_token_create(user=agent)
    response = client.get(f"/flux/{secret}/actualites.rss")  # no session: a feed reader
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles == ["Pour tous"]
    assert channel.find("item").findtext("description") == "Le chapeau pour tous"
    assert channel.find("item").findtext("link").startswith("http://testserver/")


def test_atom_feed_is_served_too(client, news_index, agent):
    make_news(news_index, title="Pour tous")
    _token, secret = feed_token_create(user=agent)
    response = client.get(f"/flux/{secret}/actualites.atom")
    assert response.status_code == 200
    assert b"<feed" in response.content and b"Pour tous" in response.content


def test_a_revoked_feed_address_stops_working(client, login, news_index, agent):
    token, secret = feed_token_create(user=agent)
    response = login(agent).post(reverse("home:feed_token_delete", args=[token.pk]))
    assert response.status_code == 302
    assert client.get(f"/flux/{secret}/actualites.rss").status_code == 404


def test_nobody_can_revoke_someone_elses_feed_address(client, login, news_index, agent, elu):
    token, secret = feed_token_create(user=agent)
    login(elu).post(reverse("home:feed_token_delete", args=[token.pk]))
    assert client.get(f"/flux/{secret}/actualites.rss").status_code == 200


def test_another_persons_feed_addresses_are_not_listed(login, home, agent, elu):
    feed_token_create(user=agent, name="Lecteur d'Aline")
    assert "Lecteur d" not in login(elu).get(reverse("home:feed_tokens")).content.decode()


def test_a_deactivated_persons_feed_stops_working(client, news_index, agent):
    _token, secret = feed_token_create(user=agent)
    agent.is_active = False
    agent.save()
    assert client.get(f"/flux/{secret}/actualites.rss").status_code == 404


def test_a_made_up_token_gets_nothing(client, home):
    assert client.get("/flux/pas-un-vrai-jeton/actualites.rss").status_code == 404


def test_feed_addresses_are_limited_per_person(login, home, agent):
    for _ in range(MAX_ACTIVE_FEED_TOKENS):
        feed_token_create(user=agent)
    response = login(agent).post(reverse("home:feed_token_new"), follow=True)
    assert "Révoquez-en une" in response.content.decode()
    assert FeedToken.objects.filter(user=agent).count() == MAX_ACTIVE_FEED_TOKENS


def test_feed_token_pages_require_login_and_post(client, login, home, agent):
    assert client.get(reverse("home:feed_tokens")).status_code == 302
    assert client.post(reverse("home:feed_token_new")).status_code == 302
    assert login(agent).get(reverse("home:feed_token_new")).status_code == 405
