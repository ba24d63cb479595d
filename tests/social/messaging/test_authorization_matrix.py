"""Who may reach what in conversations: every route of a conversation and of its messages, for
a direct conversation, a small discussion and a secret group's channel, from the side of those
who must not get in: anonymous, a colleague outside, a former participant (left the discussion,
or removed from the group), a deactivated account and a superuser (messages are private
correspondence: administrators do not read them). Each refused cell is asserted by its status
and by the conversation's words absent from what comes back."""

import pytest

from social.groups.models import Membership
from social.groups.services import member_remove
from social.messaging.services import conversation_leave, message_post
from social.notifications.models import Notification
from social.notifications.services import notifications_visible_to

pytestmark = pytest.mark.django_db

KINDS = ["direct", "discussion", "channel"]


@pytest.fixture
def world(
    django_capture_on_commit_callbacks,
    alice,
    bruno,
    chloe,
    outsider,
    superuser,
    direct,
    discussion,
    channel,
    secret_group,
):
    """Each conversation holds a word of its own, written by Alice and mentioning Bruno; Chloé
    left the discussion; Bruno was removed from the secret group (so he is a former member of
    its channel only)."""
    conversations = {"direct": direct, "discussion": discussion, "channel": channel}
    words = {}
    with django_capture_on_commit_callbacks(execute=True):  # mentions notified after commit
        for kind, conversation in conversations.items():
            words[kind] = f"Zorglub{kind}"
            message_post(
                user=alice,
                conversation=conversation,
                body=f"Secret {words[kind]} pour @bruno.petit",
                rate_limited=False,
            )
    with django_capture_on_commit_callbacks(execute=True):
        conversation_leave(user=chloe, conversation=discussion)
        membership = Membership.objects.get(group=secret_group, user=bruno)
        member_remove(group=secret_group, admin=alice, membership_id=membership.pk)
    deactivated = outsider.__class__.objects.create_user(
        email="ancien@exemple.fr", password="x" * 20, first_name="Ancien", last_name="Agent"
    )
    return {
        "conversations": conversations,
        "words": words,
        "people": {
            "outsider": outsider,
            "superuser": superuser,
            "former_discussion": chloe,
            "former_channel": bruno,
        },
        "deactivated": deactivated,
    }


def refused_people(world, kind):
    people = {"outsider": world["people"]["outsider"], "superuser": world["people"]["superuser"]}
    if kind == "discussion":
        people["former"] = world["people"]["former_discussion"]
    if kind == "channel":
        people["former"] = world["people"]["former_channel"]
    return people


def routes(conversation, message):
    pk, mid = conversation.pk, message.pk
    return [
        ("get", f"/messages/{pk}/", {}),
        ("get", f"/messages/{pk}/?avant={mid + 1}", {}),
        ("get", f"/messages/{pk}/suite/?apres=0&depuis=0", {}),
        ("post", f"/messages/{pk}/envoyer/", {"body": "Intrusion"}),
        ("get", f"/messages/{pk}/participants/?q=martin", {}),
        ("post", f"/messages/{pk}/participants/", {"personnes": ["1"]}),
        ("post", f"/messages/{pk}/quitter/", {}),
        ("post", f"/messages/{pk}/renommer/", {"name": "Pris"}),
        ("post", f"/messages/{pk}/lu/", {}),
        ("post", f"/messages/{pk}/non-lu/", {}),
        ("post", f"/messages/{pk}/sourdine/", {}),
        ("get", f"/messages/message/{mid}/modifier/", {}),
        ("post", f"/messages/message/{mid}/modifier/", {"body": "Changé"}),
        ("post", f"/messages/message/{mid}/supprimer/", {}),
        ("post", f"/messages/message/{mid}/epingler/", {"pinned": "1"}),
        ("post", f"/reactions/message/{mid}/", {"reaction": "like:on"}),
        ("get", f"/reactions/message/{mid}/qui/", {}),
        ("get", f"/commentaires/mentions/?cible=conversation-{pk}&q=bru", {}),
    ]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("htmx", [False, True])
def test_no_route_of_a_conversation_opens_to_those_outside_it(client, world, kind, htmx):
    conversation = world["conversations"][kind]
    message = conversation.messages.filter(body__contains="Zorglub").get()
    word = world["words"][kind]
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    for role, person in refused_people(world, kind).items():
        client.force_login(person)
        for method, url, data in routes(conversation, message):
            response = getattr(client, method)(url, data, **headers)
            assert response.status_code in (403, 404, 405), (role, url, response.status_code)
            assert word not in response.content.decode(), (role, url)
        client.logout()
    message.refresh_from_db()
    assert message.body.startswith("Secret") and message.pinned_at is None
    assert not conversation.messages.filter(body="Intrusion").exists()


@pytest.mark.parametrize("kind", KINDS)
def test_anonymous_visitors_are_sent_to_the_login_page(client, world, kind):
    conversation = world["conversations"][kind]
    message = conversation.messages.filter(body__contains="Zorglub").get()
    for method, url, data in routes(conversation, message):
        response = getattr(client, method)(url, data)
        assert response.status_code in (302, 403, 404, 405), url
        if response.status_code == 302:
            assert response.url.startswith("/connexion/"), url
        assert world["words"][kind] not in response.content.decode()


@pytest.mark.parametrize("kind", KINDS)
def test_lists_badges_and_notifications_show_nothing_of_a_conversation_to_outsiders(
    client, world, kind
):
    word = world["words"][kind]
    for role, person in refused_people(world, kind).items():
        client.force_login(person)
        for url in ("/messages/", "/messages/badge/", "/notifications/", "/"):
            page = client.get(url).content.decode()
            assert word not in page, (role, url)
            assert str(world["conversations"][kind]) not in page or kind == "direct", (role, url)
        client.logout()


def test_a_former_channel_member_keeps_no_notification_of_it(world, secret_group):
    bruno = world["people"]["former_channel"]
    mention = Notification.objects.filter(recipient=bruno, conversation__group=secret_group)
    assert mention.exists()  # he was mentioned while a member…
    assert not notifications_visible_to(bruno).filter(pk__in=mention.values("pk")).exists()


def test_a_deactivated_account_reads_nothing(client, alice, direct, world):
    alice.is_active = False
    alice.save()
    client.force_login(alice)
    response = client.get(direct.get_absolute_url())
    assert response.status_code in (302, 403, 404)
    assert world["words"]["direct"] not in response.content.decode()


def test_the_participants_still_read_everything(client, alice, world):
    client.force_login(alice)
    for kind, conversation in world["conversations"].items():
        page = client.get(conversation.get_absolute_url()).content.decode()
        assert world["words"][kind] in page, kind
