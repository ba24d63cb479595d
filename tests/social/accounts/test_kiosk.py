"""Kiosk mode, from the side of whoever comes after: on a shared tablet a session ends with the
browser, after the idle minutes, and when the next person opens the login page; and the
administration, account settings and reserved files stay closed there."""

from django.urls import reverse
from django.utils import timezone

import pytest

from cms.demo import files
from social.accounts.kiosk import COOKIE, SEEN, enrolment_link_create
from social.accounts.models import KioskDevice
from tests.factories import PASSWORD
from tests.knowledge.conftest import hr_insider, library, upload  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def device(db):
    return KioskDevice.objects.create(
        name="Tablette du dépôt", place="Centre technique", idle_minutes=5
    )


@pytest.fixture
def tablet(client, device, home):
    """A browser installed as the device."""
    token = enrolment_link_create(device)
    response = client.get(reverse("accounts:kiosk_install", args=[token]))
    assert response.status_code == 302 and COOKIE in response.cookies
    return client


def sign_in(client, person):
    client.post("/connexion/", {"username": person.email, "password": PASSWORD})


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_an_installation_link_works_once(client, device, home):
    token = enrolment_link_create(device)
    client.get(reverse("accounts:kiosk_install", args=[token]))
    other = client.__class__()

    response = other.get(reverse("accounts:kiosk_install", args=[token]))

    assert response.status_code == 404
    assert COOKIE not in response.cookies


def test_a_forged_kiosk_cookie_is_ignored(client, device, home, agent):
    client.cookies[COOKIE] = "pas-une-signature"
    sign_in(client, agent)

    assert client.get("/mon-compte/securite/").status_code == 200


def test_the_tablet_says_what_it_is(tablet, agent):
    page = tablet.get("/connexion/").content.decode()

    assert "Borne partagée « Tablette du dépôt »" in page


def test_a_session_on_the_tablet_ends_with_the_browser(tablet, agent):
    sign_in(tablet, agent)

    response = tablet.get("/")

    assert tablet.session.get_expire_at_browser_close()
    assert (
        response.cookies[
            tablet.session.cookie_name if hasattr(tablet.session, "cookie_name") else "sessionid"
        ]["max-age"]
        == ""
    )


def test_after_the_idle_minutes_the_person_is_signed_out(tablet, agent):
    sign_in(tablet, agent)
    assert tablet.get("/").status_code == 200
    session = tablet.session
    session[SEEN] = timezone.now().timestamp() - 6 * 60
    session.save()

    response = tablet.get("/annuaire/")

    assert response["Location"].startswith("/connexion/")
    assert not signed_in(tablet)


def test_the_next_person_opening_the_login_page_signs_the_previous_one_out(tablet, agent, elu):
    sign_in(tablet, agent)

    tablet.get("/connexion/")

    assert not signed_in(tablet)
    sign_in(tablet, elu)
    assert tablet.session["_auth_user_id"] == str(elu.pk)


@pytest.mark.parametrize(
    "path", ["/admin/", "/mon-compte/securite/", "/mon-compte/profil/", "/mon-compte/flux/"]
)
def test_administration_and_settings_stay_closed(tablet, superuser, path):
    tablet.force_login(superuser)  # even a superuser, on a shared tablet

    response = tablet.get(path)

    assert response.status_code == 403
    assert "Pas sur une borne partagée" in response.content.decode()


def test_the_same_person_elsewhere_reaches_their_settings(client, device, home, agent):
    sign_in(client, agent)

    assert client.get("/mon-compte/securite/").status_code == 200


def test_a_revoked_device_is_an_ordinary_browser_again(tablet, device, agent):
    device.active = False
    device.save()
    sign_in(tablet, agent)

    assert tablet.get("/mon-compte/securite/").status_code == 200


def test_only_superusers_register_and_install_devices(
    login, communication_officer, superuser, device
):
    officer = login(communication_officer)
    assert officer.get("/admin/bornes/")["Location"] == "/admin/"
    assert officer.post(f"/admin/bornes/{device.pk}/installer/")["Location"] == "/admin/"
    device.refresh_from_db()
    assert not device.enrolment_key

    page = login(superuser).post(f"/admin/bornes/{device.pk}/installer/").content.decode()

    assert "/kiosque/installer/" in page and "<svg" in page


def test_files_of_reserved_folders_stay_closed_but_open_ones_download(
    tablet,
    library,  # noqa: F811 (the fixture imported above)
    hr_insider,  # noqa: F811
    agent,
    media_root,
):
    open_file = upload(agent, library.payroll, "calendrier.pdf", files.pdf_with_text(["Paie"]))
    reserved = upload(hr_insider, library.private, "dupont.pdf", files.pdf_with_text(["Dupont"]))
    tablet.force_login(hr_insider)  # who may read both, elsewhere

    opened = tablet.get(reverse("library:download", args=[open_file.pk]))
    refused = tablet.get(reverse("library:download", args=[reserved.pk]))

    assert opened.status_code == 200
    assert refused.status_code == 403
    assert b"Dupont" not in refused.content
