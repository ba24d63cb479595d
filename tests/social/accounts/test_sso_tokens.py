"""Every signed token from the provider is checked: signature, audience, issuer, expiry and
nonce. The tokens here are signed by a key of the test's own, published at a JWKS address the
backend fetches over HTTP, so each check is met exactly once; the last test runs a real sign-in
against the test provider with the wrong keys and reads the French refusal."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

from django.core.exceptions import SuspiciousOperation

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from social.accounts.backends import SingleSignOnBackend
from social.accounts.models import SignInEvent
from tests.oidc.provider import CLIENT_ID

from .conftest import sso_sign_in

pytestmark = pytest.mark.django_db

KID = "cle-de-test"
ISSUER = "https://auth.exemple.gouv.fr/api/v2"


def new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def signing_key():
    return new_key()


@pytest.fixture(scope="module")
def jwks_url(signing_key):
    public = json.loads(RSAAlgorithm.to_jwk(signing_key.public_key()))
    body = json.dumps({"keys": [{**public, "kid": KID, "alg": "RS256", "use": "sig"}]}).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/jwks"
    server.shutdown()


@pytest.fixture
def backend(settings, jwks_url):
    settings.OIDC_PROVIDER = "proconnect"
    settings.OIDC_ISSUER = ISSUER
    settings.OIDC_OP_JWKS_ENDPOINT = jwks_url
    settings.OIDC_OP_TOKEN_ENDPOINT = "http://127.0.0.1:9/token"
    settings.OIDC_OP_USER_ENDPOINT = "http://127.0.0.1:9/userinfo"
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    return SingleSignOnBackend()


def token(key, **claims):
    now = int(time.time())
    payload = {
        "iss": ISSUER,
        "aud": CLIENT_ID,
        "sub": "sub-1",
        "iat": now,
        "exp": now + 60,
        "nonce": "le-nonce",
        **claims,
    }
    payload = {name: value for name, value in payload.items() if value is not None}
    return jwt.encode(payload, key, algorithm="RS256", headers={"kid": KID})


def test_a_well_signed_token_for_parvis_is_accepted(backend, signing_key):
    payload = backend.verify_token(token(signing_key), nonce="le-nonce")

    assert payload["sub"] == "sub-1"


def test_a_bad_signature_is_refused(backend):
    with pytest.raises(SuspiciousOperation):
        backend.verify_token(token(new_key()), nonce="le-nonce")


def test_a_token_for_another_application_is_refused(backend, signing_key):
    with pytest.raises(jwt.InvalidAudienceError):
        backend.verify_token(token(signing_key, aud="autre-application"), nonce="le-nonce")


def test_a_token_from_another_issuer_is_refused(backend, signing_key):
    with pytest.raises(jwt.InvalidIssuerError):
        backend.verify_token(token(signing_key, iss="https://faux.exemple.com"), nonce="le-nonce")


def test_an_expired_token_is_refused(backend, signing_key):
    past = int(time.time()) - 3600
    with pytest.raises(jwt.ExpiredSignatureError):
        backend.verify_token(token(signing_key, iat=past - 60, exp=past), nonce="le-nonce")


def test_a_token_without_expiry_is_refused(backend, signing_key):
    with pytest.raises(jwt.MissingRequiredClaimError):
        backend.verify_token(token(signing_key, exp=None), nonce="le-nonce")


def test_a_wrong_nonce_is_refused(backend, signing_key):
    with pytest.raises(SuspiciousOperation):
        backend.verify_token(token(signing_key), nonce="un-autre-nonce")


def test_an_unsigned_token_is_refused(backend):
    unsigned = jwt.encode({"sub": "sub-1", "aud": CLIENT_ID}, key=None, algorithm="none")
    with pytest.raises(SuspiciousOperation):
        backend.verify_token(unsigned, nonce=None)


def test_a_sign_in_whose_tokens_do_not_verify_is_refused_in_french_and_logged(
    client, home, provider, settings, jwks_url
):
    provider()
    settings.OIDC_OP_JWKS_ENDPOINT = jwks_url  # keys that did not sign the provider's tokens

    response = sso_sign_in(client)

    assert response["Location"] == "/connexion/"
    assert client.session.get("_auth_user_id") is None
    assert "n'a pas pu être vérifiée" in client.get("/connexion/").content.decode().replace(
        "&#x27;", "'"
    )
    assert SignInEvent.objects.filter(kind="failed", method="sso").exists()
