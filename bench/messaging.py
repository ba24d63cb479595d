"""Messaging figures for `make bench` (issue 22).

`prepare`: the demo agent takes part in 1,000 direct conversations (one with each of 1,000
colleagues, a few messages each, some unread) and in a discussion of 100,000 messages
(idempotent: found again by the discussion's name). The conversation list and that
conversation (its latest 50 messages) are then measured like the other pages.
"""

from discussion import run_code

CONVERSATIONS = 1_000
MESSAGES = 100_000

CODE = f"""
import json, django
django.setup()
from datetime import timedelta
from django.db.models import Max
from django.utils import timezone
from social.messaging.models import Conversation, Message, Participant
from social.people.models import User

agent = User.objects.get(email="agent@val-de-parvis.fr")
big = Conversation.objects.filter(name="Bench 100 000 messages").first()
if big is None:
    people = list(
        User.objects.filter(is_active=True).exclude(pk=agent.pk).order_by("pk")[:{CONVERSATIONS}]
    )
    now = timezone.now()
    conversations = Conversation.objects.bulk_create(
        [Conversation(kind="direct", direct_key=":".join(map(str, sorted((agent.pk, p.pk)))),
                      created_by=p) for p in people],
        ignore_conflicts=True,
    )
    conversations = list(Conversation.objects.filter(kind="direct", direct_key__in=[
        ":".join(map(str, sorted((agent.pk, p.pk)))) for p in people]))
    by_key = {{c.direct_key: c for c in conversations}}
    places, messages = [], []
    for n, person in enumerate(people):
        c = by_key[":".join(map(str, sorted((agent.pk, person.pk))))]
        places += [Participant(conversation=c, user=agent),
                   Participant(conversation=c, user=person)]
        for k in range(3):
            messages.append(Message(conversation=c, author=person if k != 1 else agent,
                                    body=f"Message {{k}} de la conversation {{n}}",
                                    body_html=f"<p>Message {{k}} de la conversation {{n}}</p>",
                                    created_at=now - timedelta(minutes=n * 5 + 3 - k)))
    Participant.objects.bulk_create(places, ignore_conflicts=True)
    Message.objects.bulk_create(messages, batch_size=5_000)
    big = Conversation.objects.create(kind="group", name="Bench 100 000 messages", created_by=agent)
    Participant.objects.bulk_create(
        [Participant(conversation=big, user=u) for u in [agent, *people[:3]]])
    batch = []
    for k in range({MESSAGES}):
        author = people[k % 3] if k % 4 else agent
        batch.append(Message(conversation=big, author=author, body=f"Point {{k}} : **avancement**",
                             body_html=f"<p>Point {{k}} : <strong>avancement</strong></p>",
                             created_at=now - timedelta(seconds={MESSAGES} - k)))
        if len(batch) == 10_000:
            Message.objects.bulk_create(batch)
            batch = []
    Message.objects.bulk_create(batch)
    for c in [*conversations, big]:
        last = c.messages.order_by("-pk").first()
        Conversation.objects.filter(pk=c.pk).update(
            last_message=last, last_message_at=last.created_at)
    # The agent read half of the direct conversations up to their second message.
    for c in conversations[::2]:
        second = c.messages.order_by("pk")[1]
        Participant.objects.filter(conversation=c, user=agent).update(last_read_id=second.pk)
    for c in conversations[1::2]:
        Participant.objects.filter(conversation=c, user=agent).update(
            last_read_id=c.messages.aggregate(m=Max("pk"))["m"])
    newest = big.messages.aggregate(m=Max("pk"))["m"]
    Participant.objects.filter(conversation=big).update(last_read_id=newest)
    from django.db import connection
    with connection.cursor() as cursor:
        for table in ("messaging_message", "messaging_participant", "messaging_conversation"):
            cursor.execute("ANALYZE " + table)
print(json.dumps({{"list": "/messages/", "conversation": f"/messages/{{big.pk}}/"}}))
"""


def prepare(env: dict) -> dict:
    return run_code(CODE, env)
