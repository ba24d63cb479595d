import io

from django.core.management import call_command

from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

import pytest

from cms.demo.seed import (
    ADMIN_EMAIL,
    DEFAULT_ADMIN_PASSWORD,
    DEMO_ACCOUNTS,
    DEMO_ACTIVATION_CODE,
    DEMO_FIELD_LOGIN,
    DEMO_FIELD_PIN,
)
from home.models import HomePage, NewsPage, QuickLink
from knowledge.models import ArticlePage, LibraryDocument, ServicePage, Theme, ThemePage
from social.accounts.models import KioskDevice
from social.comments.models import Comment
from social.people.models import Service, User
from social.polls.models import Poll, PollBallot
from social.reactions.models import Reaction

pytestmark = pytest.mark.django_db


def counts():
    return {
        "users": User.objects.count(),
        "services": Service.objects.count(),
        "themes": Theme.objects.count(),
        "news": NewsPage.objects.count(),
        "images": get_image_model().objects.count(),
        "quick_links": QuickLink.objects.count(),
        "homes": HomePage.objects.count(),
        "articles": ArticlePage.objects.count(),
        "service_pages": ServicePage.objects.count(),
        "theme_pages": ThemePage.objects.count(),
        "documents": LibraryDocument.objects.count(),
        "document_folders": Collection.objects.count(),
        "comments": Comment.objects.count(),
        "reactions": Reaction.objects.count(),
        "polls": Poll.objects.count(),
        "ballots": PollBallot.objects.count(),
    }


@pytest.fixture(autouse=True)
def _own_media_root(media_root):
    return media_root


def test_seed_builds_a_realistic_collectivite_and_is_idempotent(client):
    call_command("seed_demo")
    first = counts()
    assert first["users"] >= 300
    assert first["services"] >= 15 and first["themes"] >= 8
    assert first["news"] >= 25 and first["images"] >= 8 and first["quick_links"] >= 4
    assert User.objects.filter(role=User.Role.ELU).count() >= 10
    assert NewsPage.objects.filter(main_image__isnull=False).count() >= 15
    assert NewsPage.objects.filter(pinned=True).exists()
    assert NewsPage.objects.exclude(audience="all").exists()
    assert User.objects.get(email=ADMIN_EMAIL).is_superuser
    assert first["articles"] >= 150
    assert first["service_pages"] >= 8 and first["theme_pages"] >= 8
    assert ArticlePage.objects.filter(service__isnull=True).count() == 0
    assert first["documents"] >= 9
    assert CollectionViewRestriction.objects.exists()
    assert first["comments"] >= 12 and first["reactions"] >= 40
    assert first["polls"] == 2 and first["ballots"] >= 60
    assert HomePage.objects.get().body[0].block_type == "poll"
    call_command("seed_demo")
    assert counts() == first


def test_seeded_demo_accounts_can_log_in_and_read_news(client):
    call_command("seed_demo", agents=20)
    response = client.post(
        "/connexion/", {"username": DEMO_ACCOUNTS["agent"], "password": "Parvis-Demo-2026!"}
    )
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert "Télétravail" in html
    news = NewsPage.objects.live().filter(audience="all").first()
    assert client.get(news.url).status_code == 200


def test_the_demo_administrator_signs_in_with_the_code_make_code_prints(client):
    call_command("seed_demo", agents=20)
    client.post("/connexion/", {"username": ADMIN_EMAIL, "password": DEFAULT_ADMIN_PASSWORD})
    assert client.get("/admin/")["Location"].startswith("/connexion/verification/")
    printed = io.StringIO()
    call_command("demo_code", stdout=printed)
    code = printed.getvalue().split(":")[1].split()[0]

    client.post("/connexion/verification/", {"code": code})

    assert client.get("/admin/").status_code == 200


def test_the_demo_field_agents_sign_in_with_a_pin_or_their_printed_code(client):
    call_command("seed_demo", agents=20)

    client.post("/connexion/", {"username": DEMO_FIELD_LOGIN, "password": DEMO_FIELD_PIN})
    assert client.get("/").status_code == 200
    client.post("/deconnexion/")
    client.post("/connexion/activation/", {"login": "kevin.lemaire", "code": DEMO_ACTIVATION_CODE})
    client.post("/connexion/activation/", {"kind": "pin", "secret": "739164", "again": "739164"})
    assert client.get("/").status_code == 200
    assert KioskDevice.objects.filter(name="Tablette du centre technique").exists()


def test_the_demo_agent_browses_the_library_but_not_the_private_folder(client):
    call_command("seed_demo", agents=20)
    client.post(
        "/connexion/", {"username": DEMO_ACCOUNTS["agent"], "password": "Parvis-Demo-2026!"}
    )
    found = client.get("/bibliotheque/?q=télétravail").content.decode()
    assert "Charte du télétravail" in found
    private = LibraryDocument.objects.get(title="Tableau des entretiens professionnels")
    assert client.get(f"/bibliotheque/documents/{private.pk}/").status_code == 404


def test_the_demo_has_a_restricted_section_its_group_alone_sees(client):
    from django.test import Client

    from knowledge.models import ArticlePage, SectionPage
    from social.people.models import User

    call_command("seed_demo", agents=20)
    call_command("search_rebuild", verbosity=0)
    section = SectionPage.objects.get(slug="direction-generale")
    article = ArticlePage.objects.child_of(section).first()
    client.force_login(User.objects.get(email=DEMO_ACCOUNTS["agent"]))
    insider = Client()
    insider.force_login(User.objects.filter(groups__name="Direction générale").first())

    for url in (section.url, article.url):
        assert client.get(url).status_code == 404
        assert insider.get(url).status_code == 200
    assert article.title not in client.get("/recherche/?q=feuille+de+route").content.decode()
    assert article.title not in client.get(section.get_parent().url).content.decode()
    assert article.title in insider.get("/recherche/?q=feuille+de+route").content.decode()


def test_the_demo_agenda_is_full_and_keeps_its_secrets(client):
    from social.events.models import Event, Registration

    call_command("seed_demo", agents=40)
    assert Event.objects.count() >= 10
    assert Event.objects.exclude(rrule="").count() >= 3
    assert Registration.objects.filter(waiting=True).exists()  # the full training
    assert Event.objects.filter(group__visibility="secret").exists()
    client.force_login(User.objects.get(email="agent@val-de-parvis.fr"))
    html = client.get("/agenda/a-venir/").content.decode()
    assert "Pause café du vendredi" in html
    assert "Exercice d'alerte" not in html  # the crisis cell's, a secret group
    assert "Commission des finances" not in html  # the élus'
    mine = client.get("/agenda/mes-evenements/").content.decode()
    assert "Formation premiers secours" in mine
    assert "Prochains événements" in client.get("/").content.decode()
