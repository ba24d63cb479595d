"""A mandatory reading in Chromium: on her phone, Aline finds the item in « À lire et confirmer »
on the homepage, reads it and presses « J'ai lu » (htmx: the banner thanks her in place, and the
homepage no longer asks); the communication officer, at her desk, sees the rate move and the
names of who is left, and sends the reminder. Then the notification settings, chosen on a
phone."""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

import pytest
from playwright.sync_api import expect

from cms.setup import COMMUNICATION_GROUP, ensure_reference_data
from home.models import NewsIndexPage, ReadConfirmation
from social.mail.models import MailSettings
from social.notifications.models import NotificationPreference
from tests.browser.test_journeys import log_in
from tests.factories import ServiceFactory, UserFactory, make_news

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def charter():
    home = ensure_reference_data(organisation_name="Commune de Navigateur")
    service = ServiceFactory(name="Ressources humaines", slug="rh")
    UserFactory(
        email="aline.roux@exemple.fr", first_name="Aline", last_name="Roux", service=service
    )
    UserFactory(
        email="marc.petit@exemple.fr", first_name="Marc", last_name="Petit", service=service
    )
    officer = UserFactory(
        email="com@exemple.fr", first_name="Chloé", last_name="Com", is_staff=True, service=service
    )
    officer.groups.add(Group.objects.get(name=COMMUNICATION_GROUP))
    return make_news(
        NewsIndexPage.objects.child_of(home).get(),
        title="Charte du télétravail",
        lead="Elle entre en vigueur le 1er janvier.",
        read_required=True,
        read_deadline=timezone.localdate() + timedelta(days=7),
    )


def test_a_mandatory_reading_confirmed_on_a_phone_and_followed_by_communication(
    browser, live_server, charter
):
    phone = browser.new_context(viewport={"width": 375, "height": 800}, locale="fr-FR")
    page = phone.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    log_in(page, "aline.roux@exemple.fr")
    waiting = page.get_by_role("region", name="À lire et confirmer")
    expect(waiting).to_be_visible()
    waiting.get_by_role("link", name="Charte du télétravail").click()

    banner = page.locator("#read-banner")
    expect(banner).to_contain_text("Lecture obligatoire")
    page.get_by_role("button", name="J'ai lu").click()
    expect(banner).to_contain_text("Vous avez confirmé votre lecture")
    assert page.url.endswith(charter.url)  # htmx: no page load
    page.goto(page.base_url + "/")
    expect(page.get_by_role("region", name="À lire et confirmer")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    phone.close()
    assert ReadConfirmation.objects.filter(user__email="aline.roux@exemple.fr").exists()

    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = desk.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    log_in(page, "com@exemple.fr")
    page.goto(page.base_url + charter.url)
    page.get_by_role("link", name="Suivi des lectures").click()
    expect(page.locator(".read-rate")).to_contain_text("1 personne sur 3")
    missing = page.locator(".read-missing")
    expect(missing).to_contain_text("Marc Petit")
    expect(missing).not_to_contain_text("Aline Roux")
    page.get_by_role("button", name="Relancer ceux qui n'ont pas lu").click()
    expect(page.get_by_text("La relance part")).to_be_visible()
    expect(page.get_by_role("button", name="Relancer ceux qui n'ont pas lu")).to_have_count(0)
    desk.close()


def test_notification_settings_chosen_on_a_phone(browser, live_server, charter):
    phone = browser.new_context(viewport={"width": 375, "height": 800}, locale="fr-FR")
    page = phone.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    log_in(page, "aline.roux@exemple.fr")
    page.goto(page.base_url + "/mon-compte/notifications/")
    page.get_by_label("Chaque jour ouvré, le matin").check()
    page.get_by_label("Mentions de mon nom").select_option("email")
    page.get_by_label("Réactions à mes contenus").select_option("off")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Vos préférences de notification sont enregistrées")).to_be_visible()
    expect(page.get_by_label("Mentions de mon nom")).to_have_value("email")
    page.get_by_role("link", name="Aperçu de mon prochain résumé").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aperçu de mon prochain résumé")
    # Still to confirm, and among the week's news.
    expect(page.get_by_role("heading", name="À lire et confirmer")).to_be_visible()
    expect(page.get_by_role("link", name="Charte du télétravail")).to_have_count(2)
    page.get_by_role("link", name="Charte du télétravail").first.click()
    expect(page.locator("#read-banner")).to_contain_text("Lecture obligatoire")
    phone.close()
    assert MailSettings.objects.get(user__email="aline.roux@exemple.fr").digest == "daily"
    assert NotificationPreference.objects.get(kind="reaction").channel == "off"
