"""Single sign-on against a real OpenID Connect provider started by the test (npm's oidc-provider
set up like ProConnect: code flow, PKCE, nonce, signed ID token and signed userinfo), driven
through the whole flow. Written from the refused side too: a replayed answer, a person outside
the collectivité, an existing account claimed by e-mail alone, a deactivated account."""

from urllib.parse import parse_qs, urlsplit

import pytest

from social.accounts.models import ExternalIdentity, SignInEvent
from social.people.models import User
from tests.factories import ServiceFactory, UserFactory
from tests.oidc.provider import sign_in_at_provider

from .conftest import MARIE, sso_sign_in

pytestmark = pytest.mark.django_db


def signed_in_as(client):
    return User.objects.filter(pk=client.session.get("_auth_user_id")).first()


def test_the_login_page_offers_proconnect(client, home, provider):
    provider()

    page = client.get("/connexion/").content.decode()

    assert "Se connecter avec ProConnect" in page
    assert 'name="password"' in page


def test_without_a_provider_there_is_no_button_and_no_route(client, home):
    assert "ProConnect" not in client.get("/connexion/").content.decode()
    assert client.get("/connexion/sso/").status_code == 404


def test_the_password_form_can_be_switched_off_everywhere(client, home, provider, agent, settings):
    provider()
    settings.PASSWORD_LOGIN_ENABLED = False

    page = client.get("/connexion/").content.decode()
    client.post("/connexion/", {"username": agent.email, "password": "Mot-de-passe-2026!"})
    client.post("/_util/login/", {"username": agent.email, "password": "Mot-de-passe-2026!"})

    assert 'name="password"' not in page
    assert signed_in_as(client) is None


def test_the_authorization_request_carries_pkce_nonce_state_and_prompt(client, home, provider):
    provider()

    location = client.get("/connexion/sso/")["Location"]

    query = parse_qs(urlsplit(location).query)
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"]
    assert query["nonce"] and query["state"] and query["prompt"] == ["login"]
    assert "usual_name" in query["scope"][0] and "siret" in query["scope"][0]


def test_a_first_sign_in_creates_the_account_from_the_claims(client, home, provider):
    provider()

    response = sso_sign_in(client, next_url="/annuaire/")

    person = signed_in_as(client)
    assert response["Location"] == "/annuaire/"
    assert (person.email, person.first_name, person.last_name) == (
        "marie.curie@exemple.fr",
        "Marie",
        "Curie",
    )
    assert not person.has_usable_password()
    assert ExternalIdentity.objects.get(user=person).subject == MARIE["sub"]
    assert SignInEvent.objects.filter(user=person, kind="signed_in", method="sso").exists()


def test_the_provider_s_subject_finds_the_person_even_with_a_new_address(client, home, provider):
    provider([{**MARIE, "email": "m.curie@exemple.fr"}])
    first = UserFactory(email="marie.curie@exemple.fr")
    ExternalIdentity.objects.create(provider="proconnect", subject=MARIE["sub"], user=first)

    sso_sign_in(client)

    assert signed_in_as(client) == first
    assert User.objects.filter(email="m.curie@exemple.fr").count() == 0


def test_an_existing_account_is_not_taken_by_e_mail_alone(client, home, provider):
    provider()
    existing = UserFactory(email="marie.curie@exemple.fr")

    response = sso_sign_in(client)

    assert signed_in_as(client) is None
    assert response["Location"] == "/connexion/"
    assert "pas relié à ce fournisseur" in client.get("/connexion/").content.decode()
    assert not ExternalIdentity.objects.filter(user=existing).exists()


def test_an_existing_account_of_an_allowed_domain_is_joined(client, home, provider, settings):
    provider()
    settings.OIDC_ALLOWED_DOMAINS = ["exemple.fr"]
    existing = UserFactory(email="marie.curie@exemple.fr")

    sso_sign_in(client)

    assert signed_in_as(client) == existing
    assert ExternalIdentity.objects.get(subject=MARIE["sub"]).user == existing


def test_people_outside_the_allow_lists_get_no_account(client, home, provider, settings):
    provider([{**MARIE, "email": "marie@ailleurs.fr", "siret": "11111111111111"}])
    settings.OIDC_ALLOWED_DOMAINS = ["exemple.fr"]
    settings.OIDC_ALLOWED_SIRETS = ["21750001600019"]

    sso_sign_in(client)

    assert signed_in_as(client) is None
    assert not User.objects.filter(email="marie@ailleurs.fr").exists()
    assert "réservé à ses agents" in client.get("/connexion/").content.decode()
    event = SignInEvent.objects.get(kind="failed", method="sso")
    assert "not allowed" in event.detail


def test_an_allowed_siret_is_enough(client, home, provider, settings):
    provider([{**MARIE, "email": "marie@mairie-voisine.fr"}])
    settings.OIDC_ALLOWED_SIRETS = ["21750001600019"]

    sso_sign_in(client)

    assert signed_in_as(client).email == "marie@mairie-voisine.fr"


def test_the_service_and_the_role_come_from_the_claims(client, home, provider, settings):
    provider([{**MARIE, "direction": "DRH", "fonction": "elu"}])
    hr = ServiceFactory(name="Ressources humaines", slug="ressources-humaines")
    settings.OIDC_SERVICE_CLAIM = "direction"
    settings.OIDC_SERVICE_MAP = {"DRH": "ressources-humaines"}
    settings.OIDC_ROLE_CLAIM = "fonction"
    settings.OIDC_ELU_VALUES = ["elu"]
    settings.OIDC_RP_SCOPES = "openid email given_name usual_name collectivite"

    sso_sign_in(client)

    person = signed_in_as(client)
    assert person.service == hr
    assert person.role == User.Role.ELU


def test_a_deactivated_account_cannot_sign_in_by_the_provider(client, home, provider):
    provider()
    gone = UserFactory(email="marie.curie@exemple.fr", is_active=False)
    ExternalIdentity.objects.create(provider="proconnect", subject=MARIE["sub"], user=gone)

    sso_sign_in(client)

    assert signed_in_as(client) is None
    gone.refresh_from_db()
    assert not gone.is_active


def test_a_replayed_answer_is_refused_and_logged(client, home, provider):
    provider()
    start = client.get("/connexion/sso/")
    back = sign_in_at_provider(start["Location"], MARIE["sub"], stop_at="http://testserver/")
    client.get(back.removeprefix("http://testserver"))
    client.post("/deconnexion/")

    response = client.get(back.removeprefix("http://testserver"))

    assert response["Location"] == "/connexion/"
    assert signed_in_as(client) is None
    assert "déjà servi" in client.get("/connexion/").content.decode()
    assert SignInEvent.objects.filter(kind="failed", method="sso").exists()


def test_a_code_used_twice_is_refused_by_the_provider_and_said(client, home, provider):
    provider()
    start = client.get("/connexion/sso/")
    back = sign_in_at_provider(start["Location"], MARIE["sub"], stop_at="http://testserver/")
    query = parse_qs(urlsplit(back).query)
    other = client.__class__()
    other_start = other.get("/connexion/sso/")
    other_state = parse_qs(urlsplit(other_start["Location"]).query)["state"][0]
    client.get(back.removeprefix("http://testserver"))

    # the same code, presented again with a state the other browser really holds
    other.get(f"/connexion/sso/retour/?code={query['code'][0]}&state={other_state}")

    assert other.session.get("_auth_user_id") is None
    assert "refusé la connexion" in other.get("/connexion/").content.decode()


def test_signing_out_also_ends_the_provider_session(client, home, provider):
    running = provider()
    sso_sign_in(client)

    response = client.post("/deconnexion/")

    location = urlsplit(response["Location"])
    query = parse_qs(location.query)
    assert f"{location.scheme}://{location.netloc}{location.path}" == (
        f"{running.issuer}/session/end"
    )
    assert query["id_token_hint"] and query["state"]
    assert query["post_logout_redirect_uri"] == ["http://testserver/connexion/"]
    assert signed_in_as(client) is None


def test_only_the_provider_joins_the_pages_form_action(client, home, provider):
    running = provider()

    policy = client.get("/connexion/")["Content-Security-Policy"]

    assert f"form-action 'self' {running.issuer};" in policy + ";"
    assert "script-src 'self';" in policy + ";"
