"""Second factors in a real Chromium: an administrator who has only a password is taken to set
one up, adds an authenticator app or a security key (Chromium's virtual authenticator, through
the DevTools protocol, stands for the key), and is asked for it at the next sign-in."""

import re
from base64 import b32decode

from django.test import RequestFactory

import pytest
from django_otp.oath import totp
from django_otp_webauthn.models import WebAuthnCredential
from playwright.sync_api import expect

from cms.setup import ensure_reference_data
from social.accounts.field_accounts import activation_code_issue
from social.accounts.kiosk import enrolment_link_create
from social.accounts.models import KioskDevice, SignInEvent
from social.people.models import User
from tests.factories import PASSWORD
from tests.social.accounts.conftest import MARIE, provider  # noqa: F401 (the provider fixture)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def administrator():
    ensure_reference_data(organisation_name="Commune de Navigateur")
    return User.objects.create_superuser("admin@exemple.fr", PASSWORD, first_name="Alix")


def sign_in_with_password(page):
    page.goto(page.base_url + "/connexion/")
    page.get_by_label("Adresse électronique").fill("admin@exemple.fr")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def test_an_administrator_sets_up_an_app_and_keeps_the_recovery_codes(page, administrator):
    sign_in_with_password(page)
    page.wait_for_url("**/mon-compte/securite/**")
    expect(page.get_by_role("alert")).to_contain_text("Double authentification obligatoire")

    page.get_by_role("link", name="Ajouter une application d'authentification").click()
    expect(page.locator(".qr-code svg")).to_be_visible()
    secret = page.locator("code.secret").inner_text().replace(" ", "")
    key = b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label("Code à 6 chiffres affiché par l'application").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Activer").click()

    expect(page.get_by_role("heading", name="Vos codes de secours")).to_be_visible()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    page.goto(page.base_url + "/admin/")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    assert page.console_errors == []


def test_an_administrator_adds_a_security_key_and_signs_in_with_it(page, administrator):
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    sign_in_with_password(page)
    page.wait_for_url("**/mon-compte/securite/**")

    page.get_by_role("button", name="Ajouter une clé de sécurité").click()
    expect(page.get_by_role("heading", name="Vos codes de secours")).to_be_visible()
    assert WebAuthnCredential.objects.filter(user=administrator, confirmed=True).count() == 1
    page.goto(page.base_url + "/admin/")
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.context.clear_cookies()
    sign_in_with_password(page)
    page.wait_for_url("**/connexion/verification/**")
    page.get_by_role("button", name="Utiliser ma clé de sécurité").click()
    page.wait_for_url(page.base_url + "/")
    page.goto(page.base_url + "/admin/")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    assert SignInEvent.objects.filter(
        user=administrator, kind=SignInEvent.Kind.SECOND_FACTOR_PASSED, method="security_key"
    ).exists()
    assert page.console_errors == []


def test_an_agent_signs_in_with_proconnect_through_the_whole_code_flow(
    page,
    provider,  # noqa: F811 (the fixture imported above)
    live_server,
):
    ensure_reference_data(organisation_name="Commune de Navigateur")
    running = provider(hosts=(live_server.url,))

    page.goto(page.base_url + "/")
    page.get_by_role("link", name="Se connecter avec ProConnect").click()
    page.locator("input[name=login]").fill(MARIE["sub"])  # the provider's own login page
    page.locator("input[name=password]").fill("peu-importe")
    page.locator("button[type=submit]").click()

    page.wait_for_url(page.base_url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bonjour Marie")
    person = User.objects.get(email=MARIE["email"])
    assert person.external_identities.get().subject == MARIE["sub"]

    page.locator("button:visible", has_text="Se déconnecter").click()
    page.wait_for_url(f"{running.issuer}/session/end**")  # the provider's own sign-out
    page.locator("button[name=logout][value=yes]").click()
    page.wait_for_url(page.base_url + "/connexion/**")
    assert "Se connecter avec ProConnect" in page.content()
    assert page.console_errors == []


def test_a_field_agent_activates_their_account_on_the_depot_tablet_at_375_px(browser, live_server):
    ensure_reference_data(organisation_name="Commune de Navigateur")
    manager = User.objects.create_user("chef@exemple.fr", PASSWORD, first_name="Chloé")
    roadman = User.objects.create_user(
        None, None, first_name="Rachid", last_name="Benali", manager=manager
    )
    device = KioskDevice.objects.create(name="Tablette du dépôt", idle_minutes=5)
    _account, code = activation_code_issue(request=_request_by(manager), person=roadman)
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(live_server.url + f"/kiosque/installer/{enrolment_link_create(device)}/")

    expect(page.locator(".kiosk-banner")).to_contain_text("Tablette du dépôt")
    page.get_by_role("link", name="Première connexion avec un code d'activation").click()
    page.get_by_label("Identifiant").fill("rachid.benali")
    page.get_by_label("Code d'activation").fill(code)
    page.get_by_role("button", name="Continuer").click()
    page.get_by_label("Code personnel ou mot de passe").fill("482913")
    page.get_by_label("Confirmation").fill("482913")
    page.get_by_role("button", name="Activer mon compte").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Bonjour Rachid")
    page.get_by_role("link", name="Changer de personne").click()
    expect(page.get_by_role("button", name="Se connecter")).to_be_visible()
    page.goto(live_server.url + "/")
    assert "/connexion/" in page.url  # signed out: the next person's turn
    assert errors == []
    context.close()


def _request_by(user):
    request = RequestFactory().post("/")
    request.user = user
    return request
