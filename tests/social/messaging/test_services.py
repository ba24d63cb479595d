"""What conversations do: counts computed from reading positions, channels that follow their
group, edit and delete windows, blocking, limits, retention, and hostile input."""

from datetime import timedelta
from html.parser import HTMLParser

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from social.groups.models import Visibility
from social.groups.services import group_join, group_leave
from social.messaging import selectors, services
from social.messaging.models import Conversation, Message
from social.messaging.permissions import can_read_conversation, can_write
from social.messaging.retention import messages_purge
from social.notifications.models import Notification
from tests.social.groups.conftest import make_group

from .conftest import person

pytestmark = pytest.mark.django_db


class TagsAndAttributes(HTMLParser):
    """The elements and attributes a fragment really holds (escaped text is only text)."""

    def __init__(self):
        super().__init__()
        self.names, self.attributes = set(), []

    def handle_starttag(self, tag, attrs):
        self.names.add(tag)
        self.attributes.extend(attrs)


def post(user, conversation, body):
    return services.message_post(
        user=user, conversation=conversation, body=body, rate_limited=False
    )


# --- Unread -------------------------------------------------------------------------------


def test_unread_counts_others_messages_above_the_reading_position(alice, bruno, direct):
    assert selectors.unread_total(bruno) == 1
    assert selectors.unread_total(alice) == 0  # her own message
    post(alice, direct, "Deuxième")
    assert selectors.unread_total(bruno) == 2
    services.conversation_mark_read(user=bruno, conversation=direct)
    assert selectors.unread_total(bruno) == 0
    post(bruno, direct, "Réponse")
    assert selectors.unread_total(bruno) == 0
    assert selectors.unread_total(alice) == 1


def test_a_deleted_message_is_no_longer_counted(alice, bruno, direct):
    message = direct.messages.get()
    services.message_delete(user=alice, message=message)
    assert selectors.unread_total(bruno) == 0


def test_a_muted_conversation_leaves_the_badge_but_keeps_its_count_in_the_list(
    alice, bruno, direct
):
    services.conversation_mute(user=bruno, conversation=direct, muted=True)
    assert selectors.unread_total(bruno) == 0
    [row] = selectors.conversations_of(bruno)
    assert row.unread == 1 and row.place.muted


def test_marking_unread_counts_once_until_read_again(alice, bruno, direct):
    services.conversation_mark_read(user=bruno, conversation=direct)
    services.conversation_mark_unread(user=bruno, conversation=direct)
    assert selectors.unread_total(bruno) == 1
    services.conversation_mark_read(user=bruno, conversation=direct)
    assert selectors.unread_total(bruno) == 0


def test_reading_never_moves_backwards(alice, bruno, direct):
    newest = post(alice, direct, "Deux")
    services.conversation_mark_read(user=bruno, conversation=direct)
    services.conversation_mark_read(user=bruno, conversation=direct, up_to=newest.pk - 1)
    assert direct.participants.get(user=bruno).last_read_id == newest.pk


def test_the_list_of_a_thousand_conversations_costs_the_same_queries_as_of_ten(
    django_assert_max_num_queries, alice, finances
):
    def make(count):
        for number in range(count):
            other = person(f"P{number}", f"N{count}", finances)
            conversation = services.conversation_direct_open(user=other, other=alice)
            post(other, conversation, f"Message {number}")

    def read():
        rows = selectors.conversations_of(alice)
        return len(rows), selectors.unread_count(alice)

    make(10)
    read()  # the per-user caches (conversations, groups) are filled once
    with CaptureQueriesContext(connection) as small:
        assert read() == (10, 10)
    assert len(small.captured_queries) <= 5
    make(200)
    alice.__dict__.pop("_per_user_cache", None)
    read()
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert read() == (50, selectors.UNREAD_CAP)


# --- Conversations --------------------------------------------------------------------------


def test_one_direct_conversation_per_pair_whoever_starts_it(alice, bruno, direct):
    assert services.conversation_direct_open(user=bruno, other=alice) == direct
    assert Conversation.objects.filter(kind="direct").count() == 1


def test_a_blocked_person_cannot_start_or_continue_a_direct_conversation(alice, bruno, direct):
    services.block_set(user=bruno, other=alice, blocked=True)
    assert not can_write(alice, direct)
    with pytest.raises(PermissionDenied):
        post(alice, direct, "Tu es là ?")
    with pytest.raises(PermissionDenied):
        services.conversation_direct_open(user=alice, other=bruno)
    assert can_write(bruno, direct)  # he may still write to her
    services.block_set(user=bruno, other=alice, blocked=False)
    assert can_write(alice, direct)


def test_nobody_writes_to_a_deactivated_colleague(alice, bruno, direct):
    bruno.is_active = False
    bruno.save()
    assert not can_write(alice, direct)


def test_a_discussion_holds_at_most_the_configured_number_of_people(alice, finances):
    people = [person(f"Q{n}", "Groupe", finances) for n in range(4)]
    with override_settings(MESSAGING_GROUP_MAX_MEMBERS=3):
        with pytest.raises(services.MessagingError, match="au plus 3 personnes"):
            services.conversation_group_create(user=alice, name="Trop", people=people)
        conversation = services.conversation_group_create(
            user=alice, name="Juste", people=people[:2]
        )
        with pytest.raises(services.MessagingError):
            services.conversation_members_add(
                user=alice, conversation=conversation, people=people[2:3]
            )
    assert not Conversation.objects.filter(name="Trop").exists()


def test_leaving_a_discussion_closes_it_and_an_addition_reopens_it(alice, chloe, discussion):
    services.conversation_leave(user=chloe, conversation=discussion)
    assert not can_read_conversation(chloe, discussion)
    services.conversation_members_add(user=alice, conversation=discussion, people=[chloe])
    assert can_read_conversation(chloe, discussion)
    # Coming back, the history is there but nothing of it counts as unread.
    assert selectors.unread_total(chloe) == 0


def test_a_channel_follows_its_group_at_once(
    django_capture_on_commit_callbacks, alice, chloe, finances
):
    group = make_group(alice, Visibility.OPEN, "Pause café")
    channel = services.conversation_channel_open(user=alice, group=group)
    post(alice, channel, "Avant l'arrivée de Chloé")
    assert not can_read_conversation(chloe, channel)
    with django_capture_on_commit_callbacks(execute=True):
        group_join(group=group, user=chloe)
    assert can_read_conversation(chloe, channel)
    assert selectors.unread_total(chloe) == 0  # what was said before she came is not unread
    post(alice, channel, "Bienvenue Chloé")
    assert selectors.unread_total(chloe) == 1
    with django_capture_on_commit_callbacks(execute=True):
        group_leave(group=group, user=chloe)
    assert not can_read_conversation(chloe, channel)
    assert selectors.unread_total(chloe) == 0
    assert selectors.conversations_of(chloe) == []


# --- Messages -------------------------------------------------------------------------------


def test_the_author_edits_within_the_window_and_the_message_says_modifie(alice, bruno, direct):
    message = direct.messages.get()
    services.message_edit(user=alice, message=message, body="Bonjour Bruno, le budget 2027 ?")
    message.refresh_from_db()
    assert message.is_edited and "2027" in message.body_html
    with pytest.raises(PermissionDenied):
        services.message_edit(user=bruno, message=message, body="Pas à moi")
    Message.objects.filter(pk=message.pk).update(created_at=timezone.now() - timedelta(hours=25))
    message.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.message_edit(user=alice, message=message, body="Trop tard")
    with pytest.raises(PermissionDenied):
        services.message_delete(user=alice, message=message)


def test_a_deleted_message_keeps_its_place_and_loses_its_text(alice, direct):
    message = direct.messages.get()
    services.message_delete(user=alice, message=message)
    message.refresh_from_db()
    assert message.is_deleted and message.body == "" and message.body_html == ""


def test_a_channel_admin_removes_a_members_message(alice, bruno, channel):
    message = post(bruno, channel, "Hors sujet")
    services.message_delete(user=alice, message=message)
    assert Message.objects.get(pk=message.pk).is_deleted


def test_mentions_notify_participants_only(
    django_capture_on_commit_callbacks, alice, bruno, outsider, direct
):
    with django_capture_on_commit_callbacks(execute=True):
        post(alice, direct, "@bruno.petit et @nina.dehors, regardez")
    assert Notification.objects.filter(recipient=bruno, kind="mention").exists()
    assert not Notification.objects.filter(recipient=outsider).exists()


def test_a_reply_quotes_a_message_of_the_same_conversation_only(alice, bruno, direct, discussion):
    elsewhere = discussion.messages.latest("pk")
    reply = services.message_post(
        user=bruno, conversation=direct, body="Oui", reply_to_id=elsewhere.pk, rate_limited=False
    )
    assert reply.reply_to is None
    original = direct.messages.earliest("pk")
    reply = services.message_post(
        user=bruno, conversation=direct, body="Oui", reply_to_id=original.pk, rate_limited=False
    )
    assert reply.reply_to == original


@override_settings(RATE_LIMITS={"message": "3/60"})
def test_the_posting_limit_refuses_with_a_clear_message(alice, direct):
    from django.core.cache import cache

    cache.clear()
    for number in range(3):
        services.message_post(user=alice, conversation=direct, body=f"Message {number}")
    with pytest.raises(services.MessagingError, match="votre texte est conservé"):
        services.message_post(user=alice, conversation=direct, body="Un de trop")
    assert not direct.messages.filter(body="Un de trop").exists()


@pytest.mark.parametrize(
    "body",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[clic](javascript:alert(1))",
        '"><svg onload=alert(1)>',
        "**<iframe src=//evil>**",
    ],
)
def test_hostile_markup_is_stored_inert(alice, direct, body):
    message = post(alice, direct, body)
    tags = TagsAndAttributes()
    tags.feed(message.body_safe)
    assert tags.names <= {"p", "strong", "em", "a", "code", "br"}
    for name, value in tags.attributes:
        assert name == "href" and not value.lower().startswith("javascript"), (name, value)


def test_null_bytes_are_removed_and_huge_messages_refused_whole(alice, direct):
    message = post(alice, direct, "Bon\x00jour")
    assert message.body == "Bonjour"
    before = direct.messages.count()
    with pytest.raises(services.MessagingError, match="5000 caractères"):
        post(alice, direct, "x" * 5001)
    with pytest.raises(services.MessagingError):
        post(alice, direct, " \x00 ")
    assert direct.messages.count() == before


# --- Retention ------------------------------------------------------------------------------


@override_settings(MESSAGING_RETENTION_DAYS={"direct": 365, "group": 0, "channel": 0})
def test_retention_deletes_old_direct_messages_only(alice, direct, discussion):
    old = post(alice, direct, "Vieux message")
    kept = post(alice, direct, "Récent")
    long_ago = timezone.now() - timedelta(days=400)
    Message.objects.filter(pk=old.pk).update(created_at=long_ago)
    Message.objects.filter(conversation=discussion).update(created_at=long_ago)
    Message.objects.filter(conversation=direct).exclude(pk=kept.pk).update(created_at=long_ago)
    assert messages_purge() == 2
    assert list(direct.messages.values_list("pk", flat=True)) == [kept.pk]
    assert discussion.messages.exists()
    direct.refresh_from_db()
    assert direct.last_message_id == kept.pk
