from django.urls import reverse

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD


def password_sign_in(client, user, password=PASSWORD, address="198.51.100.4"):
    """Sign in through Parvis's login form: the password only, as a person would."""
    return client.post(
        reverse("people:login"), {"username": user.email, "password": password}, REMOTE_ADDR=address
    )


@pytest.fixture
def app_device():
    """app_device(user) -> a confirmed authenticator app for `user`."""
    return lambda user: TOTPDevice.objects.create(user=user, name="application", confirmed=True)
