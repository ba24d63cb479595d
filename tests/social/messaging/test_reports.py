"""Reporting a message: it goes to the group's administrators (a channel) or to the
communication officers (elsewhere), who see the reported text and nothing else of the
conversation; the outcome is told to whoever reported it."""

import pytest

from social.messaging.models import MessageReport
from social.messaging.services import message_post
from social.notifications.models import Notification

pytestmark = pytest.mark.django_db


def report(client, user, message, reason="disrespectful"):
    client.force_login(user)
    return client.post(
        f"/messages/message/{message.pk}/signaler/", {"reason": reason, "details": "Propos"}
    )


def test_a_direct_message_reported_goes_to_the_communication_officers(
    client, django_capture_on_commit_callbacks, alice, bruno, direct, communication_officer
):
    message = direct.messages.get()
    assert report(client, bruno, message).status_code == 302
    assert MessageReport.objects.get().excerpt == message.body
    client.force_login(communication_officer)
    queue = client.get("/messages/signalements/").content.decode()
    assert "Bonjour Bruno, le budget" in queue
    assert client.get(direct.get_absolute_url()).status_code == 404  # not the conversation
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/messages/signalements/",
            {"report": MessageReport.objects.get().pk, "action": "remove"},
        )
    message.refresh_from_db()
    assert message.is_deleted
    assert Notification.objects.filter(recipient=bruno, kind="report_outcome").exists()


def test_a_channel_message_reported_goes_to_the_groups_administrators_only(
    client, alice, bruno, channel, communication_officer
):
    message = message_post(user=bruno, conversation=channel, body="Hors sujet total")
    assert report(client, alice, message).status_code == 302
    client.force_login(communication_officer)  # her queue holds the other conversations' only
    assert "Hors sujet total" not in client.get("/messages/signalements/").content.decode()
    client.force_login(alice)  # the secret group's administrator
    assert "Hors sujet total" in client.get("/messages/signalements/").content.decode()


def test_nobody_reports_what_they_cannot_read_nor_their_own_words(client, alice, outsider, direct):
    message = direct.messages.get()
    assert report(client, outsider, message).status_code == 404
    assert report(client, alice, message).status_code == 404
    assert not MessageReport.objects.exists()


def test_an_unknown_reason_is_refused_and_the_details_kept(client, bruno, direct):
    response = report(client, bruno, direct.messages.get(), reason="autre-chose")
    assert response.status_code == 422
    assert "Choisissez un motif" in response.content.decode()
    assert "Propos" in response.content.decode()


def test_an_agent_handles_no_report(client, bruno, outsider, direct):
    report(client, bruno, direct.messages.get())
    client.force_login(outsider)
    assert client.get("/messages/signalements/").status_code == 404
    response = client.post(
        "/messages/signalements/", {"report": MessageReport.objects.get().pk, "action": "remove"}
    )
    assert response.status_code == 404
    assert not direct.messages.get().is_deleted
