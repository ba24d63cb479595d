"""Visio at protocol level (no video server runs here): the tokens are decoded and checked with
each provider's rules, and a small BigBlueButton stands in a local HTTP server that checks every
call's checksum as the real one does."""

import hashlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

import jwt
import pytest

from social.messaging.models import Message
from social.notifications.models import Notification

pytestmark = pytest.mark.django_db

SECRET = "s" * 40
JITSI = {
    "VISIO_PROVIDER": "jitsi",
    "VISIO_URL": "https://visio.val-de-parvis.fr",
    "VISIO_APP_ID": "parvis",
    "VISIO_SECRET": SECRET,
}
LIVEKIT = {
    "VISIO_PROVIDER": "livekit",
    "VISIO_URL": "https://visio.numerique.gouv.fr",
    "VISIO_APP_ID": "APIparvis",
    "VISIO_SECRET": SECRET,
}


def start_visio(client, user, conversation):
    client.force_login(user)
    response = client.post(f"/messages/{conversation.pk}/visio/")
    assert response.status_code == 302
    return Message.objects.filter(conversation=conversation, kind="visio").latest("pk")


def join(client, user, message):
    client.force_login(user)
    return client.get(f"/messages/visio/{message.pk}/")


def token_of(location: str, name: str) -> str:
    return dict(parse_qsl(urlsplit(location).query))[name]


@override_settings(**JITSI)
def test_jitsi_tokens_name_the_room_the_person_and_the_moderator(
    client, django_capture_on_commit_callbacks, alice, bruno, direct
):
    with django_capture_on_commit_callbacks(execute=True):
        message = start_visio(client, alice, direct)
    room = message.data["room"]
    assert len(room) >= 32 and room != start_visio(client, alice, direct).data["room"]

    for person, moderator in ((alice, True), (bruno, False)):
        response = join(client, person, message)
        assert response.status_code == 302
        location = response["Location"]
        assert location.startswith(f"https://visio.val-de-parvis.fr/{room}?jwt=")
        claims = jwt.decode(
            token_of(location, "jwt"),
            SECRET,
            algorithms=["HS256"],
            audience="jitsi",
            issuer="parvis",
        )
        assert claims["sub"] == "visio.val-de-parvis.fr"
        assert claims["room"] == room
        assert claims["context"]["user"]["name"] == person.get_full_name()
        assert claims["context"]["user"]["moderator"] is moderator
        assert 0 < claims["exp"] - claims["iat"] <= 4 * 3600
        with pytest.raises(jwt.InvalidSignatureError):
            jwt.decode(token_of(location, "jwt"), "x" * 40, algorithms=["HS256"], audience="jitsi")
    assert Notification.objects.filter(recipient=bruno, kind="visio").exists()
    assert not Notification.objects.filter(recipient=alice, kind="visio").exists()


@override_settings(**LIVEKIT)
def test_livekit_tokens_grant_this_room_only(client, alice, bruno, direct):
    message = start_visio(client, alice, direct)
    for person, admin in ((alice, True), (bruno, False)):
        location = join(client, person, message)["Location"]
        claims = jwt.decode(token_of(location, "token"), SECRET, algorithms=["HS256"])
        assert claims["iss"] == "APIparvis" and claims["sub"] == str(person.pk)
        assert claims["video"]["room"] == message.data["room"]
        assert claims["video"]["roomJoin"] is True
        assert claims["video"]["roomAdmin"] is admin


@override_settings(**JITSI)
def test_no_one_outside_the_conversation_gets_a_token(client, alice, outsider, superuser, direct):
    message = start_visio(client, alice, direct)
    for person in (outsider, superuser):
        response = join(client, person, message)
        assert response.status_code == 404
        assert "jwt" not in response.get("Location", "")


def test_without_a_provider_there_is_no_visio_anywhere(client, alice, direct, secret_group):
    client.force_login(alice)
    for url in (
        direct.get_absolute_url(),
        secret_group.get_absolute_url(),
        "/annuaire/bruno-petit/",
    ):
        assert "Démarrer une visio" not in client.get(url).content.decode(), url
    assert client.post(f"/messages/{direct.pk}/visio/").status_code == 404
    assert not Message.objects.filter(kind="visio").exists()


@override_settings(**JITSI)
def test_a_group_and_a_profile_start_a_visio_in_the_right_conversation(
    client, alice, bruno, secret_group
):
    client.force_login(alice)
    assert "Démarrer une visio" in client.get("/annuaire/bruno-petit/").content.decode()
    client.post(f"/messages/canal/{secret_group.pk}/visio/")
    client.post("/messages/avec/bruno-petit/visio/")
    kinds = set(Message.objects.filter(kind="visio").values_list("conversation__kind", flat=True))
    assert kinds == {"channel", "direct"}


@pytest.mark.parametrize("secret", ["court", ""])
def test_a_short_secret_stops_the_checks(secret):
    with (
        override_settings(**{**JITSI, "VISIO_SECRET": secret}),
        pytest.raises(SystemCheckError, match="32 octets"),
    ):
        call_command("check")


class FakeBigBlueButton(BaseHTTPRequestHandler):
    """The two calls Parvis makes, checked as BigBlueButton checks them."""

    calls: list = []
    fail = False

    def do_GET(self):  # noqa: N802 (the standard library's name)
        parts = urlsplit(self.path)
        call = parts.path.rsplit("/", 1)[-1]
        query, _sep, checksum = parts.query.rpartition("&checksum=")
        expected = hashlib.sha256(f"{call}{query}{SECRET}".encode()).hexdigest()
        valid = checksum == expected
        type(self).calls.append((call, dict(parse_qsl(query)), valid))
        ok = valid and not type(self).fail
        body = (
            "<response><returncode>SUCCESS</returncode></response>"
            if ok
            else "<response><returncode>FAILED</returncode>"
            "<messageKey>checksumError</messageKey></response>"
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/xml")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def bigbluebutton():
    FakeBigBlueButton.calls, FakeBigBlueButton.fail = [], False
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeBigBlueButton)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/bigbluebutton"
    with override_settings(
        VISIO_PROVIDER="bbb", VISIO_URL=url, VISIO_SECRET=SECRET, VISIO_APP_ID=""
    ):
        yield FakeBigBlueButton
    server.shutdown()


def test_bigbluebutton_meetings_are_created_and_joined_with_valid_checksums(
    client, bigbluebutton, alice, bruno, direct
):
    message = start_visio(client, alice, direct)
    [(call, parameters, valid)] = bigbluebutton.calls
    assert (call, valid) == ("create", True)
    assert parameters["meetingID"] == message.data["room"]

    for person, role in ((alice, "MODERATOR"), (bruno, "VIEWER")):
        location = join(client, person, message)["Location"]
        parts = urlsplit(location)
        assert parts.path.endswith("/api/join")
        query, _sep, checksum = parts.query.rpartition("&checksum=")
        assert checksum == hashlib.sha256(f"join{query}{SECRET}".encode()).hexdigest()
        parameters = dict(parse_qsl(query))
        assert parameters["role"] == role
        assert parameters["fullName"] == person.get_full_name()
        assert parameters["meetingID"] == message.data["room"]


def test_a_bigbluebutton_that_refuses_posts_nothing_and_says_so(
    client, bigbluebutton, alice, direct
):
    bigbluebutton.fail = True
    client.force_login(alice)
    response = client.post(f"/messages/{direct.pk}/visio/", follow=True)
    assert "Le service de visio ne répond pas" in response.content.decode()
    assert not Message.objects.filter(kind="visio").exists()
