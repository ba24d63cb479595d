"""Two colleagues chatting in Chromium: without a live stream (as in `make run`) the pages poll
and the messages still arrive within seconds; with the ASGI process holding the stream (a real
uvicorn and Redis) they arrive at once, and nothing is missed when that process restarts."""

import re

import pytest
from playwright.sync_api import expect

from cms.setup import ensure_reference_data
from tests.browser.test_journeys import log_in
from tests.browser.test_social import other_person
from tests.factories import PASSWORD, ServiceFactory, UserFactory
from tests.social.messaging.test_live_stream import AsgiServer, free_port

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def colleagues():
    ensure_reference_data(organisation_name="Commune de Navigateur")
    urbanisme = ServiceFactory(name="Urbanisme", slug="urbanisme")
    for email, first, last in (
        ("aline.roux@exemple.fr", "Aline", "Roux"),
        ("marie.dupont@exemple.fr", "Marie", "Dupont"),
    ):
        UserFactory(email=email, first_name=first, last_name=last, service=urbanisme)


def badge(page):
    return page.locator("#messages-badge")


def test_two_colleagues_chat_without_a_live_stream(page, browser, colleagues, settings):
    settings.LIVE_POLL_PAGE_SECONDS = 2  # the other pages check for news every 2 s here

    # Aline writes to Marie from her profile.
    log_in(page, "aline.roux@exemple.fr")
    page.goto(page.base_url + "/annuaire/marie-dupont/")
    page.get_by_role("button", name="Envoyer un message").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Marie Dupont")
    box = page.get_by_label("Votre message")
    box.fill("Bonjour Marie, tu as le plan du rez-de-chaussée ?")
    box.press("Enter")
    expect(page.locator("#messages")).to_contain_text("tu as le plan du rez-de-chaussée")
    expect(box).to_have_value("")
    expect(box).to_be_focused()

    # Marie, on her phone, sees the badge rise without reloading, then opens the conversation.
    marie = other_person(browser, page)
    log_in(marie, "marie.dupont@exemple.fr")
    expect(badge(marie)).to_contain_text("1", timeout=6000)
    badge(marie).click()
    marie.get_by_role("link", name=re.compile("Aline Roux")).click()
    expect(marie.locator("#messages")).to_contain_text("tu as le plan du rez-de-chaussée")
    expect(badge(marie)).not_to_contain_text("1")

    # Aline sees that Marie has read it, then Marie's answer, without reloading.
    expect(page.locator("#chat-seen")).to_contain_text("Vu par Marie Dupont", timeout=6000)
    marie.get_by_label("Votre message").fill("Oui, je te l'envoie tout de suite.")
    marie.get_by_role("button", name="Envoyer").click()
    expect(page.locator("#messages")).to_contain_text("je te l'envoie", timeout=4000)

    # Without JavaScript the same conversation is a page with a form.
    nojs = browser.new_context(java_script_enabled=False, locale="fr-FR")
    plain = nojs.new_page()
    plain.base_url = page.base_url
    plain.goto(page.base_url + "/connexion/")
    plain.get_by_label("Adresse électronique").fill("marie.dupont@exemple.fr")
    plain.get_by_label("Mot de passe").fill(PASSWORD)
    plain.get_by_role("button", name="Se connecter").click()
    plain.goto(marie.url)
    plain.get_by_label("Votre message").fill("Message envoyé sans JavaScript")
    plain.get_by_role("button", name="Envoyer").click()
    expect(plain.locator("#messages")).to_contain_text("Message envoyé sans JavaScript")
    nojs.close()
    assert not page.console_errors


def test_messages_arrive_through_the_stream_and_survive_its_restart(
    page, browser, colleagues, live_server
):
    # The ASGI process serves Aline's pages and her stream; it polls only every two minutes,
    # so a message that shows within three seconds came through the stream.
    asgi = AsgiServer(LIVE_POLL_CONVERSATION_SECONDS="120", LIVE_POLL_PAGE_SECONDS="120")
    asgi.port = free_port()
    asgi.start()
    try:
        aline = page
        aline.base_url = f"http://127.0.0.1:{asgi.port}"
        log_in(aline, "aline.roux@exemple.fr")
        aline.goto(aline.base_url + "/annuaire/marie-dupont/")
        aline.get_by_role("button", name="Envoyer un message").click()
        expect(aline.locator("body")).to_have_attribute("data-live-state", "open")

        marie = other_person(browser, page)
        marie.base_url = live_server.url
        log_in(marie, "marie.dupont@exemple.fr")
        marie.goto(marie.base_url + aline.url.removeprefix(aline.base_url))
        marie.get_by_label("Votre message").fill("Réunion déplacée à 14 h")
        marie.get_by_role("button", name="Envoyer").click()
        expect(aline.locator("#messages")).to_contain_text("Réunion déplacée", timeout=3000)
        expect(badge(aline)).not_to_contain_text("1")

        # The ASGI process restarts; Marie writes meanwhile; nothing is lost.
        asgi.stop()
        expect(aline.locator("body")).to_have_attribute("data-live-state", "down")
        marie.get_by_label("Votre message").fill("Pendant le redémarrage")
        marie.get_by_role("button", name="Envoyer").click()
        asgi.start()
        expect(aline.locator("#messages")).to_contain_text("Pendant le redémarrage", timeout=15000)
        expect(aline.locator("body")).to_have_attribute("data-live-state", "open")
    finally:
        asgi.stop()
