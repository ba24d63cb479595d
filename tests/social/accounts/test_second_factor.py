"""The second factor, from the side of whoever holds only a password: no way in skips it (Parvis's
login, Wagtail's login page, a password reset, a session opened before the rule, an HTMX
fragment), and a code works once."""

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

import pytest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from social.accounts.models import SignInEvent
from tests.factories import PASSWORD
from tests.second_factor import app_code

from .conftest import password_sign_in

pytestmark = pytest.mark.django_db

VERIFY = "/connexion/verification/"
SECURITY = "/mon-compte/securite/"


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def admin_person(superuser):
    return superuser


def test_an_agent_without_a_second_factor_signs_in_with_the_password(client, home, agent):
    password_sign_in(client, agent)

    assert client.get("/").status_code == 200


@pytest.mark.parametrize("path", ["/", "/admin/", "/annuaire/", "/admin/pages/"])
def test_an_administrator_with_a_password_only_is_sent_to_set_up_a_second_factor(
    client, home, admin_person, path
):
    password_sign_in(client, admin_person)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith(SECURITY)
    page = client.get(SECURITY).content.decode()
    assert "Double authentification obligatoire" in page


def test_staff_and_anyone_who_can_open_the_administration_owe_a_second_factor(
    client, home, communication_officer
):
    password_sign_in(client, communication_officer)

    assert client.get("/admin/")["Location"].startswith(SECURITY)


def test_wagtail_page_privacy_login_with_the_password_alone_reaches_nothing(
    client, home, admin_person
):
    client.post("/_util/login/", {"username": admin_person.email, "password": PASSWORD})

    assert signed_in(client)
    assert client.get("/admin/")["Location"].startswith(SECURITY)
    assert client.get("/annuaire/")["Location"].startswith(SECURITY)


def test_wagtail_login_page_is_closed(client, home, admin_person):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": admin_person.email, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/connexion/?next=%2Fadmin%2F"
    assert not signed_in(client)


def test_a_person_with_an_app_is_asked_for_a_code_at_each_sign_in(client, home, agent, app_device):
    app_device(agent)
    password_sign_in(client, agent)

    response = client.get("/annuaire/")

    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2Fannuaire%2F"


def test_the_right_code_opens_the_session_and_is_logged(client, home, agent, app_device):
    device = app_device(agent)
    password_sign_in(client, agent)

    response = client.post(VERIFY, {"code": app_code(device), "next": "/annuaire/"})

    assert response.status_code == 302
    assert response["Location"] == "/annuaire/"
    assert client.get("/annuaire/").status_code == 200
    assert SignInEvent.objects.filter(
        user=agent, kind=SignInEvent.Kind.SECOND_FACTOR_PASSED, method="totp"
    ).exists()


def test_a_wrong_code_is_refused_in_french_and_logged(client, home, agent, app_device):
    app_device(agent)
    password_sign_in(client, agent)

    response = client.post(VERIFY, {"code": "000000"})

    assert response.status_code == 400
    assert "Ce code n" in response.content.decode()
    assert client.get("/")["Location"].startswith(VERIFY)
    assert SignInEvent.objects.filter(
        user=agent, kind=SignInEvent.Kind.SECOND_FACTOR_FAILED
    ).exists()


def test_after_a_wrong_code_even_the_right_one_must_wait(client, home, agent, app_device):
    device = app_device(agent)
    password_sign_in(client, agent)
    client.post(VERIFY, {"code": "000000"})

    response = client.post(VERIFY, {"code": app_code(device)})

    assert response.status_code == 400
    assert "Attendez" in response.content.decode()
    assert client.get("/")["Location"].startswith(VERIFY)


def test_a_code_cannot_be_used_twice(client, home, agent, app_device):
    device = app_device(agent)
    code = app_code(device)
    password_sign_in(client, agent)
    client.post(VERIFY, {"code": code})
    other = client.__class__()
    password_sign_in(other, agent)

    response = other.post(VERIFY, {"code": code})

    assert response.status_code == 400
    assert other.get("/")["Location"].startswith(VERIFY)


def test_a_password_reset_does_not_remove_the_second_factor(client, home, agent, app_device):
    app_device(agent)
    uid = urlsafe_base64_encode(force_bytes(agent.pk))
    token = default_token_generator.make_token(agent)
    form_url = client.get(f"/mot-de-passe/nouveau/{uid}/{token}/")["Location"]
    new_password = "Nouveau-Mot-De-Passe-2026!"
    client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert not signed_in(client)

    password_sign_in(client, agent, password=new_password)

    assert signed_in(client)
    assert client.get("/")["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=agent, confirmed=True).exists()


def test_a_session_opened_before_the_rule_must_give_the_factor(
    client, home, agent, settings, password_only_login
):
    client.force_login(agent)
    assert client.get("/").status_code == 200

    settings.MFA_REQUIRED_FOR_ALL = True

    assert client.get("/")["Location"].startswith(SECURITY)


def test_an_htmx_fragment_is_not_served_before_the_factor(client, home, agent, app_device):
    app_device(agent)
    password_sign_in(client, agent)

    response = client.get("/annuaire/?q=aline", HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(VERIFY)
    assert "Aline" not in response.content.decode()


def test_a_post_before_the_factor_changes_nothing(client, home, agent, app_device):
    app_device(agent)
    password_sign_in(client, agent)

    response = client.post(reverse("accounts:recovery_codes"))

    assert response["Location"] == VERIFY
    assert not StaticToken.objects.filter(device__user=agent).exists()


def test_a_key_cannot_be_added_before_the_existing_factor_is_given(client, home, agent, app_device):
    app_device(agent)
    password_sign_in(client, agent)

    response = client.post(
        reverse("accounts:key_registration_begin"), content_type="application/json"
    )

    assert response.status_code == 302
    assert "challenge" not in response.content.decode()


def test_setting_up_an_app_gives_ten_recovery_codes_shown_once(client, home, admin_person):
    password_sign_in(client, admin_person)
    client.get(reverse("accounts:app_setup"))
    device = TOTPDevice.objects.get(user=admin_person, confirmed=False)

    response = client.post(reverse("accounts:app_setup"), {"code": app_code(device)})

    assert response["Location"] == SECURITY
    page = client.get(SECURITY).content.decode()
    assert "Vos codes de secours" in page
    assert page.count("<li><code>") == 10
    assert "Vos codes de secours" not in client.get(SECURITY).content.decode()
    assert client.get("/admin/").status_code == 200


def test_the_set_up_page_draws_the_qr_code_itself(client, home, admin_person):
    password_sign_in(client, admin_person)

    page = client.get(reverse("accounts:app_setup")).content.decode()

    assert "<svg" in page
    assert "otpauth" not in page  # the secret travels in the picture, never in a link


def test_a_wrong_set_up_code_leaves_the_app_unconfirmed(client, home, admin_person):
    password_sign_in(client, admin_person)
    client.get(reverse("accounts:app_setup"))

    response = client.post(reverse("accounts:app_setup"), {"code": "123456"})

    assert response.status_code == 400
    assert not TOTPDevice.objects.filter(user=admin_person, confirmed=True).exists()
    assert client.get("/admin/")["Location"].startswith(SECURITY)


def test_a_recovery_code_works_once(client, home, admin_person):
    password_sign_in(client, admin_person)
    client.get(reverse("accounts:app_setup"))
    device = TOTPDevice.objects.get(user=admin_person, confirmed=False)
    client.post(reverse("accounts:app_setup"), {"code": app_code(device)})
    page = client.get(SECURITY).content.decode()
    code = page.split("<li><code>")[1].split("</code>")[0]
    first, second = client.__class__(), client.__class__()
    password_sign_in(first, admin_person)
    password_sign_in(second, admin_person)

    assert first.post(VERIFY, {"code": code.upper()})["Location"] == "/"
    assert second.post(VERIFY, {"code": code}).status_code == 400
    assert second.get("/admin/")["Location"].startswith(VERIFY)
    assert SignInEvent.objects.filter(user=admin_person, method="recovery").count() == 2


def test_the_last_factor_cannot_be_removed_when_one_is_required(
    client, home, admin_person, app_device
):
    device = app_device(admin_person)
    client.force_login(admin_person)

    client.post(reverse("accounts:factor_delete", args=["totp", device.pk]))

    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_an_agent_may_turn_the_second_factor_off(client, home, agent, app_device):
    device = app_device(agent)
    client.force_login(agent)

    client.post(reverse("accounts:factor_delete", args=["totp", device.pk]))

    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    other = client.__class__()
    password_sign_in(other, agent)
    assert other.get("/").status_code == 200


def test_nobody_removes_someone_else_s_factor(client, home, agent, payroll_agent, app_device):
    theirs = app_device(payroll_agent)
    client.force_login(agent)

    client.post(reverse("accounts:factor_delete", args=["totp", theirs.pk]))

    assert TOTPDevice.objects.filter(pk=theirs.pk).exists()


def test_the_security_page_is_for_signed_in_people_only(client, home):
    response = client.get(SECURITY)

    assert response.status_code == 302
    assert response["Location"].startswith("/connexion/")
