"""Messaging (cms/core/privacy.py): messages kept per kind of conversation
(MESSAGING_RETENTION_DAYS are the defaults, administrators change them in the admin), a
person's own messages and attachments in their export (never others' messages), others'
mentions of an anonymised person rewritten, their blocks forgotten."""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cms.core.privacy import (
    Activity,
    DataKind,
    ExportedFile,
    ExportPart,
    register_activity,
    register_anonymiser,
    register_data_kind,
    register_export_files,
    register_export_part,
    register_mention_text,
)

from .models import Block, Conversation, Message, MessageAttachment, Participant
from .retention import messages_of_kind_purge


def _conversation_label(conversation: Conversation) -> str:
    if conversation.name:
        return conversation.name
    if conversation.group_id:
        return str(conversation.group)
    return str(conversation.get_kind_display())


def message_rows(person):
    messages = (
        Message.objects.filter(author=person, deleted_at=None)
        .select_related("conversation__group")
        .order_by("pk")
    )
    for message in messages.iterator(chunk_size=1000):
        yield {
            "date": message.created_at,
            "edited": message.edited_at,
            "conversation": _conversation_label(message.conversation),
            "conversation_id": message.conversation_id,
            "text": message.body,
        }


def conversation_rows(person):
    participations = Participant.objects.filter(user=person).select_related("conversation__group")
    for participant in participations.iterator(chunk_size=500):
        yield {
            "conversation": _conversation_label(participant.conversation),
            "conversation_id": participant.conversation_id,
            "kind": participant.conversation.get_kind_display(),
            "joined": participant.joined_at,
            "left": participant.left_at,
            "muted": participant.muted,
        }


def block_rows(person):
    for block in Block.objects.filter(blocker=person).select_related("blocked"):
        yield {"date": block.created_at, "blocked": str(block.blocked)}


def attachment_files(person):
    attachments = MessageAttachment.objects.filter(
        message__author=person, message__deleted_at=None
    ).select_related("message")
    for attachment in attachments.iterator(chunk_size=500):
        yield ExportedFile(
            storage_name=attachment.file.name,
            folder=f"messagerie/{attachment.message.conversation_id}",
            name=attachment.name,
            date=attachment.message.created_at,
            storage=attachment.file.storage,
        )


def person_anonymise(person, replacement: dict) -> None:
    Block.objects.filter(blocker=person).delete()
    Block.objects.filter(blocked=person).delete()


KIND_LABELS = {
    "direct": _("Messages des conversations à deux"),
    "group": _("Messages des petits groupes de conversation"),
    "channel": _("Messages des canaux des groupes"),
}


def register() -> None:
    register_activity(
        Activity(
            key="messagerie",
            name=_("Messagerie et visio"),
            purpose=_(
                "Permettre aux agents et aux élus d'échanger en direct, à deux, en petit groupe "
                "ou dans le canal d'un groupe, et de lancer une visio."
            ),
            legal_basis=_("Mission d'intérêt public (article 6.1.e du RGPD)."),
            data=_(
                "Messages, pièces jointes, réactions, lectures (« vu par »), blocages et "
                "signalements."
            ),
            recipients=_(
                "Les membres de chaque conversation, et eux seuls ; les modérateurs pour les "
                "messages signalés."
            ),
            order=70,
        )
    )
    for kind, label in KIND_LABELS.items():
        register_data_kind(
            DataKind(
                key=f"messages_{kind}",
                activity="messagerie",
                label=label,
                days=settings.MESSAGING_RETENTION_DAYS.get(kind) or None,
                purge=partial(messages_of_kind_purge, kind),
                kept_for=_("Aussi longtemps que la conversation existe."),
            )
        )
    register_export_part(
        ExportPart(
            name="messages.json",
            description=_("Les messages que vous avez écrits (pas ceux des autres)."),
            rows=message_rows,
            order=70,
        )
    )
    register_export_part(
        ExportPart(
            name="conversations.json",
            description=_("Les conversations dont vous êtes ou avez été membre."),
            rows=conversation_rows,
            order=71,
        )
    )
    register_export_part(
        ExportPart(
            name="blocages.json",
            description=_("Les personnes que vous avez bloquées."),
            rows=block_rows,
            order=72,
        )
    )
    register_export_files(attachment_files)
    register_mention_text(Message, "body", "body_html")
    register_anonymiser(person_anonymise)
