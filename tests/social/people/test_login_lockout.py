"""Failed sign-ins are limited wherever one signs in: Parvis's login page and Wagtail's
page-privacy login both go through authenticate(), where the limit lives (Wagtail's admin login
page is closed: it sends to Parvis's). Written
from the attacker's side: once an account is locked, no entry point lets even the right password
in, and failures on any entry point count."""

from django.conf import settings

import pytest

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ENTRY_POINTS = ["/connexion/", "/_util/login/"]


def attempt(client, path, email, password, address="203.0.113.7"):
    return client.post(path, {"username": email, "password": password}, REMOTE_ADDR=address)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("path", ENTRY_POINTS)
def test_after_a_lockout_no_login_page_accepts_even_the_right_password(client, home, agent, path):
    for _ in range(settings.LOGIN_MAX_FAILURES):
        attempt(client, "/connexion/", agent.email, "mauvais-mot-de-passe")

    response = attempt(client, path, agent.email, PASSWORD)

    assert not signed_in(client)
    assert response.status_code == 429
    assert "Trop de tentatives de connexion infructueuses" in response.content.decode()


@pytest.mark.parametrize("path", ENTRY_POINTS)
def test_failures_on_any_login_page_count(client, home, agent, path):
    statuses = [
        attempt(client, path, agent.email, "mauvais-mot-de-passe").status_code for _ in range(30)
    ]

    assert statuses.count(429) >= 30 - settings.LOGIN_MAX_FAILURES
    assert attempt(client, "/connexion/", agent.email, PASSWORD).status_code == 429
    assert not signed_in(client)


def test_the_lockout_ignores_the_case_of_the_address(client, home, agent):
    for _ in range(settings.LOGIN_MAX_FAILURES):
        attempt(client, "/connexion/", agent.email.upper(), "mauvais-mot-de-passe")

    attempt(client, "/connexion/", f"  {agent.email}", PASSWORD)

    assert not signed_in(client)


def test_spraying_from_one_address_is_stopped_without_blocking_other_addresses(client, home):
    people = [UserFactory(email=f"agent{n}@exemple.fr") for n in range(13)]  # 52 failures
    for person in people:
        for _ in range(settings.LOGIN_MAX_FAILURES - 1):  # under each account's own limit
            attempt(client, "/connexion/", person.email, "mauvais-mot-de-passe")
    victim = UserFactory(email="victime@exemple.fr")

    assert attempt(client, "/connexion/", victim.email, PASSWORD).status_code == 429
    assert (
        attempt(client, "/connexion/", victim.email, PASSWORD, address="198.51.100.2").status_code
        == 302
    )


def test_a_success_under_the_limit_starts_the_count_again(client, home, agent):
    for _ in range(settings.LOGIN_MAX_FAILURES - 1):
        attempt(client, "/connexion/", agent.email, "mauvais-mot-de-passe")
    assert attempt(client, "/connexion/", agent.email, PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.LOGIN_MAX_FAILURES - 1):
        attempt(client, "/connexion/", agent.email, "mauvais-mot-de-passe")

    assert attempt(client, "/connexion/", agent.email, PASSWORD).status_code == 302
