"""The messaging pages, as their readers see them."""

import re
import time

import pytest

from social.messaging.models import Message

pytestmark = pytest.mark.django_db


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_conversation_list_shows_each_conversation_with_its_unread_count(
    client, bruno, direct, discussion
):
    client.force_login(bruno)
    page = client.get("/messages/").content.decode()
    assert "Alice Martin" in page  # the direct conversation is named after the other person
    assert "Préparation du conseil" in page
    assert "1 message non lu" in text_of(page)


def test_a_conversation_page_shows_its_messages_and_marks_them_read(client, bruno, direct):
    client.force_login(bruno)
    assert "1 non lu" in text_of(client.get("/messages/badge/").content.decode())
    page = client.get(direct.get_absolute_url()).content.decode()
    assert "Bonjour Bruno, le budget ?" in page
    assert "non lu" not in client.get("/messages/badge/").content.decode()


def test_sending_without_javascript_posts_and_comes_back(client, bruno, direct):
    client.force_login(bruno)
    response = client.post(f"/messages/{direct.pk}/envoyer/", {"body": "Je regarde ça"})
    assert response.status_code == 302
    message = Message.objects.filter(conversation=direct).latest("pk")
    assert message.body == "Je regarde ça" and message.author == bruno
    assert "Je regarde ça" in client.get(response.url).content.decode()


def test_updates_fragment_brings_only_what_is_new(client, alice, bruno, direct):
    from social.messaging.services import message_post

    client.force_login(bruno)
    first = direct.messages.latest("pk")
    drawn = time.time()
    message_post(user=alice, conversation=direct, body="Et le rapport ?")
    fragment = client.get(
        f"/messages/{direct.pk}/suite/?apres={first.pk}&depuis={drawn}", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Et le rapport ?" in fragment
    assert "Bonjour Bruno" not in fragment
    assert 'id="chat-poller"' in fragment


def test_a_reaction_reaches_the_other_readers_open_page(client, alice, bruno, direct):
    from social.reactions.services import reaction_set

    message = direct.messages.get()
    drawn = time.time()
    reaction_set(user=alice, target=message, kind="like", on=True)
    client.force_login(bruno)
    fragment = client.get(
        f"/messages/{direct.pk}/suite/?apres={message.pk}&depuis={drawn}", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert f'id="message-{message.pk}"' in fragment and 'hx-swap-oob="true"' in fragment
    given = fragment.split("reactions__more")[0]  # shown, not behind « Réagir »
    assert "reaction--like" in given


def test_a_refused_message_comes_back_in_the_box_with_javascript_too(client, bruno, direct):
    client.force_login(bruno)
    response = client.post(
        f"/messages/{direct.pk}/envoyer/", {"body": "x" * 5001}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200  # htmx swaps it
    page = response.content.decode()
    assert "5000 caractères" in page and 'aria-invalid="true"' in page
    assert "x" * 5001 in page


def test_a_channels_participants_are_its_groups_members_page(client, alice, channel):
    client.force_login(alice)
    response = client.get(f"/messages/{channel.pk}/participants/")
    assert response.status_code == 302
    assert response.url == f"/groupes/{channel.group.slug}/membres/"
