"""Comments on anything people can discuss (social/targets.py), one level of replies, and the
reports that feed the moderation queue."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from social import markup
from social.markup import sanitise, to_text
from social.targets import CommentsMode


class Comment(models.Model):
    class Status(models.TextChoices):
        PUBLISHED = "published", _("Publié")
        HIDDEN = "hidden", _("Masqué par la modération")
        DELETED = "deleted", _("Supprimé")

    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("en réponse à"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    body = models.TextField(_("commentaire"), max_length=5000)
    body_html = models.TextField(editable=False)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.PUBLISHED
    )
    created_at = models.DateTimeField(_("publié le"), default=timezone.now)
    edited_at = models.DateTimeField(_("modifié le"), null=True, blank=True)
    moderated_at = models.DateTimeField(_("modéré le"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("modéré par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    discussion_kind = "commentaire"
    discussion_commentable = False  # replies live in the thread, not under a comment

    class Meta:
        verbose_name = _("commentaire")
        verbose_name_plural = _("commentaires")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(
                fields=["target_type", "target_id", "parent", "created_at"],
                name="comments_by_target",
            ),
            models.Index(fields=["author", "created_at"], name="comments_by_author"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="comments_not_own_parent"
            ),
        ]
        permissions = [("moderate_comment", _("Modérer les commentaires"))]

    def __str__(self) -> str:

        return to_text(self.body, limit=60) or _("Commentaire supprimé")

    @property
    def body_safe(self) -> str:
        """The rendered text, sanitised again on the way out (whatever is in the database)."""
        from django.utils.safestring import mark_safe

        return mark_safe(sanitise(self.body_html))  # noqa: S308 (allow-list sanitiser output)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_deleted(self) -> bool:
        return self.status == self.Status.DELETED

    @property
    def is_hidden(self) -> bool:
        return self.status == self.Status.HIDDEN

    def get_target(self):
        """The page (or post) discussed, specific; cached on the comment."""
        if not hasattr(self, "_target"):
            target = self.target
            self._target = target.specific if hasattr(target, "specific") else target
        return self._target

    # A comment is itself a target of reactions.
    @property
    def discussion_title(self) -> str:
        return self.get_target().discussion_title

    @property
    def discussion_owner_id(self) -> int | None:
        return self.author_id

    @property
    def discussion_mode(self) -> str:
        return self.get_target().discussion_mode

    def discussion_url(self) -> str:
        return f"{self.get_target().discussion_url()}#commentaire-{self.pk}"

    def discussion_visible_to(self, user) -> bool:
        """Published comments are seen by whoever sees what they discuss (a hidden one by its
        author and the moderators only, and no one reacts to it)."""
        return self.is_published and self.get_target().discussion_visible_to(user)

    def discussion_viewers(self):
        return self.get_target().discussion_viewers()

    @property
    def discussion_group(self):
        """The group of the post discussed, if any (notifications follow its rules)."""
        return getattr(self.get_target(), "discussion_group", None)

    @property
    def discussion_excerpt(self) -> str:
        """What a notification about this comment quotes."""
        return markup.to_text(self.body)

    def get_abilities(self, user, *, mode: str, moderator: bool) -> dict[str, bool]:
        """Which buttons this comment shows `user` (the views check the same rules)."""
        own = user.pk is not None and user.pk == self.author_id
        open_ = mode == CommentsMode.OPEN
        return {
            "reply": open_ and self.parent_id is None and not self.is_deleted,
            "edit": own and self.is_published and open_,
            "delete": (own or moderator) and not self.is_deleted,
            "report": not own and self.is_published,
            "react": self.is_published,
            "moderate": moderator and not self.is_deleted,
        }


class CommentReport(models.Model):
    """An agent's report of a comment, for the moderation queue."""

    class Reason(models.TextChoices):
        DISRESPECTFUL = "disrespectful", _("Propos injurieux ou irrespectueux")
        PERSONAL_DATA = "personal_data", _("Données personnelles ou confidentielles")
        OFF_TOPIC = "off_topic", _("Hors sujet")
        SPAM = "spam", _("Publicité ou message répété")
        OTHER = "other", _("Autre raison")

    class Outcome(models.TextChoices):
        KEPT = "kept", _("Commentaire conservé")
        HIDDEN = "hidden", _("Commentaire masqué")
        DELETED = "deleted", _("Commentaire supprimé")

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_reports"
    )
    reason = models.CharField(_("motif"), max_length=20, choices=Reason.choices)
    details = models.TextField(_("précisions"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("signalé le"), default=timezone.now)
    resolved_at = models.DateTimeField(_("traité le"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("traité par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.CharField(_("décision"), max_length=10, choices=Outcome.choices, blank=True)

    class Meta:
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        ordering = ["created_at"]
        constraints = [
            # One pending report per person and comment (a double click reports once).
            models.UniqueConstraint(
                fields=["comment", "reporter"],
                condition=Q(resolved_at__isnull=True),
                name="comments_one_open_report_per_person",
            ),
        ]
        indexes = [
            models.Index(fields=["resolved_at", "created_at"], name="comments_reports_queue")
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} — {self.comment}"
