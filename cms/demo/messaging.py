"""The demo's conversations: the demo agent's direct exchanges with colleagues (some unread), a
small discussion preparing an event, and the channels of two groups, over the last days."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from social.groups.models import Group
from social.messaging.models import Conversation, Message, Participant
from social.messaging.services import (
    conversation_channel_open,
    conversation_direct_open,
    conversation_group_create,
    conversation_mark_read,
    message_post,
)
from social.people.models import Service

# (who speaks: "agent" or "other", what they say, minutes ago)
DIRECT_EXCHANGES = {
    "ressources-humaines": [
        (
            "agent",
            "Bonjour, j'ai une question sur mon compteur de congés : il manque deux jours de RTT.",
            2900,
        ),
        ("other", "Bonjour ! Je regarde ça. Vous les aviez posés en novembre ?", 2880),
        ("agent", "Oui, les 14 et 15 novembre, validés par mon responsable.", 2870),
        (
            "other",
            "C'est corrigé, la validation n'était pas remontée dans le logiciel. Le compteur est à jour.",
            1500,
        ),
        (
            "other",
            "Pensez aussi à la campagne d'entretiens annuels : la grille est dans la base de connaissances.",
            95,
        ),
    ],
    "informatique": [
        (
            "other",
            "Le nouveau poste est prêt, vous pouvez passer le récupérer au centre technique.",
            4300,
        ),
        ("agent", "Merci ! Jeudi matin, ça vous va ?", 4290),
        ("other", "Parfait, à jeudi. Apportez l'ancien portable pour la restitution.", 4280),
        ("agent", "C'est noté, à jeudi.", 4270),
    ],
    "urbanisme": [
        (
            "other",
            "Tu as reçu le dossier du permis de la rue des Tilleuls ? L'architecte des bâtiments de France a répondu.",
            300,
        ),
        (
            "other",
            "Il demande une modification de la couleur des menuiseries. On en parle en réunion de service ?",
            42,
        ),
    ],
}

DISCUSSION = [
    ("Le forum des associations aura lieu le samedi 12 septembre au gymnase Jean-Moulin.", 3000),
    ("Je m'occupe de la liste des stands : 48 associations inscrites pour l'instant.", 2950),
    ("La salle est réservée de 8 h à 19 h, montage la veille à partir de 16 h.", 1400),
    ("Qui peut tenir l'accueil de 9 h à 11 h ? @{agent} tu serais disponible ?", 60),
]

CHANNELS = {
    "Pause café": [
        ("Il reste des croissants à la salle de pause du 2e étage !", 1450),
        ("Pour le repas de fin d'année, le sondage est dans le fil du groupe.", 700),
        ("Qui est partant pour la marche solidaire de dimanche ?", 35),
    ],
    "Référents numériques": [
        ("Rappel : mise à jour des postes jeudi soir, pensez à enregistrer vos documents.", 2000),
        (
            "Le tutoriel sur la double authentification est en ligne dans la base de connaissances.",
            400,
        ),
    ],
}


def _date(message: Message, minutes: int) -> None:
    when = timezone.now() - timedelta(minutes=minutes)
    Message.objects.filter(pk=message.pk).update(created_at=when, updated_at=when)
    Conversation.objects.filter(pk=message.conversation_id, last_message=message).update(
        last_message_at=when
    )


def _post(user, conversation, body: str, minutes: int) -> Message:
    message = message_post(user=user, conversation=conversation, body=body, rate_limited=False)
    _date(message, minutes)
    return message


def _read_until(user, conversation, message: Message | None) -> None:
    Participant.objects.filter(conversation=conversation, user=user).update(
        last_read_id=message.pk if message else 0
    )


def seed_messaging(*, agent) -> int:
    """Idempotent: nothing is added once the demo agent has conversations."""
    if Participant.objects.filter(user=agent).exists():
        return Conversation.objects.count()
    User = get_user_model()
    colleagues = {}
    for slug in DIRECT_EXCHANGES:
        service = Service.objects.filter(slug=slug).first()
        people = User.objects.filter(service=service, is_active=True, email__isnull=False)
        colleague = people.exclude(pk=agent.pk).order_by("pk").first()
        if colleague is not None:
            colleagues[slug] = colleague

    for slug, exchange in DIRECT_EXCHANGES.items():
        other = colleagues.get(slug)
        if other is None:
            continue
        conversation = conversation_direct_open(user=other, other=agent)
        posted = []
        for speaker, body, minutes in exchange:
            author = agent if speaker == "agent" else other
            posted.append((speaker, _post(author, conversation, body, minutes)))
        # The agent has read up to their last own message: what came after is unread.
        mine = [message for speaker, message in posted if speaker == "agent"]
        _read_until(agent, conversation, mine[-1] if mine else None)
        conversation_mark_read(user=other, conversation=conversation)

    team = list(colleagues.values())
    if len(team) >= 2:
        handle = (agent.email or "").split("@")[0]
        discussion = conversation_group_create(
            user=team[0], name="Forum des associations", people=[agent, *team[1:]]
        )
        _date(discussion.messages.get(), 3100)
        for index, (body, minutes) in enumerate(DISCUSSION):
            _post(team[index % len(team)], discussion, body.format(agent=handle), minutes)
        # Read up to the first two messages: the last two (one mentions them) are unread.
        _read_until(agent, discussion, discussion.messages.order_by("pk")[2])

    for name, lines in CHANNELS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        members = list(
            User.objects.filter(
                group_memberships__group=group, group_memberships__state="active"
            ).exclude(pk=agent.pk)[:3]
        )
        if not members:
            continue
        channel = conversation_channel_open(user=members[0], group=group)
        for index, (body, minutes) in enumerate(lines):
            _post(members[index % len(members)], channel, body, minutes)
        _read_until(agent, channel, None)
        for member in members:
            conversation_mark_read(user=member, conversation=channel)
    return Conversation.objects.count()
