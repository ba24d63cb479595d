"""Open sessions, as their owner sees them: listed with device and place, closable from another
browser; nobody else's are listed or closable."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

import pytest

from social.accounts.models import SignInEvent, UserSession
from social.accounts.sessions import SEEN_KEY, device_label, place_label
from social.accounts.tasks import sweep_sign_in_sessions

from .conftest import password_sign_in

pytestmark = pytest.mark.django_db

FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
CHROME_ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)


def browser(client_class, agent, user_agent, address):
    client = client_class(HTTP_USER_AGENT=user_agent, REMOTE_ADDR=address)
    password_sign_in(client, agent, address=address)
    return client


def test_each_signed_in_browser_is_listed_with_device_and_place(client, home, agent, settings):
    settings.SIGN_IN_NETWORKS = [("10.1.0.0/16", "Hôtel de ville")]
    office = browser(client.__class__, agent, FIREFOX_WINDOWS, "10.1.2.3")
    browser(client.__class__, agent, CHROME_ANDROID, "80.15.20.25")

    page = office.get(reverse("accounts:security")).content.decode()

    assert "Firefox sur Windows" in page
    assert "Hôtel de ville" in page
    assert "Chrome sur Android" in page
    assert "Hors du réseau de la collectivité" in page
    assert "cette session" in page


def test_closing_another_session_signs_that_browser_out(client, home, agent):
    office = browser(client.__class__, agent, FIREFOX_WINDOWS, "10.1.2.3")
    phone = browser(client.__class__, agent, CHROME_ANDROID, "80.15.20.25")
    phone_row = UserSession.objects.get(session_key=phone.session.session_key)

    office.post(reverse("accounts:session_close", args=[phone_row.pk]))

    assert phone.get("/")["Location"].startswith("/connexion/")
    assert office.get("/").status_code == 200
    assert SignInEvent.objects.filter(user=agent, kind=SignInEvent.Kind.SESSION_REVOKED).exists()


def test_nobody_lists_or_closes_someone_else_s_sessions(client, home, agent, payroll_agent):
    theirs = browser(client.__class__, payroll_agent, CHROME_ANDROID, "80.15.20.25")
    row = UserSession.objects.get(session_key=theirs.session.session_key)
    mine = browser(client.__class__, agent, FIREFOX_WINDOWS, "10.1.2.3")

    page = mine.get(reverse("accounts:security")).content.decode()
    mine.post(reverse("accounts:session_close", args=[row.pk]))

    assert "Chrome sur Android" not in page
    assert theirs.get("/").status_code == 200


def test_signing_out_removes_the_session_from_the_list(client, home, agent):
    password_sign_in(client, agent)
    key = client.session.session_key

    client.post(reverse("accounts:logout"))

    assert not UserSession.objects.filter(session_key=key).exists()


def test_a_session_opened_before_the_list_existed_appears_at_its_next_request(client, home, agent):
    client.force_login(agent)
    UserSession.objects.all().delete()  # as a session opened before this release
    session = client.session
    del session[SEEN_KEY]
    session.save()

    client.get("/")

    assert UserSession.objects.filter(user=agent).count() == 1


@pytest.mark.parametrize(
    ("user_agent", "label"),
    [
        (FIREFOX_WINDOWS, "Firefox sur Windows"),
        (CHROME_ANDROID, "Chrome sur Android"),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
            "Safari sur iOS",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
            "Edge sur Windows",
        ),
        ("", "Navigateur inconnu"),
    ],
)
def test_devices_are_named_for_people(user_agent, label):
    assert device_label(user_agent) == label


def test_places_are_named_from_the_configured_ranges(settings):
    settings.SIGN_IN_NETWORKS = [("10.2.0.0/16", "Centre technique municipal")]

    assert place_label("10.2.40.1") == "Centre technique municipal"
    assert place_label("192.168.1.4") == "Réseau interne"
    assert place_label("not-an-address") == "Adresse inconnue"


def test_the_daily_sweep_forgets_sessions_past_their_age(client, home, agent, settings):
    password_sign_in(client, agent)
    old = UserSession.objects.get(user=agent)
    UserSession.objects.filter(pk=old.pk).update(
        last_seen_at=timezone.now() - timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)
    )
    fresh = browser(client.__class__, agent, FIREFOX_WINDOWS, "10.1.2.3")

    assert sweep_sign_in_sessions.delay().get() == 1

    assert list(UserSession.objects.values_list("session_key", flat=True)) == [
        fresh.session.session_key
    ]
