"""Notifications by e-mail, as each person chose per kind, received by a real SMTP server:
mentions and private messages when still unread after 15 minutes, reactions never, a kind
turned to « at once » within the minute, and nothing about what the reader may no longer see."""

from datetime import timedelta

from django.utils import timezone

import pytest

from social.groups.models import Visibility
from social.groups.services import group_leave
from social.mail.digest import digest_send
from social.mail.outbox import outbox_send
from social.mail.services import notification_emails_send
from social.messaging.mailing import unread_messages_email
from social.messaging.services import (
    conversation_direct_open,
    conversation_mark_read,
    message_post,
)
from social.notifications.models import Channel, Notification, NotificationPreference
from social.notifications.services import notification_mark_read, notify
from tests.factories import UserFactory
from tests.social.groups.conftest import make_group

pytestmark = pytest.mark.django_db
Kind = Notification.Kind
LATER = timedelta(minutes=16)


@pytest.fixture
def paul(finances):
    return UserFactory(email="paul@exemple.fr", first_name="Paul", last_name="Durand")


def mention(person, actor, **fields):
    return notify(
        recipient=person,
        kind=Kind.MENTION,
        actor=actor,
        title=fields.pop("title", "Budget 2027"),
        url="/actualites/budget-2027/",
        excerpt="@Aline peux-tu relire ?",
        **fields,
    )


def deliver(now):
    notification_emails_send(now=now)
    return outbox_send()


def test_a_mention_still_unread_after_fifteen_minutes_is_e_mailed(smtp, agent, paul):
    made = mention(agent, paul)

    deliver(timezone.now())
    assert smtp.messages == []  # not yet: she may read it in Parvis meanwhile

    deliver(timezone.now() + LATER)
    [message] = smtp.to("agent@exemple.fr")
    assert message["Subject"].strip() == "Paul Durand vous a mentionné sur « Budget 2027 »"
    text, html = smtp.parts(message)
    for body in (text, html):
        assert f"https://intranet.exemple.fr/notifications/{made.pk}/" in body
        assert "@Aline peux-tu relire ?" in body
    assert "/courriel/desabonnement/" in "".join(message["List-Unsubscribe"].split())
    made.refresh_from_db()
    assert made.emailed_at is not None

    deliver(timezone.now() + LATER * 2)  # told once
    assert len(smtp.messages) == 1


def test_a_mention_read_in_time_is_not_e_mailed(smtp, agent, paul):
    made = mention(agent, paul)
    notification_mark_read(user=agent, notification_id=made.pk)
    deliver(timezone.now() + LATER)
    assert smtp.messages == []


def test_reactions_never_leave_by_e_mail_by_default(smtp, agent, paul):
    notify(recipient=agent, kind=Kind.REACTION, actor=paul, title="Budget", url="/")
    deliver(timezone.now() + timedelta(days=1))
    assert smtp.messages == []


def test_a_kind_chosen_at_once_leaves_at_the_next_minute(smtp, agent, paul):
    NotificationPreference.objects.create(user=agent, kind=Kind.REPLY, channel=Channel.EMAIL)
    notify(recipient=agent, kind=Kind.REPLY, actor=paul, title="Budget", url="/b/")
    deliver(timezone.now())
    assert len(smtp.to("agent@exemple.fr")) == 1


def test_several_due_together_make_one_e_mail(smtp, agent, paul, elu):
    mention(agent, paul, title="Budget 2027")
    mention(agent, elu, title="Conseil municipal")
    deliver(timezone.now() + LATER)
    [message] = smtp.to("agent@exemple.fr")
    # (Python's e-mail parser reads the non-breaking space before « : » as a plain one.)
    subject = " ".join(message["Subject"].split())
    assert subject == "2 nouvelles notifications : Mentions de mon nom"
    text = smtp.parts(message)[0]
    assert "Budget 2027" in text and "Conseil municipal" in text


def test_a_group_left_before_the_e_mail_leaves_no_trace(smtp, agent, paul):
    group = make_group(paul, Visibility.SECRET, "Cellule de crise", members=[agent])
    mention(agent, paul, title="Cellule de crise", group=group)
    group_leave(group=group, user=agent)
    deliver(timezone.now() + LATER)
    assert smtp.messages == []


def test_a_person_without_address_is_told_in_parvis_only(smtp, paul, finances):
    field_agent = UserFactory(email=None, employee_number="T1234", service=finances)
    made = mention(field_agent, paul)
    assert made is not None and made.email_due_at is None
    deliver(timezone.now() + LATER)
    assert smtp.messages == []


def test_unsubscribing_from_one_kind_keeps_it_in_parvis(smtp, agent, paul, client):
    mention(agent, paul)
    deliver(timezone.now() + LATER)
    [message] = smtp.to("agent@exemple.fr")
    url = "".join(message["List-Unsubscribe"].split()).strip("<>")
    client.post(url.removeprefix("https://intranet.exemple.fr"))

    preference = NotificationPreference.objects.get(user=agent, kind=Kind.MENTION)
    assert preference.channel == Channel.APP
    later = mention(agent, paul, title="Autre sujet")
    assert later is not None and later.email_due_at is None


# --- Private messages ------------------------------------------------------------------


@pytest.fixture
def talk(agent, paul):
    conversation = conversation_direct_open(user=paul, other=agent)
    message_post(
        user=paul, conversation=conversation, body="Le dossier secret du budget", rate_limited=False
    )
    message_post(user=paul, conversation=conversation, body="Tu as vu ?", rate_limited=False)
    return conversation


def test_unread_private_messages_are_e_mailed_without_their_text(smtp, agent, paul, talk):
    unread_messages_email(now=timezone.now())
    outbox_send()
    assert smtp.messages == []

    unread_messages_email(now=timezone.now() + LATER)
    outbox_send()
    [message] = smtp.to("agent@exemple.fr")
    assert message["Subject"].strip() == "Paul Durand vous a écrit 2 messages"
    text, html = smtp.parts(message)
    assert f"https://intranet.exemple.fr/messages/{talk.pk}/" in text
    for body in (text, html):
        assert "dossier secret" not in body and "Tu as vu" not in body
    assert smtp.to("paul@exemple.fr") == []  # the author is not told of their own messages

    unread_messages_email(now=timezone.now() + LATER * 2)
    outbox_send()
    assert len(smtp.messages) == 1


def test_private_messages_read_in_time_are_not_e_mailed(smtp, agent, talk):
    conversation_mark_read(user=agent, conversation=talk)
    unread_messages_email(now=timezone.now() + LATER)
    outbox_send()
    assert smtp.messages == []


def test_unread_messages_can_go_to_the_digest_instead(smtp, agent, paul, talk):
    NotificationPreference.objects.create(user=agent, kind=Kind.MESSAGE, channel=Channel.DIGEST)
    unread_messages_email(now=timezone.now() + LATER)
    outbox_send()
    assert smtp.messages == []  # not by e-mail on their own…

    digest_send(user_id=agent.pk, period="w2026-50")
    outbox_send()
    [digest] = smtp.to("agent@exemple.fr")
    text = smtp.parts(digest)[0]
    assert "Vos messages non lus" in text and "Paul Durand" in text
    assert "2 messages non lus" in text
    assert "dossier secret" not in text  # …and never what they say
