"""The outbox every e-mail of Parvis goes through, the addresses that bounce, and each person's
e-mail settings (digest frequency, language) with the digests sent to them.

An e-mail is a row of `OutgoingMail` written in the transaction that decides it (a digest marks
its notifications digested and records itself in the same one): a worker killed, or an SMTP
server down, leaves the row pending, and the sender sends it later; nothing is lost, and a
digest already written is never written again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutgoingMail(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("À envoyer")
        SENT = "sent", _("Envoyé")
        FAILED = "failed", _("Abandonné")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("destinataire"),
        on_delete=models.CASCADE,
        related_name="outgoing_mails",
    )
    to = models.EmailField(_("adresse"))
    # « digest », a notification kind (« mention »…), « message »…: what an unsubscribe stops.
    kind = models.CharField(_("type"), max_length=30)
    subject = models.CharField(_("objet"), max_length=255)
    text = models.TextField()
    html = models.TextField()
    headers = models.JSONField(default=dict)
    # Files joined to the message, as text: [name, content, MIME type] (an invitation's .ics).
    attachments = models.JSONField(default=list, blank=True)
    message_id = models.CharField(max_length=255, unique=True)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    error = models.CharField(_("dernière erreur"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("e-mail sortant")
        verbose_name_plural = _("e-mails sortants")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["next_attempt_at", "id"],
                condition=Q(status="pending"),
                name="mail_outbox_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


class MailBounce(models.Model):
    """An address that refused a message: at sending (the SMTP server said 5xx) or later (a
    delivery status notification the MTA handed to `manage.py mail_bounce`). A permanent one
    stops every e-mail to the address until it is cleared (the person, or an administrator)."""

    address = models.EmailField(_("adresse"), db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="mail_bounces",
    )
    permanent = models.BooleanField(_("définitif"), default=True)
    code = models.CharField(_("code"), max_length=20, blank=True)
    diagnostic = models.CharField(_("diagnostic"), max_length=500, blank=True)
    source = models.CharField(_("origine"), max_length=10)  # "smtp" or "dsn"
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        verbose_name = _("adresse en échec")
        verbose_name_plural = _("adresses en échec")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.address} ({self.code})"


class MailSettings(models.Model):
    """A person's e-mail settings; no row means the defaults (weekly digest, French)."""

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("Chaque semaine, le lundi matin")
        DAILY = "daily", _("Chaque jour ouvré, le matin")
        NEVER = "never", _("Jamais")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="mail_settings",
    )
    digest = models.CharField(
        _("résumé par e-mail"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    language = models.CharField(
        _("langue des e-mails"), max_length=10, choices=settings.LANGUAGES, default="fr"
    )

    class Meta:
        verbose_name = _("réglages d'e-mail")
        verbose_name_plural = _("réglages d'e-mail")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.digest}"


class DigestDelivery(models.Model):
    """One digest of one period for one person: written in the transaction that marks its
    notifications digested and puts its e-mail in the outbox (none when it had nothing to say)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests"
    )
    period = models.CharField(max_length=20)  # "w2026-49", "d2026-12-07"
    created_at = models.DateTimeField(default=timezone.now)
    mail = models.ForeignKey(
        OutgoingMail, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    counts = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "period"], name="mail_one_digest_per_period")
        ]
        indexes = [models.Index(fields=["user", "-created_at"], name="mail_digest_latest")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.period}"
