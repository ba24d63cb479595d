"""Everything that changes conversations: starting them, adding and leaving, posting, editing,
deleting and pinning messages, reading, muting, blocking, and the nightly retention.

Each change is one transaction; the people concerned are told after it commits (cms.core.live:
their open pages catch up), mentions become notifications in a Celery task.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.core import generations, live
from cms.core.media import file_delete_on_commit
from cms.core.queueing import queue_after_commit
from cms.core.ratelimit import rate_limited as over_limit
from knowledge.library import filetypes
from knowledge.library.antivirus import antivirus_enabled
from knowledge.library.pictures import PICTURE_TYPES, reencoded_picture
from knowledge.models import ScanStatus
from social import markup
from social.comments.models import CommentReport
from social.comments.services import render_with_mentions
from social.groups.models import Group, Membership

from . import permissions, selectors, tasks, visio
from .models import (
    Block,
    Conversation,
    Message,
    MessageAttachment,
    MessageReport,
    Participant,
)

if TYPE_CHECKING:
    from social.people.models import User


class MessagingError(ValidationError):
    """Something the person can fix (a message too long, too many people…): shown to them,
    with what they wrote kept."""


# --- Who is told ------------------------------------------------------------------------


def readers_of(conversation: Conversation) -> list[int]:
    """The ids of the people who read `conversation` now (a channel: the group's members)."""
    if conversation.is_channel:
        return list(
            Membership.objects.filter(
                group_id=conversation.group_id,
                state=Membership.State.ACTIVE,
                user__is_active=True,
            ).values_list("user_id", flat=True)
        )
    return list(
        conversation.participants.filter(left_at__isnull=True, user__is_active=True).values_list(
            "user_id", flat=True
        )
    )


def conversation_changed(conversation: Conversation, *, people: Iterable[int] = ()) -> None:
    """Tell the readers of `conversation` (and `people`, e.g. someone who just left) that it
    changed: their open pages fetch what is new."""
    _tell({*readers_of(conversation), *people}, conversation)


def _tell(user_ids: Iterable[int], conversation: Conversation) -> None:
    """These people's unread count may have changed in `conversation`: it is counted again at
    their next page (after commit), and their open pages are told."""
    user_ids = list(user_ids)
    # Now, and again once committed: a page drawn meanwhile may have counted the old state.
    selectors.unread_forget(user_ids)
    transaction.on_commit(lambda: selectors.unread_forget(user_ids))
    live.publish(user_ids, "messages", {"conversation": conversation.pk})


def _places_changed(people: Iterable) -> None:
    """Someone joined or left: their cached conversations are computed again (the user objects
    given forget theirs at once, as the same object may be asked again in this request)."""
    for someone in people:
        if hasattr(someone, "__dict__") and not isinstance(someone, int):
            someone.__dict__.pop("_per_user_cache", None)
            someone = someone.pk
        generations.bump(permissions.places_generation(someone))


# --- Starting conversations -------------------------------------------------------------


def conversation_direct_open(*, user: User, other: User) -> Conversation:
    """The direct conversation between `user` and `other`, started if it does not exist."""
    if not permissions.can_start_direct(user, other):
        raise PermissionDenied
    key = Conversation.key_for(user.pk, other.pk)
    existing = Conversation.objects.filter(direct_key=key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            conversation = Conversation.objects.create(
                kind=Conversation.Kind.DIRECT, direct_key=key, created_by=user
            )
            Participant.objects.bulk_create(
                [
                    Participant(conversation=conversation, user=user),
                    Participant(conversation=conversation, user=other, added_by=user),
                ]
            )
            _places_changed([user, other])
    except IntegrityError:  # both started it at the same moment: one conversation
        return Conversation.objects.get(direct_key=key)
    return conversation


def _clean_name(name: str) -> str:
    name = " ".join((name or "").replace("\x00", "").split())
    if not name:
        raise MessagingError(_("Donnez un nom à la discussion."))
    if len(name) > 120:
        raise MessagingError(_("Le nom tient en 120 caractères au plus."))
    return name


def _check_size(count: int) -> None:
    limit = settings.MESSAGING_GROUP_MAX_MEMBERS
    if count > limit:
        raise MessagingError(
            _("Une discussion réunit au plus %(max)d personnes ; pour plus, créez un groupe.")
            % {"max": limit}
        )


@transaction.atomic
def conversation_group_create(*, user: User, name: str, people: Iterable[User]) -> Conversation:
    """A named discussion between `user` and `people` (at least one other person)."""
    if not user.is_active:
        raise PermissionDenied
    others = {person.pk: person for person in people if person.pk != user.pk and person.is_active}
    if not others:
        raise MessagingError(_("Choisissez au moins une autre personne."))
    _check_size(len(others) + 1)
    conversation = Conversation.objects.create(
        kind=Conversation.Kind.GROUP, name=_clean_name(name), created_by=user
    )
    Participant.objects.bulk_create(
        [Participant(conversation=conversation, user=user)]
        + [Participant(conversation=conversation, user=p, added_by=user) for p in others.values()]
    )
    _event(conversation, user, "created", names=[p.get_full_name() for p in others.values()])
    _places_changed([user, *others.values()])
    return conversation


@transaction.atomic
def conversation_channel_open(*, user: User, group: Group) -> Conversation:
    """The channel of `group` (opened by its first member to ask for it): every member gets a
    place, their reading starting now."""
    permissions.channel_group_for(user, group.pk)
    conversation, created = Conversation.objects.get_or_create(
        group=group, defaults={"kind": Conversation.Kind.CHANNEL, "created_by": user}
    )
    if created or not conversation.participants.filter(user=user).exists():
        channel_places_sync(group_id=group.pk)
    return conversation


@transaction.atomic
def channel_places_sync(*, group_id: int) -> None:
    """Give every active member of the group a place in its channel (reading from now), and
    close the places of those who are no longer members. Idempotent (membership signals)."""
    conversation = Conversation.objects.filter(group_id=group_id).first()
    if conversation is None:
        return
    members = set(
        Membership.objects.filter(group_id=group_id, state=Membership.State.ACTIVE).values_list(
            "user_id", flat=True
        )
    )
    places = dict(conversation.participants.values_list("user_id", "left_at"))
    now = timezone.now()
    newest = conversation.last_message_id or 0
    Participant.objects.bulk_create(
        [
            Participant(conversation=conversation, user_id=uid, last_read_id=newest)
            for uid in members - places.keys()
        ],
        ignore_conflicts=True,
    )
    back = [uid for uid, left in places.items() if left is not None and uid in members]
    conversation.participants.filter(user_id__in=back).update(
        left_at=None, joined_at=now, last_read_id=newest
    )
    gone = [uid for uid, left in places.items() if left is None and uid not in members]
    conversation.participants.filter(user_id__in=gone).update(left_at=now)
    if gone:
        _tell(gone, conversation)


@transaction.atomic
def conversation_members_add(
    *, user: User, conversation: Conversation, people: Iterable[User]
) -> list[User]:
    """Add `people` to a small discussion (any of its participants may)."""
    if not permissions.can_manage_members(user, conversation):
        raise PermissionDenied
    places = dict(conversation.participants.values_list("user_id", "left_at"))
    active = [uid for uid, left in places.items() if left is None]
    newcomers = [p for p in people if p.is_active and (p.pk not in places or places[p.pk])]
    if not newcomers:
        raise MessagingError(_("Ces personnes participent déjà à la discussion."))
    _check_size(len(active) + len(newcomers))
    now = timezone.now()
    newest = conversation.last_message_id or 0
    for person in newcomers:
        Participant.objects.update_or_create(
            conversation=conversation,
            user=person,
            defaults={
                "left_at": None,
                "joined_at": now,
                "added_by": user,
                "last_read_id": newest,
                "marked_unread": False,
            },
        )
    _event(conversation, user, "added", names=[p.get_full_name() for p in newcomers])
    _places_changed(newcomers)
    return newcomers


@transaction.atomic
def conversation_leave(*, user: User, conversation: Conversation) -> None:
    """Leave a small discussion: its messages are no longer readable by `user`."""
    if not conversation.is_group or not permissions.can_read_conversation(user, conversation):
        raise PermissionDenied
    conversation.participants.filter(user=user).update(left_at=timezone.now())
    _event(conversation, user, "left", names=[])
    _places_changed([user])
    conversation_changed(conversation, people=[user.pk])


@transaction.atomic
def conversation_rename(*, user: User, conversation: Conversation, name: str) -> None:
    if not conversation.is_group or not permissions.can_read_conversation(user, conversation):
        raise PermissionDenied
    conversation.name = _clean_name(name)
    conversation.save(update_fields=["name"])
    _event(conversation, user, "renamed", names=[conversation.name])


def _event(conversation: Conversation, user: User, what: str, *, names: list[str]) -> Message:
    """A line of the conversation's history (« Marie a ajouté Paul »), written by Parvis."""
    return _append(
        conversation,
        Message(
            conversation=conversation,
            author=user,
            kind=Message.Kind.EVENT,
            data={"event": what, "names": names},
        ),
    )


def _append(conversation: Conversation, message: Message) -> Message:
    if message.pk is None:
        message.save()
    Conversation.objects.filter(pk=conversation.pk).update(
        last_message=message, last_message_at=message.created_at
    )
    conversation.last_message_id = message.pk
    if message.author_id:
        Participant.objects.filter(
            conversation=conversation, user_id=message.author_id, last_read_id__lt=message.pk
        ).update(last_read_id=message.pk, last_read_at=message.created_at, marked_unread=False)
    conversation_changed(conversation)
    return message


# --- Messages ---------------------------------------------------------------------------


def _clean_body(body: str) -> str:
    return markup.clean_text(
        body,
        required=True,
        empty=_("Écrivez un message avant de l'envoyer."),
        too_long=_(
            "Un message tient en %(max)d caractères au plus (le vôtre en compte %(length)d) : "
            "coupez-le en plusieurs."
        ),
        error=MessagingError,
    )


@transaction.atomic
def message_post(
    *,
    user: User,
    conversation: Conversation,
    body: str,
    reply_to_id: int | None = None,
    files: Sequence[UploadedFile] = (),
    rate_limited: bool = True,
) -> Message:
    """Post `body` (the safe markup) in `conversation`, replying to one of its messages, with
    pictures and documents through the library's checks. Nothing is stored unless everything
    is accepted."""
    if not permissions.can_write(user, conversation):
        raise PermissionDenied
    files = list(files)
    body = _clean_body(body) if body.strip() or not files else ""
    accepted = _accepted_files(files)
    reply_to = None
    if reply_to_id:
        reply_to = conversation.messages.filter(pk=reply_to_id, deleted_at__isnull=True).first()
    if rate_limited and over_limit("message", user.pk):
        raise MessagingError(
            _(
                "Vous avez envoyé beaucoup de messages en peu de temps. Patientez un instant : "
                "votre texte est conservé."
            )
        )
    message = Message(
        conversation=conversation,
        author=user,
        body=body,
        body_html=render_with_mentions(body),
        reply_to=reply_to,
    )
    message.save()
    _attach(message, accepted)
    if any(item["kind"] == "document" for item in accepted) and antivirus_enabled():
        queue_after_commit(tasks.scan_attachments, message.pk)
    _append(conversation, message)
    if markup.mentioned_handles(body):
        queue_after_commit(tasks.notify_message_mentions, message.pk)
    return message


def _clean_name(name: str) -> str:
    """The sender's file name as shown (never as stored): no folders, no null bytes, bounded."""
    cleaned = PurePosixPath((name or "").replace("\\", "/").replace("\x00", "")).name
    return cleaned.strip()[:200] or _("fichier")


PICTURE_MIME = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


def _accepted_files(files: list[UploadedFile]) -> list[dict]:
    """Each file checked as the library checks them (type by content, size, archives),
    pictures re-encoded. Raises MessagingError naming the file refused."""
    if len(files) > settings.MESSAGING_MAX_FILES:
        raise MessagingError(
            _("Joignez au plus %(max)d fichiers.") % {"max": settings.MESSAGING_MAX_FILES}
        )
    accepted = []
    for uploaded in files:
        name = _clean_name(uploaded.name)
        try:
            kind = filetypes.inspect(uploaded, name)
            if kind.family == "image" and kind.mime_type in PICTURE_TYPES:
                picture = reencoded_picture(uploaded)
                extension = picture.name.rsplit(".", 1)[-1]
                accepted.append(
                    {
                        "kind": "image",
                        "content": picture,
                        "name": name,
                        "stored": picture.name,
                        "mime": PICTURE_MIME[extension],
                    }
                )
            else:
                uploaded.seek(0)
                accepted.append(
                    {
                        "kind": "document",
                        "content": uploaded,
                        "name": name,
                        "stored": f"fichier.{kind.extension}",
                        "mime": kind.mime_type,
                    }
                )
        except filetypes.Rejected as rejected:
            raise MessagingError(f"{name}\u00a0: {rejected.message}") from None
    return accepted


def _attach(message: Message, accepted: list[dict]) -> None:
    stored = []  # files written so far: a refused message leaves none behind
    try:
        for position, item in enumerate(accepted):
            attachment = MessageAttachment(
                message=message,
                kind=item["kind"],
                name=item["name"],
                mime_type=item["mime"],
                size=item["content"].size,
                position=position,
                scan_status=ScanStatus.PENDING
                if item["kind"] == "document" and antivirus_enabled()
                else ScanStatus.UNSCANNED,
            )
            attachment.file.save(item["stored"], item["content"], save=False)
            stored.append(attachment.file)
            attachment.save()
    except BaseException:
        for file in stored:
            file.storage.delete(file.name)
        raise


@transaction.atomic
def message_edit(*, user: User, message: Message, body: str) -> Message:
    if not permissions.can_edit_message(user, message):
        raise PermissionDenied
    body = _clean_body(body)
    if body == message.body:
        return message
    now = timezone.now()
    message.body, message.body_html = body, render_with_mentions(body)
    message.edited_at = message.updated_at = now
    message.save(update_fields=["body", "body_html", "edited_at", "updated_at"])
    conversation_changed(message.conversation)
    if markup.mentioned_handles(body):
        queue_after_commit(tasks.notify_message_mentions, message.pk)
    return message


@transaction.atomic
def message_delete(*, user: User, message: Message) -> None:
    """« Message supprimé »: the text is gone for good, the place in the thread stays."""
    if not permissions.can_delete_message(user, message, message.conversation):
        raise PermissionDenied
    _erase(message)


def _erase(message: Message) -> None:
    for attachment in message.attachments.all():
        file_delete_on_commit(attachment.file)
    message.attachments.all().delete()
    now = timezone.now()
    message.body = message.body_html = ""
    message.deleted_at = message.updated_at = now
    message.pinned_at, message.pinned_by = None, None
    message.save(
        update_fields=["body", "body_html", "deleted_at", "updated_at", "pinned_at", "pinned_by"]
    )
    conversation_changed(message.conversation)


@transaction.atomic
def message_pin(*, user: User, message: Message, pinned: bool) -> None:
    conversation = message.conversation
    if message.is_deleted or not permissions.can_pin(user, conversation):
        raise PermissionDenied
    now = timezone.now()
    message.pinned_at, message.pinned_by = (now, user) if pinned else (None, None)
    message.updated_at = now
    message.save(update_fields=["pinned_at", "pinned_by", "updated_at"])
    conversation_changed(conversation)


# --- Visio ------------------------------------------------------------------------------


@transaction.atomic
def visio_start(*, user: User, conversation: Conversation) -> Message:
    """A meeting room on the configured service, announced in the conversation; its readers
    are told (a notification), the one who started it is its moderator."""
    if not visio.enabled() or not permissions.can_write(user, conversation):
        raise PermissionDenied
    title = str(conversation.group or "") if conversation.is_channel else conversation.name
    try:
        room = visio.room_create(title=title or _("Visio Parvis"))
    except visio.VisioUnavailable as error:
        raise MessagingError(
            _("Le service de visio ne répond pas. Réessayez dans un instant.")
        ) from error
    message = _append(
        conversation,
        Message(
            conversation=conversation,
            author=user,
            kind=Message.Kind.VISIO,
            data={**room.as_data(), "started_by": user.pk},
        ),
    )
    queue_after_commit(tasks.notify_visio, message.pk)
    return message


def visio_join_url(*, user: User, message: Message) -> str:
    """Where `user`, who reads the conversation, joins the meeting a message announced."""
    if message.kind != Message.Kind.VISIO or message.is_deleted:
        raise PermissionDenied
    if not permissions.can_read_conversation(user, message.conversation):
        raise PermissionDenied
    try:
        return visio.join_url(
            user, message.data, moderator=message.data.get("started_by") == user.pk
        )
    except visio.VisioUnavailable as error:
        raise MessagingError(
            _("Le service de visio ne répond pas. Réessayez dans un instant.")
        ) from error


# --- Reading ----------------------------------------------------------------------------


def place_of(user: User, conversation: Conversation) -> Participant:
    """`user`'s place in a conversation they read (made for a channel member who has none)."""
    place = conversation.participants.filter(user=user).first()
    if place is None or (conversation.is_channel and place.left_at is not None):
        channel_places_sync(group_id=conversation.group_id)
        place = conversation.participants.get(user=user)
    return place


def conversation_mark_read(
    *, user: User, conversation: Conversation, up_to: int | None = None
) -> bool:
    """`user` has seen the conversation up to message `up_to` (its newest by default). Reading
    only moves forward; True when something changed. Small conversations tell the others (« vu
    par »)."""
    newest = conversation.last_message_id or 0
    up_to = newest if up_to is None else min(up_to, newest)
    changed = (
        Participant.objects.filter(conversation=conversation, user=user)
        .filter(Q(last_read_id__lt=up_to) | Q(marked_unread=True))
        .update(last_read_id=up_to, last_read_at=timezone.now(), marked_unread=False)
    )
    if changed:
        _tell([user.pk], conversation)
        if len(readers_of(conversation)) <= settings.MESSAGING_RECEIPTS_MAX:
            conversation_changed(conversation)
    return bool(changed)


def conversation_mark_unread(*, user: User, conversation: Conversation) -> None:
    Participant.objects.filter(conversation=conversation, user=user).update(marked_unread=True)
    _tell([user.pk], conversation)


def conversation_mute(*, user: User, conversation: Conversation, muted: bool) -> None:
    place = place_of(user, conversation)
    place.muted = muted
    place.save(update_fields=["muted"])
    _tell([user.pk], conversation)


# --- Reports ----------------------------------------------------------------------------


def message_report(*, user: User, message: Message, reason: str, details: str = "") -> bool:
    """`user` reports a message they read; False when they had already reported it."""
    if not permissions.can_report(user, message, message.conversation):
        raise PermissionDenied
    if reason not in CommentReport.Reason.values:
        raise MessagingError(_("Choisissez un motif."))
    details = (details or "").replace("\x00", "").strip()[:1000]
    _report, created = MessageReport.objects.get_or_create(
        message=message,
        reporter=user,
        defaults={"reason": reason, "details": details, "excerpt": message.body},
    )
    return created


@transaction.atomic
def message_report_resolve(*, user: User, report: MessageReport, remove: bool) -> None:
    """Keep or remove the reported message; every open report of it is closed, and those who
    reported it are told the outcome."""
    if not permissions.can_handle_report(user, report):
        raise PermissionDenied
    message = report.message
    if remove and not message.is_deleted:
        _erase(message)
    outcome = MessageReport.Outcome.REMOVED if remove else MessageReport.Outcome.KEPT
    open_reports = message.reports.filter(resolved_at__isnull=True)
    reporters = list(open_reports.values_list("pk", flat=True))
    open_reports.update(resolved_at=timezone.now(), resolved_by=user, outcome=outcome)
    for report_id in reporters:
        queue_after_commit(tasks.notify_report_outcome, report_id)


# --- Blocking ---------------------------------------------------------------------------


def block_set(*, user: User, other: User, blocked: bool) -> None:
    """`user` stops (or resumes) receiving direct messages from `other`."""
    if other.pk == user.pk:
        raise MessagingError(_("Vous ne pouvez pas vous bloquer vous-même."))
    if blocked:
        Block.objects.get_or_create(blocker=user, blocked=other)
    else:
        Block.objects.filter(blocker=user, blocked=other).delete()


def people_by_ids(ids: Iterable[str]) -> list[User]:
    """Active colleagues named by the ids a form sent (the unknown are ignored)."""
    numbers = [int(value) for value in ids if str(value).isdigit()][:200]
    return list(get_user_model().objects.filter(pk__in=numbers, is_active=True))
