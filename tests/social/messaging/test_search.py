"""Messages in search: found by their conversation's readers, in the conversation and in the
intranet's search under « Messages »; never by anyone else, superusers included, unless the
legal procedure mode is on (and then each search is logged)."""

import logging

from django.test import override_settings

import pytest

from knowledge.models import SearchItem
from knowledge.search.query import Filters, search_everything
from social.groups.models import Membership
from social.groups.services import member_remove
from social.messaging.models import Message
from social.messaging.retention import messages_purge
from social.messaging.services import message_delete, message_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(django_capture_on_commit_callbacks, alice, direct, channel):
    """A word in the direct conversation and one in the secret group's channel."""
    with django_capture_on_commit_callbacks(execute=True):
        in_direct = message_post(
            user=alice,
            conversation=direct,
            body="Le devis de la toiture Brzeskovic est arrivé",
            rate_limited=False,
        )
        in_channel = message_post(
            user=alice,
            conversation=channel,
            body="La crue Vlamingue est attendue demain",
            rate_limited=False,
        )
    return {"direct": in_direct, "channel": in_channel}


def titles(user, word):
    return [hit.title for hit in search_everything(user, word, Filters(kind="message")).hits]


def test_the_readers_find_the_messages_of_their_conversations(indexed, alice, bruno):
    assert titles(bruno, "Brzeskovic") == ["Alice Martin — Conversation privée"]
    assert titles(bruno, "Vlamingue") == ["Alice Martin — Canal Cellule de crise"]


def test_nobody_else_finds_them_superusers_included(indexed, outsider, superuser):
    for person in (outsider, superuser):
        for word in ("Brzeskovic", "Vlamingue", "toiture"):
            assert search_everything(person, word).hits == [], (person, word)


def test_a_superuser_finds_the_messages_of_their_own_conversations(
    django_capture_on_commit_callbacks, superuser, alice
):
    from social.messaging.services import conversation_direct_open

    conversation = conversation_direct_open(user=superuser, other=alice)
    with django_capture_on_commit_callbacks(execute=True):
        message_post(
            user=alice, conversation=conversation, body="Sauvegarde Qwertzuiop", rate_limited=False
        )
    assert len(search_everything(superuser, "Qwertzuiop").hits) == 1


class Recorded(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def test_the_legal_procedure_mode_opens_them_to_superusers_and_is_logged(indexed, superuser):
    recorded, logger = Recorded(), logging.getLogger("parvis.legal")
    logger.addHandler(recorded)
    try:
        with override_settings(SEARCH_LEGAL_PROCEDURE=True):
            assert titles(superuser, "Brzeskovic")
    finally:
        logger.removeHandler(recorded)
    assert any(str(superuser.pk) in message for message in recorded.messages)


def test_leaving_the_group_takes_its_channel_out_of_ones_search(
    django_capture_on_commit_callbacks, indexed, alice, bruno, secret_group
):
    membership = Membership.objects.get(group=secret_group, user=bruno)
    with django_capture_on_commit_callbacks(execute=True):
        member_remove(group=secret_group, admin=alice, membership_id=membership.pk)
    bruno.__dict__.pop("_per_user_cache", None)
    assert titles(bruno, "Vlamingue") == []


def test_a_deleted_or_purged_message_leaves_the_index(
    django_capture_on_commit_callbacks, indexed, alice, bruno
):
    with django_capture_on_commit_callbacks(execute=True):
        message_delete(user=alice, message=indexed["direct"])
    assert titles(bruno, "Brzeskovic") == []
    assert not SearchItem.objects.filter(source_id=indexed["direct"].pk, kind="message").exists()
    Message.objects.filter(pk=indexed["channel"].pk).update(created_at="2000-01-01T00:00Z")
    with override_settings(MESSAGING_RETENTION_DAYS={"direct": 0, "group": 0, "channel": 365}):
        assert messages_purge() == 1
    assert not SearchItem.objects.filter(kind="message", source_id=indexed["channel"].pk).exists()


def test_searching_inside_a_conversation(client, indexed, bruno, outsider, direct):
    client.force_login(bruno)
    page = client.get(f"/messages/{direct.pk}/recherche/", {"q": "toitures"}).content.decode()
    assert "Brzeskovic" in page  # French stems: « toitures » finds « toiture »
    assert f"?message={indexed['direct'].pk}" in page
    client.force_login(outsider)
    response = client.get(f"/messages/{direct.pk}/recherche/", {"q": "toiture"})
    assert response.status_code == 404


def test_an_old_message_found_opens_the_conversation_where_it_is(
    client, django_capture_on_commit_callbacks, alice, bruno, direct, settings
):
    settings.MESSAGING_PAGE_SIZE = 5
    old = message_post(user=alice, conversation=direct, body="Vieux Xylophone", rate_limited=False)
    for number in range(8):
        message_post(user=alice, conversation=direct, body=f"Suite {number}", rate_limited=False)
    client.force_login(bruno)
    page = client.get(old.get_absolute_url()).content.decode()
    thread = page.split('id="messages"')[1].split("</ol>")[0]
    assert "Vieux Xylophone" in thread and "Vous lisez des messages anciens" in page
    assert "Suite 7" not in thread
