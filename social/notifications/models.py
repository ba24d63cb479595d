"""In-app notifications, each person choosing which kinds they receive.

A notification is self-contained (title, excerpt and address copied when it is made), so a list
or a later email digest renders it without reaching back into what it is about: the digest
selects a person's notifications with `digested_at` empty, renders them, and sets it.
Notifications of the same batch (reactions to one thing) accumulate in one unread row:
« 3 collègues ont réagi ».
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class Notification(models.Model):
    class Kind(models.TextChoices):
        REPLY = "reply", _("Réponses à mes commentaires")
        MENTION = "mention", _("Mentions de mon nom")
        REACTION = "reaction", _("Réactions à mes contenus")
        MODERATION = "moderation", _("Modération de mes commentaires")
        REPORT_OUTCOME = "report_outcome", _("Suite donnée à mes signalements")
        ARTICLE_APPROVED = "article_approved", _("Articles que j'ai soumis, validés")
        ARTICLE_REJECTED = "article_rejected", _("Articles que j'ai soumis, refusés")
        GROUP_POST = "group_post", _("Nouvelles publications dans mes groupes")
        GROUP_MEMBERSHIP = (
            "group_membership",
            _("Demandes, invitations et adhésions de mes groupes"),
        )
        VISIO = "visio", _("Visios démarrées dans mes conversations")
        EVENT = "event", _("Mes événements : inscriptions, changements et rappels")
        TASK_ASSIGNED = "task_assigned", _("Tâches qui me sont assignées")
        TASK_DUE = "task_due", _("Mes tâches à rendre demain")
        TASK_CHANGED = "task_changed", _("Changements des tâches que je suis")
        # Made only to be sent by e-mail (the conversation list shows them in Parvis).
        MESSAGE = "message", _("Messages directs non lus")
        READ_REMINDER = "read_reminder", _("Rappels des actualités à lire obligatoirement")
        FILE_QUARANTINED = (
            "file_quarantined",
            _("Fichiers que j'ai déposés ou dont j'ai la charge, mis en quarantaine"),
        )
        DATA_EXPORT = "data_export", _("Mes exports de données personnelles, prêts")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The latest person who acted.",
    )
    actors_count = models.PositiveIntegerField(default=1)
    title = models.CharField(max_length=255)
    # What a group's notification is about: it is shown only while the recipient may see the
    # group (read it, for its posts), so leaving a secret group leaves no trace of it.
    group = models.ForeignKey(
        "groups.Group", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # The same for a conversation: a mention in it is shown only while they read it.
    conversation = models.ForeignKey(
        "messaging.Conversation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    excerpt = models.CharField(max_length=300, blank=True)
    detail = models.CharField(max_length=40, blank=True, help_text="Outcome, reaction kind…")
    url = models.CharField(max_length=500)
    # Notifications that accumulate share a batch key while unread.
    batch_key = models.CharField(max_length=100, blank=True)
    # What caused it: running the same task twice makes one notification.
    event_key = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    digested_at = models.DateTimeField(null=True, blank=True)
    # When it leaves by e-mail if its recipient chose so (at once, or if still unread by then);
    # `emailed_at` is set in the transaction that puts the e-mail in the outbox.
    email_due_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-updated_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-updated_at"], name="notifications_inbox"),
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notifications_unread",
            ),
            models.Index(
                fields=["recipient", "created_at"],
                condition=Q(digested_at__isnull=True),
                name="notifications_to_digest",
            ),
            models.Index(
                fields=["email_due_at"],
                condition=Q(email_due_at__isnull=False, emailed_at__isnull=True),
                name="notifications_to_email",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event_key"],
                condition=~Q(event_key=""),
                name="notifications_one_per_event",
            ),
            models.UniqueConstraint(
                fields=["recipient", "batch_key"],
                condition=Q(read_at__isnull=True) & ~Q(batch_key=""),
                name="notifications_one_unread_per_batch",
            ),
        ]

    def __str__(self) -> str:
        return self.message

    @property
    def is_unread(self) -> bool:
        return self.read_at is None

    @property
    def message(self) -> str:
        """The sentence shown in the list (and the digest), in the reader's language."""
        actor = self.actor.get_full_name() or self.actor.email if self.actor else _("Un collègue")
        title = self.title
        others = self.actors_count - 1
        values = {"actor": actor, "title": title}
        if self.kind == self.Kind.REPLY and self.detail == "post":
            return _("%(actor)s a commenté votre publication dans « %(title)s »") % values
        if self.kind == self.Kind.GROUP_POST:
            if self.detail == "question":
                return _("%(actor)s a posé une question dans « %(title)s »") % values
            return _("%(actor)s a publié dans « %(title)s »") % values
        if self.kind == self.Kind.GROUP_MEMBERSHIP:
            if self.detail == "request":
                return _("%(actor)s demande à rejoindre le groupe « %(title)s »") % values
            if self.detail == "invited":
                return _("%(actor)s vous invite à rejoindre le groupe « %(title)s »") % values
            if self.detail == "approved":
                return _("Votre demande pour rejoindre « %(title)s » est acceptée") % values
            return _("Votre demande pour rejoindre « %(title)s » n'a pas été acceptée") % values
        if self.kind == self.Kind.EVENT:
            return self._event_message(actor, title)
        if self.kind == self.Kind.READ_REMINDER:
            return _("Rappel : merci de lire et de confirmer « %(title)s »") % values
        if self.kind == self.Kind.FILE_QUARANTINED:
            return _(
                "L'antivirus a mis « %(title)s » en quarantaine : %(virus)s. Le fichier ne peut "
                "plus être téléchargé."
            ) % {**values, "virus": self.detail}
        if self.kind == self.Kind.DATA_EXPORT:
            return (
                _("L'export de vos données est prêt : téléchargez-le avant le %(title)s") % values
            )
        if self.kind == self.Kind.TASK_ASSIGNED:
            return _("%(actor)s vous a assigné la tâche « %(title)s »") % values
        if self.kind == self.Kind.TASK_DUE:
            return _("La tâche « %(title)s » est à rendre demain") % values
        if self.kind == self.Kind.TASK_CHANGED:
            if others > 0:
                return ngettext(
                    "%(actor)s et %(count)d collègue ont modifié la tâche « %(title)s »",
                    "%(actor)s et %(count)d collègues ont modifié la tâche « %(title)s »",
                    others,
                ) % {**values, "count": others}
            return _("%(actor)s a modifié la tâche « %(title)s »") % values
        if self.kind == self.Kind.REPLY:
            return _("%(actor)s a répondu à votre commentaire sur « %(title)s »") % {
                "actor": actor,
                "title": title,
            }
        if self.kind == self.Kind.MENTION:
            return _("%(actor)s vous a mentionné sur « %(title)s »") % {
                "actor": actor,
                "title": title,
            }
        if self.kind == self.Kind.REACTION:
            values = {"actor": actor, "count": others, "title": title}
            if self.detail == "comment":
                if others <= 0:
                    return _("%(actor)s a réagi à votre commentaire sur « %(title)s »") % values
                return (
                    ngettext(
                        "%(actor)s et %(count)d collègue ont réagi à votre commentaire sur "
                        "« %(title)s »",
                        "%(actor)s et %(count)d collègues ont réagi à votre commentaire sur "
                        "« %(title)s »",
                        others,
                    )
                    % values
                )
            if others <= 0:
                return _("%(actor)s a réagi à « %(title)s »") % values
            return (
                ngettext(
                    "%(actor)s et %(count)d collègue ont réagi à « %(title)s »",
                    "%(actor)s et %(count)d collègues ont réagi à « %(title)s »",
                    others,
                )
                % values
            )
        if self.kind == self.Kind.MODERATION:
            if self.detail == "deleted":
                return _("Votre commentaire sur « %(title)s » a été supprimé par la modération") % {
                    "title": title
                }
            if self.detail == "restored":
                return _("Votre commentaire sur « %(title)s » est de nouveau visible") % {
                    "title": title
                }
            return _("Votre commentaire sur « %(title)s » a été masqué par la modération") % {
                "title": title
            }
        if self.kind == self.Kind.REPORT_OUTCOME:
            if self.detail == "kept":
                return _(
                    "Votre signalement d'un commentaire sur « %(title)s » a été examiné : "
                    "le commentaire est conservé"
                ) % {"title": title}
            return _(
                "Votre signalement d'un commentaire sur « %(title)s » a été examiné : "
                "le commentaire a été retiré"
            ) % {"title": title}
        if self.kind == self.Kind.ARTICLE_APPROVED:
            return _("%(actor)s a validé votre article « %(title)s »") % {
                "actor": actor,
                "title": title,
            }
        return _("%(actor)s a refusé votre article « %(title)s »") % {
            "actor": actor,
            "title": title,
        }

    def _event_message(self, actor: str, title: str) -> str:
        values = {"actor": actor, "title": title}
        messages = {
            "promoted": _(
                "Une place s'est libérée : votre inscription à « %(title)s » est confirmée"
            ),
            "changed": _("« %(title)s » a changé (date, horaire ou lieu)"),
            "cancelled": _("« %(title)s » est annulé"),
            "occurrence_cancelled": _("Une séance de « %(title)s » est annulée"),
            "occurrence_moved": _("Une séance de « %(title)s » est déplacée"),
            "reminder": _("Rappel : « %(title)s » approche"),
            "message": _("%(actor)s a écrit aux participants de « %(title)s »"),
            "new": _("%(actor)s a ajouté « %(title)s » à l'agenda"),
        }
        return messages.get(self.detail, messages["changed"]) % values


class NotificationActor(models.Model):
    """The people behind a batched notification (« 3 collègues ont réagi »)."""

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="actor_links"
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "actor"], name="notifications_actor_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.actor} → {self.notification_id}"


class Channel(models.TextChoices):
    """How a person hears of one kind of notification."""

    OFF = "off", _("Ne pas me prévenir")
    APP = "app", _("Dans Parvis seulement")
    EMAIL = "email", _("Par e-mail, tout de suite")
    UNREAD = "unread", _("Par e-mail, si non lue après 15 minutes")
    DIGEST = "digest", _("Dans mon résumé par e-mail")


# What people who never chose hear: their name and their messages by e-mail when they have not
# seen them, reactions never by e-mail, a reminder to read an item at once, the rest in the
# digest.
DEFAULT_CHANNELS = {
    Notification.Kind.MENTION: Channel.UNREAD,
    Notification.Kind.MESSAGE: Channel.UNREAD,
    Notification.Kind.REACTION: Channel.APP,
    Notification.Kind.READ_REMINDER: Channel.EMAIL,
    Notification.Kind.FILE_QUARANTINED: Channel.EMAIL,
    Notification.Kind.DATA_EXPORT: Channel.EMAIL,
}
EMAIL_CHANNELS = (Channel.EMAIL, Channel.UNREAD)


def default_channel(kind: str) -> str:
    return DEFAULT_CHANNELS.get(kind, Channel.DIGEST)


def chosen_channel(kind: str, saved: tuple[str, bool] | None) -> str:
    """The channel of a saved (channel, in_app) choice, or the kind's default without one; a
    row turned off in Parvis (`in_app` false) is off whatever its channel says."""
    if saved is None:
        return default_channel(kind)
    channel, in_app = saved
    return Channel.OFF if not in_app else channel or default_channel(kind)


class NotificationPreference(models.Model):
    """A person's choice for one kind; no row means the kind's default channel."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=20, choices=Notification.Kind.choices)
    # Kept beside the channel for the queries that only ask « does this person want it in
    # Parvis » (groups' fan-out): false exactly when the channel is « off ».
    in_app = models.BooleanField(default=True)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.DIGEST)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notifications_one_pref_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.kind}: {self.channel}"
