"""What an agent does every morning: log in, read the homepage and a news item, browse the
news, switch the language. Each step asserts what the person sees."""

from datetime import timedelta

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from cms.setup import ensure_reference_data
from home.models import NewsIndexPage
from social.accounts.second_factor import has_second_factor, second_factor_required
from social.people.audience import Audience
from social.people.models import User
from tests.factories import PASSWORD, ServiceFactory, UserFactory, make_news
from tests.second_factor import app_code, app_of

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def intranet(settings):
    settings.NEWS_PAGE_SIZE = 4
    home = ensure_reference_data(organisation_name="Commune de Navigateur")
    index = NewsIndexPage.objects.child_of(home).get()
    culture = ServiceFactory(name="Culture", slug="culture")
    finances = ServiceFactory(name="Finances", slug="finances")
    now = timezone.now()
    make_news(index, title="Le budget est adopté", pinned=True, service=finances, lead="Budget.")
    for n in range(9):
        make_news(
            index,
            title=f"Nouvelle numéro {n}",
            lead=f"Le chapeau de la nouvelle {n}.",
            service=culture if n % 2 else finances,
            date=now - timedelta(days=n + 1),
        )
    make_news(index, title="Réservé aux élus", audience=Audience.ELUS)
    agent = UserFactory(email="aline@exemple.fr", first_name="Aline", service=finances)
    return {"index": index, "agent": agent}


def log_in(page, email, password=PASSWORD):
    """Sign in through the login page; whoever owes a second factor types their app's code
    (an app is added to their account first if they have none)."""
    person = User.objects.filter(email=email).first()
    device = None
    if person is not None and (second_factor_required(person) or has_second_factor(person)):
        device = app_of(person)
    page.goto(page.base_url + "/")
    assert "/connexion/" in page.url
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    if device is not None:
        page.wait_for_url("**/connexion/verification/**")
        page.get_by_label("Code de vérification").fill(app_code(device))
        page.get_by_role("button", name="Vérifier").click()
    page.wait_for_url(page.base_url + "/")


def test_an_agent_logs_in_and_reads_a_news_item(page, intranet):
    log_in(page, "aline@exemple.fr")
    assert page.get_by_role("heading", level=1).inner_text() == "Bonjour Aline"
    featured = page.locator("#home-pinned-title + .news-grid")
    assert "Le budget est adopté" in featured.inner_text()
    assert "Réservé aux élus" not in page.content()
    page.get_by_role("link", name="Le budget est adopté").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Le budget est adopté"
    expect(page.locator("nav.breadcrumbs")).to_be_visible()
    assert page.console_errors == []


def test_a_wrong_password_is_explained(page, intranet):
    page.goto(page.base_url + "/connexion/")
    page.get_by_label("Adresse électronique").fill("aline@exemple.fr")
    page.get_by_label("Mot de passe").fill("pas-le-bon")
    page.get_by_role("button", name="Se connecter").click()
    assert "Identifiant ou mot de passe incorrect" in page.get_by_role("alert").inner_text()


def test_load_more_appends_news_without_reloading_and_moves_focus(page, intranet):
    log_in(page, "aline@exemple.fr")
    page.goto(page.base_url + intranet["index"].url)
    cards = page.locator("#news-list article.news-card")
    expect(cards).to_have_count(4)
    page.evaluate("window.notReloaded = true")
    page.get_by_role("link", name="Afficher plus d'actualités").click()
    page.wait_for_function(
        "() => document.querySelectorAll('#news-list article.news-card').length === 8"
    )
    assert page.evaluate("window.notReloaded") is True  # no full page load
    first_new = cards.nth(4).get_attribute("id")
    page.wait_for_function(f"() => document.activeElement.id === '{first_new}'")
    page.wait_for_function("() => document.getElementById('live-region').textContent.includes('4')")
    page.get_by_role("link", name="Afficher plus d'actualités").click()
    page.wait_for_function(
        "() => document.querySelectorAll('#news-list article.news-card').length === 10"
    )
    assert page.get_by_role("link", name="Afficher plus d'actualités").count() == 0
    assert page.console_errors == []


def test_filtering_updates_results_and_address(page, intranet):
    log_in(page, "aline@exemple.fr")
    page.goto(page.base_url + intranet["index"].url)
    page.get_by_label("Service").select_option("culture")
    page.wait_for_url("**service=culture**")
    page.wait_for_function(
        "() => document.querySelector('.results-count').textContent.includes('4 actualités')"
    )
    assert "Le budget est adopté" not in page.locator("#news-results").inner_text()
    page.go_back()
    page.wait_for_function("() => !location.search.includes('service=culture')")


def test_news_index_works_without_javascript(browser, live_server, intranet):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.base_url = live_server.url
    log_in(page, "aline@exemple.fr")
    page.goto(page.base_url + intranet["index"].url)
    page.get_by_role("link", name="Afficher plus d'actualités").click()
    # The click returns once the new address is committed, before the page is read: wait
    # for it to load (CI once counted the cards of a page still arriving, and found none).
    page.wait_for_url("**page=2**")
    expect(page.locator("article.news-card")).to_have_count(4)
    page.get_by_label("Service").select_option("culture")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url("**service=culture**")
    assert "4 actualités" in page.locator(".results-count").inner_text()
    context.close()


def test_switching_to_english(page, intranet):
    log_in(page, "aline@exemple.fr")
    page.get_by_label("Langue").select_option("en")
    page.wait_for_function("() => document.documentElement.lang === 'en'")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    expect(page.get_by_role("heading", name="Latest news")).to_be_visible()


def test_an_agent_finds_an_article_with_and_without_accents(page, intranet):
    from knowledge.models import KnowledgeIndexPage, ServicePage
    from social.people.models import Service
    from tests.knowledge.conftest import make_article, publish

    home = intranet["index"].get_parent()
    base = publish(home, KnowledgeIndexPage(title="Base de connaissances", slug="base"))
    rh = publish(
        base,
        ServicePage(
            title="Ressources humaines",
            slug="rh",
            service=Service.objects.create(name="Ressources humaines", slug="rh"),
        ),
    )
    make_article(rh, "Poser ses congés d'été", lead="Les congés annuels se demandent en ligne.")
    make_article(rh, "Télétravail", lead="Deux jours par semaine au plus.")
    log_in(page, "aline@exemple.fr")

    for query in ("congés d'été", "conges ete"):
        box = page.get_by_label("Rechercher dans l'intranet").first
        box.fill(query)
        page.keyboard.press("Enter")
        page.wait_for_url("**/recherche/?q=**")
        results = page.locator("#search-results")
        assert "1 résultat" in results.locator(".results-count").inner_text(), query
        assert "Télétravail" not in results.inner_text()
        results.get_by_role("link", name="Poser ses congés d'été").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Poser ses congés d'été"
        assert "Ressources humaines" in page.locator("nav.breadcrumbs").inner_text()
    assert page.console_errors == []


def test_on_a_phone_a_typo_is_corrected_and_the_opened_result_is_counted(page, intranet):
    """At 375 px: « teletravial » shows the corrected results, says so and offers the query as
    typed; the result opened is counted (a beacon to this server), then ranks first among the
    suggestions beginning alike."""
    from knowledge.models import KnowledgeIndexPage, SearchItem, ServicePage
    from social.people.models import Service
    from tests.knowledge.conftest import make_article, publish
    from tests.workers import wait_for

    home = intranet["index"].get_parent()
    base = publish(home, KnowledgeIndexPage(title="Base de connaissances", slug="base"))
    rh = publish(
        base,
        ServicePage(
            title="Ressources humaines",
            slug="rh",
            service=Service.objects.create(name="Ressources humaines", slug="rh", acronym="DRH"),
        ),
    )
    wanted = make_article(rh, "Télétravail : la demande", lead="Deux jours par semaine au plus.")
    make_article(rh, "Télétravail des encadrants", lead="Un jour par semaine.")
    page.set_viewport_size({"width": 375, "height": 740})
    log_in(page, "aline@exemple.fr")
    beacons = []
    page.on(
        "request",
        lambda request: (
            beacons.append(request.url) if "/recherche/ouverture/" in request.url else None
        ),
    )
    page.goto(page.base_url + "/recherche/?q=teletravial")
    results = page.locator("#search-results")
    assert "recherche corrigée" in results.inner_text()
    assert "Rechercher plutôt « teletravial »" in results.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    with page.expect_request("**/recherche/ouverture/"):
        results.get_by_role("link", name="Télétravail : la demande").click()
    page.wait_for_url("**/rh/**")
    assert beacons
    row = SearchItem.objects.filter(source_id=wanted.pk, kind="article")
    assert wait_for(lambda: row.get().clicks == 1, timeout=10)
    suggestions = page.request.get(page.base_url + "/recherche/suggestions/?q=T%C3%A9l%C3%A9t")
    assert suggestions.text().index("Télétravail : la demande") < suggestions.text().index(
        "Télétravail des encadrants"
    )
    assert page.console_errors == []
