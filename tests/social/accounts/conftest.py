from django.urls import reverse

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD
from tests.oidc.provider import sign_in_at_provider, start_provider


def password_sign_in(client, user, password=PASSWORD, address="198.51.100.4"):
    """Sign in through Parvis's login form: the password only, as a person would."""
    return client.post(
        reverse("people:login"), {"username": user.email, "password": password}, REMOTE_ADDR=address
    )


@pytest.fixture
def app_device():
    """app_device(user) -> a confirmed authenticator app for `user`."""
    return lambda user: TOTPDevice.objects.create(user=user, name="application", confirmed=True)


MARIE = {
    "sub": "proconnect-sub-marie-0001",
    "email": "marie.curie@exemple.fr",
    "given_name": "Marie",
    "usual_name": "Curie",
    "uid": "mc-0001",
    "siret": "21750001600019",
}


@pytest.fixture
def provider(settings):
    """provider(accounts) -> a running test provider (ProConnect-like) Parvis is set up for."""
    started = []

    def start(accounts=None, hosts=("http://testserver",)):
        running = start_provider(accounts or [MARIE], list(hosts))
        started.append(running)
        for name, value in running.settings().items():
            setattr(settings, name, value)
        return running

    yield start
    for running in started:
        running.stop()


def sso_sign_in(client, login=MARIE["sub"], next_url=""):
    """Click « Se connecter avec ProConnect », sign in at the provider, come back."""
    start = client.get(reverse("accounts:sso_start") + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302, start
    back = sign_in_at_provider(start["Location"], login, stop_at="http://testserver/")
    return client.get(back.removeprefix("http://testserver"))
