"""Conversations between colleagues: direct (two people), small groups (named, up to
MESSAGING_GROUP_MAX_MEMBERS) and the channel of a Parvis group.

Who reads what is decided in permissions.py: a participant row that is not left for direct and
small conversations, an active membership of the group for a channel (so a channel follows the
group at once; its participant rows only carry each member's reading state). Unread counts are
computed from each participant's `last_read_id`, never stored as counters that could drift.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from knowledge.models import ScannedFile, ScanStatus
from social import markup
from social.comments.models import CommentReport


class Conversation(models.Model):
    class Kind(models.TextChoices):
        DIRECT = "direct", _("Conversation privée")
        GROUP = "group", _("Discussion à plusieurs")
        CHANNEL = "channel", _("Canal de groupe")

    kind = models.CharField(_("type"), max_length=8, choices=Kind.choices)
    name = models.CharField(_("nom"), max_length=120, blank=True)
    group = models.OneToOneField(
        "groups.Group",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="channel",
        verbose_name=_("groupe"),
    )
    # "<smaller user id>:<larger user id>": one direct conversation per pair of colleagues.
    direct_key = models.CharField(max_length=41, null=True, blank=True, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_message = models.ForeignKey(
        "Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_message_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="channel", group__isnull=False)
                | Q(~Q(kind="channel"), group__isnull=True),
                name="messaging_channel_has_group",
            ),
            models.CheckConstraint(
                condition=Q(kind="direct", direct_key__isnull=False)
                | Q(~Q(kind="direct"), direct_key__isnull=True),
                name="messaging_direct_has_key",
            ),
        ]

    def __str__(self) -> str:
        return self.name or f"{self.get_kind_display()} {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("messaging:conversation", args=[self.pk])

    @property
    def is_direct(self) -> bool:
        return self.kind == self.Kind.DIRECT

    @property
    def is_channel(self) -> bool:
        return self.kind == self.Kind.CHANNEL

    @property
    def is_group(self) -> bool:
        return self.kind == self.Kind.GROUP

    @staticmethod
    def key_for(first_id: int, second_id: int) -> str:
        low, high = sorted((first_id, second_id))
        return f"{low}:{high}"


class Participant(models.Model):
    """One person's place in a conversation: since when, until when (left or removed), and how
    far they have read."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversation_places"
    )
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The id of the latest message this person has seen; everything above it is unread.
    last_read_id = models.BigIntegerField(default=0)
    last_read_at = models.DateTimeField(null=True, blank=True)
    marked_unread = models.BooleanField(default=False)
    muted = models.BooleanField(_("sourdine"), default=False)
    # The latest message an e-mail told this person of (« 2 messages non lus de… »): the next
    # e-mail is about what came after it.
    emailed_up_to_id = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "user"], name="messaging_one_place_per_person"
            ),
        ]
        indexes = [
            models.Index(
                fields=["user"], condition=Q(left_at__isnull=True), name="messaging_places_active"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.conversation}"

    @property
    def is_active(self) -> bool:
        return self.left_at is None


class Message(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", _("Message")
        VISIO = "visio", _("Visio")
        EVENT = "event", _("Événement de la conversation")

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=5, choices=Kind.choices, default=Kind.TEXT)
    body = models.TextField(_("message"), blank=True)
    body_html = models.TextField(blank=True, editable=False)
    # A visio room (its address, its provider) or what happened (« X a ajouté Y »).
    data = models.JSONField(default=dict, blank=True)
    reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    # Anything that changes how the message looks (edit, delete, pin): open pages catch up.
    updated_at = models.DateTimeField(default=timezone.now)
    pinned_at = models.DateTimeField(null=True, blank=True)
    pinned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            models.Index(fields=["conversation", "id"], name="messaging_messages_order"),
            models.Index(fields=["conversation", "updated_at"], name="messaging_messages_changed"),
            models.Index(fields=["created_at"], name="messaging_messages_age"),
        ]

    def __str__(self) -> str:
        return f"{self.author} — {self.body[:40]}"

    def get_absolute_url(self) -> str:
        return f"{self.conversation.get_absolute_url()}?message={self.pk}#message-{self.pk}"

    @property
    def body_safe(self) -> str:
        """The rendered text, sanitised again on the way out (whatever is in the database)."""
        return markup.sanitise(self.body_html)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_edited(self) -> bool:
        return self.edited_at is not None and not self.is_deleted

    def editable_until(self):
        return self.created_at + timedelta(hours=settings.MESSAGING_EDIT_HOURS)

    # --- Discussion target (reactions): the rules live in permissions.py -------------------
    discussion_kind = "message"
    discussion_commentable = False
    discussion_mode = "open"

    @property
    def discussion_title(self) -> str:
        return str(self.conversation)

    @property
    def discussion_owner_id(self) -> int | None:
        return self.author_id

    def discussion_url(self) -> str:
        return self.get_absolute_url()

    def discussion_visible_to(self, user) -> bool:
        from .permissions import can_read_conversation

        return not self.is_deleted and can_read_conversation(user, self.conversation)

    def discussion_viewers(self):
        from .permissions import conversation_readers

        return conversation_readers(self.conversation)


class Block(models.Model):
    """`blocker` receives no direct message from `blocked` (and cannot start one with them)."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_made"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_received"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("blocage")
        verbose_name_plural = _("blocages")
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="messaging_one_block"),
            models.CheckConstraint(
                condition=~Q(blocker=models.F("blocked")), name="messaging_no_self_block"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.blocker} ⊘ {self.blocked}"


class MessageReport(models.Model):
    """A colleague's report of a message, for the group's administrators (a channel) or the
    communication officers (a direct or small conversation). The reported text is copied: the
    person who reports shares this one message with those who handle it, nothing more."""

    class Outcome(models.TextChoices):
        KEPT = "kept", _("Message conservé")
        REMOVED = "removed", _("Message retiré")

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="message_reports"
    )
    reason = models.CharField(_("motif"), max_length=20, choices=CommentReport.Reason.choices)
    details = models.TextField(_("précisions"), max_length=1000, blank=True)
    excerpt = models.TextField(_("message signalé"), blank=True)
    created_at = models.DateTimeField(_("signalé le"), default=timezone.now)
    resolved_at = models.DateTimeField(_("traité le"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)

    class Meta:
        verbose_name = _("signalement de message")
        verbose_name_plural = _("signalements de messages")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "reporter"], name="messaging_one_report_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reporter} — {self.message_id} ({self.reason})"


def attachment_path(instance, filename: str) -> str:
    """A name the server makes: nothing of the sender's file name reaches the disk."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"messages/{instance.message.conversation_id}/{uuid.uuid4().hex}{suffix}"


class MessageAttachment(ScannedFile, models.Model):
    """A file sent with a message: a picture (re-encoded, shown in the thread) or a document
    (downloaded). Together they make the conversation's files, served only to its readers."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("Image")
        DOCUMENT = "document", _("Document")

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    file = models.FileField(upload_to=attachment_path, max_length=200)
    name = models.CharField(_("nom"), max_length=200)
    mime_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField(default=0)
    position = models.PositiveSmallIntegerField(default=0)
    # A document waits for the antivirus (when there is one) before anyone may download it;
    # pictures are decoded and re-encoded at once, never scanned.
    scan_status = models.CharField(
        _("antivirus"), max_length=10, choices=ScanStatus.choices, default=ScanStatus.UNSCANNED
    )
    scan_signature = models.CharField(_("virus détecté"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("messaging:file", args=[self.pk])

    @property
    def is_image(self) -> bool:
        return self.kind == self.Kind.IMAGE
