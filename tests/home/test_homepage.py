from django.urls import reverse

import pytest

from home.models import HomePage, QuickLink
from social.people.audience import Audience
from tests.factories import make_news

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_the_login_page(client, home):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("people:login"))


def test_homepage_shows_pinned_news_before_the_latest(login, news_index, agent):
    make_news(news_index, title="Épinglée", pinned=True)
    make_news(news_index, title="Ordinaire")
    html = login(agent).get("/").content.decode()
    assert "À la une" in html
    assert html.index("Épinglée") < html.index("Ordinaire")


def test_homepage_shows_at_most_three_pinned_news_and_the_rest_among_the_latest(
    login, news_index, agent
):
    from django.utils import timezone

    now = timezone.now()
    for day in range(5):
        make_news(
            news_index,
            title=f"Épinglée numéro {day}",
            pinned=True,
            date=now - timezone.timedelta(days=day),
        )
    html = login(agent).get("/").content.decode()
    pinned_section, latest_section = html.split('id="home-latest-title"')
    assert pinned_section.count("Épinglée numéro") == 3
    assert "Épinglée numéro 3" in latest_section and "Épinglée numéro 4" in latest_section


def test_homepage_shows_the_quick_links_curated_in_the_admin(login, home, news_index, agent):
    QuickLink.objects.create(home=home, title="Annuaire du personnel", url="/annuaire/")
    QuickLink.objects.create(home=home, title="Les actualités", page=news_index)
    html = login(agent).get("/").content.decode()
    assert 'href="/annuaire/"' in html and "Annuaire du personnel" in html
    assert f'href="{news_index.url}"' in html


def test_quick_link_needs_a_page_or_an_address_but_not_both(home, news_index):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        QuickLink(home=home, title="Rien").clean()
    with pytest.raises(ValidationError):
        QuickLink(home=home, title="Les deux", page=news_index, url="/x/").clean()
    with pytest.raises(ValidationError):
        QuickLink(home=home, title="Mauvais", url="javascript:alert(1)").full_clean(
            exclude=["home", "page"]
        )


def test_cached_homepage_is_not_served_to_another_audience(login, news_index, agent, elu):
    make_news(news_index, title="Pour les agents seulement", audience=Audience.AGENTS)
    make_news(news_index, title="Pour les élus seulement", audience=Audience.ELUS)
    agent_html = login(agent).get("/").content.decode()
    elu_html = login(elu).get("/").content.decode()
    assert "Pour les agents seulement" in agent_html
    assert "Pour les élus seulement" not in agent_html
    assert "Pour les élus seulement" in elu_html
    assert "Pour les agents seulement" not in elu_html


def test_publishing_a_news_item_refreshes_the_cached_homepage(login, news_index, agent):
    client = login(agent)
    assert "Nouvelle du jour" not in client.get("/").content.decode()
    make_news(news_index, title="Nouvelle du jour")
    assert "Nouvelle du jour" in client.get("/").content.decode()


def test_unpublishing_a_news_item_removes_it_from_the_cached_homepage(login, news_index, agent):
    news = make_news(news_index, title="Bientôt retirée")
    client = login(agent)
    assert "Bientôt retirée" in client.get("/").content.decode()
    news.unpublish()
    assert "Bientôt retirée" not in client.get("/").content.decode()


def test_homepage_greets_the_reader_by_name(login, home, agent):
    assert "Bonjour Aline" in login(agent).get("/").content.decode()


def test_site_root_is_the_homepage(home):
    from wagtail.models import Site

    assert Site.objects.get(is_default_site=True).root_page.specific_class is HomePage


def test_navigation_is_generated_from_the_page_tree(login, news_index, agent):
    html = login(agent).get("/").content.decode()
    nav = html.split('class="main-nav"')[1].split("</nav>")[0]
    assert f'href="{news_index.url}"' in nav
    news_index.show_in_menus = False
    news_index.save_revision().publish()
    nav = login(agent).get("/").content.decode().split('class="main-nav"')
    assert len(nav) == 1 or f'href="{news_index.url}"' not in nav[1].split("</nav>")[0]


def test_footer_shows_the_collectivite_from_site_settings(login, home, agent):
    assert "Commune de Test" in login(agent).get("/").content.decode()


def test_no_page_references_another_host(login, news_index, agent):
    make_news(news_index, title="Une nouvelle")
    client = login(agent)
    import re

    for url in ("/", news_index.url, "/mon-compte/", "/recherche/?q=nouvelle"):
        html = client.get(url).content.decode()
        external = re.findall(r'(?:src|href)="((?:https?:)?//[^"]+)"', html)
        assert external == [], (url, external)
