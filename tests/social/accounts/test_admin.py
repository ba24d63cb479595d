"""The administration's side: the sign-in log, read by superusers only, and the reset of a
person's second factor (a lost phone), by a superuser, for someone else."""

from django.urls import reverse

import pytest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from social.accounts.models import SignInEvent, UserSession

from .conftest import password_sign_in

pytestmark = pytest.mark.django_db

LOG = "/admin/journal-des-connexions/"


def reset_url(person):
    return reverse("parvis_second_factor_reset", args=[person.pk])


def test_a_superuser_reads_every_sign_in_in_the_log(login, home, superuser, agent, client):
    client.post("/connexion/", {"username": agent.email, "password": "faux"})

    page = login(superuser).get(LOG).content.decode()

    assert "agent@exemple.fr" in page
    assert "Échec de connexion" in page


def test_the_log_is_closed_to_other_administrators(login, home, communication_officer, agent):
    SignInEvent.objects.create(identifier=agent.email, kind=SignInEvent.Kind.FAILED)
    officer = login(communication_officer)

    response = officer.get(LOG)

    assert response.status_code in (302, 403)
    assert "agent@exemple.fr" not in response.content.decode()
    assert LOG not in officer.get("/admin/").content.decode()


def test_the_log_cannot_be_written(login, home, superuser, agent):
    event = SignInEvent.objects.create(identifier=agent.email, kind=SignInEvent.Kind.FAILED)
    admin = login(superuser)

    assert admin.get(f"{LOG}new/").status_code in (302, 403)
    assert admin.post(f"{LOG}delete/{event.pk}/").status_code in (302, 403)
    assert SignInEvent.objects.filter(pk=event.pk).exists()


def test_a_superuser_resets_a_lost_second_factor(login, home, superuser, agent, app_device, client):
    app_device(agent)
    StaticDevice.objects.create(user=agent, name="codes-de-secours")
    password_sign_in(client, agent)
    admin = login(superuser)
    assert "Réinitialiser la double authentification" in admin.get("/admin/users/").content.decode()

    admin.post(reset_url(agent))

    assert not TOTPDevice.objects.filter(user=agent).exists()
    assert not StaticDevice.objects.filter(user=agent).exists()
    assert not UserSession.objects.filter(user=agent).exists()
    assert client.get("/")["Location"].startswith("/connexion/")  # signed out
    assert SignInEvent.objects.filter(
        user=agent, kind=SignInEvent.Kind.SECOND_FACTOR_REMOVED, detail__contains=superuser.email
    ).exists()


def test_nobody_else_resets_a_second_factor(login, home, communication_officer, agent, app_device):
    device = app_device(agent)
    officer = login(communication_officer)

    assert "Réinitialiser" not in officer.get(reset_url(agent)).content.decode()
    assert officer.post(reset_url(agent))["Location"] == "/admin/"  # Wagtail: « no permission »
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    assert (
        "Réinitialiser la double authentification"
        not in officer.get("/admin/users/").content.decode()
    )


def test_a_superuser_does_not_reset_their_own_from_the_administration(login, home, superuser):
    admin = login(superuser)

    assert admin.post(reset_url(superuser))["Location"] == "/admin/"
    assert TOTPDevice.objects.filter(user=superuser).exists()
