"""Every sign-in event goes to the log, whatever the way in: successes, failures (with what was
typed), lockouts, sign-outs, second factors."""

from django.conf import settings

import pytest

from social.accounts.models import SignInEvent
from tests.factories import PASSWORD

from .conftest import password_sign_in

pytestmark = pytest.mark.django_db


def kinds(**filters):
    return list(SignInEvent.objects.filter(**filters).values_list("kind", flat=True))


def test_a_success_is_logged_with_address_and_browser(client, home, agent):
    client.post(
        "/connexion/",
        {"username": agent.email, "password": PASSWORD},
        REMOTE_ADDR="198.51.100.4",
        HTTP_USER_AGENT="Firefox/133.0",
    )
    event = SignInEvent.objects.get(user=agent)

    assert event.kind == SignInEvent.Kind.SIGNED_IN
    assert event.method == SignInEvent.Method.PASSWORD
    assert event.address == "198.51.100.4"
    assert event.user_agent == "Firefox/133.0"


@pytest.mark.parametrize("path", ["/connexion/", "/_util/login/"])
def test_a_failure_is_logged_with_what_was_typed(client, home, agent, path):
    client.post(path, {"username": " Agent@Exemple.fr", "password": "faux"})

    event = SignInEvent.objects.get(kind=SignInEvent.Kind.FAILED)
    assert event.identifier == "agent@exemple.fr"
    assert event.user is None


def test_a_lockout_is_logged(client, home, agent):
    for _ in range(settings.LOGIN_MAX_FAILURES + 1):
        client.post("/connexion/", {"username": agent.email, "password": "faux"})

    assert SignInEvent.Kind.LOCKED_OUT in kinds(identifier=agent.email)


def test_signing_out_is_logged(client, home, agent):
    password_sign_in(client, agent)

    client.post("/deconnexion/")

    assert kinds(user=agent) == [SignInEvent.Kind.SIGNED_OUT, SignInEvent.Kind.SIGNED_IN]


def test_a_person_sees_their_own_last_sign_ins_and_nobody_else_s(client, home, agent, elu):
    client.post(
        "/connexion/", {"username": elu.email, "password": "faux"}, REMOTE_ADDR="192.0.2.77"
    )
    password_sign_in(client, agent, address="198.51.100.4")

    page = client.get("/mon-compte/securite/").content.decode()

    assert "198.51.100.4" in page
    assert "192.0.2.77" not in page
