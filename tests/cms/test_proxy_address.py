"""Behind nginx, the login throttle and the sessions list see the browser's address, never the
proxy's; a browser that sends X-Real-IP itself chooses nothing."""

from django.urls import reverse

import pytest

from social.accounts.models import UserSession

pytestmark = pytest.mark.django_db


def failed_login(client, *, remote, real, email):
    return client.post(
        reverse("people:login"),
        {"username": email, "password": "mauvais-mot-de-passe"},
        REMOTE_ADDR=remote,
        HTTP_X_REAL_IP=real,
    )


def test_failures_from_two_colleagues_behind_nginx_count_for_their_own_addresses(
    client, home, settings
):
    from axes.models import AccessAttempt

    failed_login(client, remote="127.0.0.1", real="10.1.2.3", email="a@exemple.fr")
    failed_login(client, remote="127.0.0.1", real="10.1.2.4", email="b@exemple.fr")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {
        "10.1.2.3",
        "10.1.2.4",
    }


def test_a_browser_cannot_choose_its_address(client, home):
    from axes.models import AccessAttempt

    failed_login(client, remote="198.51.100.7", real="10.9.9.9", email="a@exemple.fr")
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["198.51.100.7"]


def test_a_malformed_header_keeps_the_proxy_address(client, home):
    from axes.models import AccessAttempt

    failed_login(client, remote="127.0.0.1", real="pas-une-adresse", email="a@exemple.fr")
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["127.0.0.1"]


def test_the_sessions_list_records_the_browser_address(client, home, agent):
    from tests.factories import PASSWORD

    client.post(
        reverse("people:login"),
        {"username": agent.email, "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_REAL_IP="10.1.0.42",
    )
    assert UserSession.objects.get(user=agent).address == "10.1.0.42"
