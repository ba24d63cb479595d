"""Field agents without a work mailbox: an identifier and an activation code printed by HR or
their manager, then a PIN or a password; a strict lockout; and everything refused from the
other side — a code works once, only for its person, only from those allowed to print it."""

import re

from django.urls import reverse

import pytest

from social.accounts.models import ActivationCode, FieldAccount, QrSignIn, SignInEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def roadman(finances, agent):
    """A road worker without a mailbox, whose manager is the agent."""
    return UserFactory(
        email=None, first_name="Joël", last_name="Leroy", service=finances, manager=agent
    )


def print_code(client, person) -> tuple[str, str]:
    page = client.post(reverse("accounts:activation_code_new", args=[person.slug])).content.decode()
    login = re.search(r'<dt>Identifiant</dt><dd><code class="secret">([^<]+)</code>', page).group(1)
    code = re.search(r'<dt>Code d.activation</dt><dd><code class="secret">([^<]+)</code>', page)
    return login, code.group(1)


def activate(client, login, code, kind="pin", secret="482913"):
    client.post(reverse("accounts:activation"), {"login": login, "code": code})
    return client.post(
        reverse("accounts:activation"), {"kind": kind, "secret": secret, "again": secret}
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_the_manager_prints_a_code_and_the_agent_chooses_a_pin(home, login, agent, roadman, client):
    manager = login(agent)
    assert "Remettre un code d" in manager.get(f"/annuaire/{roadman.slug}/").content.decode()

    user_login, code = print_code(manager, roadman)
    response = activate(client, user_login, code)

    assert user_login == "joel.leroy"
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(roadman.pk)
    other = client.__class__()
    other.post("/connexion/", {"username": "joel.leroy", "password": "482913"})
    assert signed_in(other)
    assert SignInEvent.objects.filter(user=roadman, method="pin", kind="signed_in").exists()


def test_a_password_may_be_chosen_instead(home, login, agent, roadman, client):
    user_login, code = print_code(login(agent), roadman)

    activate(client, user_login, code, kind="password", secret="Chantier-Voirie-2026!")

    other = client.__class__()
    other.post("/connexion/", {"username": "Joel.Leroy", "password": "Chantier-Voirie-2026!"})
    assert signed_in(other)


def test_a_code_works_once(home, login, agent, roadman, client):
    user_login, code = print_code(login(agent), roadman)
    activate(client, user_login, code)
    again = client.__class__()

    response = again.post(reverse("accounts:activation"), {"login": user_login, "code": code})

    assert response.status_code == 400
    assert "déjà utilisé" in response.content.decode()


def test_a_new_code_cancels_the_old_one(home, login, agent, roadman, client):
    manager = login(agent)
    user_login, first = print_code(manager, roadman)
    print_code(manager, roadman)

    response = client.post(reverse("accounts:activation"), {"login": user_login, "code": first})

    assert response.status_code == 400


def test_a_code_does_not_open_another_person_s_account(
    home, login, agent, roadman, finances, client
):
    other_person = UserFactory(email=None, first_name="Léa", last_name="Roux", manager=agent)
    manager = login(agent)
    _login, code = print_code(manager, roadman)
    theirs, _code = print_code(manager, other_person)

    response = client.post(reverse("accounts:activation"), {"login": theirs, "code": code})

    assert response.status_code == 400
    assert not signed_in(client)


def test_an_expired_code_is_refused(home, login, agent, roadman, client):
    user_login, code = print_code(login(agent), roadman)
    ActivationCode.objects.update(expires_at="2020-01-01T00:00:00Z")

    response = client.post(reverse("accounts:activation"), {"login": user_login, "code": code})

    assert response.status_code == 400


@pytest.mark.parametrize("pin", ["123456", "000000", "12345", "abcdef"])
def test_a_weak_or_malformed_pin_is_refused(home, login, agent, roadman, client, pin):
    user_login, code = print_code(login(agent), roadman)

    response = activate(client, user_login, code, secret=pin)

    assert response.status_code == 400
    assert not signed_in(client)


def test_ten_wrong_pins_lock_the_account_until_a_new_code(
    home, login, agent, roadman, client, settings
):
    settings.LOGIN_MAX_FAILURES = 100  # the address throttle out of the way: the PIN's own rule
    settings.AXES_FAILURE_LIMIT = 100
    manager = login(agent)
    user_login, code = print_code(manager, roadman)
    activate(client, user_login, code)
    client.post("/deconnexion/")
    for attempt in range(settings.PIN_MAX_FAILURES):
        client.post("/connexion/", {"username": user_login, "password": f"{attempt:06d}"[::-1]})

    response = client.post("/connexion/", {"username": user_login, "password": "482913"})

    assert not signed_in(client)
    assert "bloqué après trop d" in response.content.decode()
    assert FieldAccount.objects.get(user=roadman).locked_at is not None
    assert SignInEvent.objects.filter(user=roadman, kind="account_locked").exists()
    _login, new_code = print_code(manager, roadman)
    activate(client, user_login, new_code, secret="739164")
    assert signed_in(client)


def test_only_hr_administrators_and_the_manager_print_codes(
    home, login, roadman, elu, payroll_agent
):
    for outsider in (elu, payroll_agent):
        client = login(outsider)
        assert (
            client.get(reverse("accounts:activation_code_new", args=[roadman.slug])).status_code
            == 404
        )
        assert (
            client.post(reverse("accounts:activation_code_new", args=[roadman.slug])).status_code
            == 404
        )
        assert "Remettre un code" not in client.get(f"/annuaire/{roadman.slug}/").content.decode()
    assert not ActivationCode.objects.exists()


def test_hr_prints_codes_too(home, login, superuser, roadman):
    _login, code = print_code(login(superuser), roadman)

    assert len(code) == 11


def test_nobody_prints_a_code_for_themselves(home, login, agent):
    assert (
        login(agent).post(reverse("accounts:activation_code_new", args=[agent.slug])).status_code
        == 404
    )


def test_the_activation_page_counts_as_a_login_for_the_throttle(
    home, login, agent, roadman, client, settings
):
    user_login, code = print_code(login(agent), roadman)
    for _attempt in range(settings.LOGIN_MAX_FAILURES):
        client.post(reverse("accounts:activation"), {"login": user_login, "code": "XXXXX-XXXXX"})

    response = client.post(reverse("accounts:activation"), {"login": user_login, "code": code})

    assert response.status_code == 429
    assert not FieldAccount.objects.get(user=roadman).pin


def test_a_deactivated_field_agent_cannot_sign_in_with_the_pin(home, login, agent, roadman, client):
    user_login, code = print_code(login(agent), roadman)
    activate(client, user_login, code)
    client.post("/deconnexion/")
    roadman.is_active = False
    roadman.save()

    client.post("/connexion/", {"username": user_login, "password": "482913"})

    assert not signed_in(client)


def test_the_password_reset_page_tells_field_agents_what_to_do(client, home):
    page = client.get("/mot-de-passe/oublie/").content.decode()

    assert "code d&#x27;activation" in page or "code d'activation" in page
    assert reverse("accounts:activation") in page


def qr_address(client, person) -> str:
    page = client.post(reverse("accounts:qr_sign_in_new", args=[person.slug])).content.decode()
    assert "<svg" in page
    nonce = QrSignIn.objects.filter(user=person).latest("created_at").nonce
    return reverse("accounts:qr_sign_in", args=[nonce])


def test_a_qr_code_on_the_manager_s_screen_signs_the_agent_in_once(
    home, login, agent, roadman, client
):
    address = qr_address(login(agent), roadman)

    assert "Se connecter en tant que" in client.get(address).content.decode()
    assert not signed_in(client)  # opening the address spends nothing
    client.post(address)

    assert client.session["_auth_user_id"] == str(roadman.pk)
    assert SignInEvent.objects.filter(user=roadman, method="qr", kind="signed_in").exists()
    other = client.__class__()
    assert other.post(address).status_code == 404
    assert not signed_in(other)


def test_an_expired_qr_code_signs_nobody_in(home, login, agent, roadman, client):
    address = qr_address(login(agent), roadman)
    QrSignIn.objects.update(expires_at="2020-01-01T00:00:00Z")

    response = client.post(address)

    assert response.status_code == 404
    assert not signed_in(client)


def test_only_hr_administrators_and_the_manager_show_qr_codes(
    home, login, roadman, elu, payroll_agent
):
    for outsider in (elu, payroll_agent):
        response = login(outsider).post(reverse("accounts:qr_sign_in_new", args=[roadman.slug]))
        assert response.status_code == 404
    assert not QrSignIn.objects.exists()
