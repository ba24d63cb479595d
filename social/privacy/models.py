"""Retention policies set by administrators, the record of each nightly retention run, and
the « Mes données » exports."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.core.privacy import registry


class RetentionPolicy(models.Model):
    """How long one kind of data is kept, when the administrators changed the default."""

    kind = models.CharField(_("données"), max_length=60, unique=True)
    days = models.PositiveIntegerField(
        _("durée de conservation (jours)"),
        null=True,
        blank=True,
        help_text=_("Laissez vide pour garder sans limite de durée."),
    )
    changed_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("durée de conservation")
        verbose_name_plural = _("durées de conservation")
        ordering = ["kind"]

    def __str__(self) -> str:
        declared = registry.kinds.get(self.kind)
        return str(declared.label) if declared else self.kind

    def clean(self) -> None:
        declared = registry.kinds.get(self.kind)
        if declared is None:
            raise ValidationError({"kind": _("Ce type de données n'est pas déclaré.")})
        if self.days is not None and self.days < declared.min_days:
            raise ValidationError(
                {
                    "days": _("Au moins %(days)s jour(s) pour ces données.")
                    % {"days": declared.min_days}
                }
            )


class RetentionRun(models.Model):
    """One run of the retention task: what it removed, kind by kind."""

    started_at = models.DateTimeField(_("commencé le"), default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    removed = models.JSONField(_("supprimé"), default=dict, blank=True)
    errors = models.JSONField(_("erreurs"), default=dict, blank=True)

    class Meta:
        verbose_name = _("passage de la conservation")
        verbose_name_plural = _("passages de la conservation")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M}"

    @property
    def total(self) -> int:
        return sum(self.removed.values())


class DataExport(models.Model):
    """A person's « Mes données » ZIP: built by a worker, downloadable by its owner only until
    it expires, then deleted."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En préparation")
        READY = "ready", _("Prêt")
        FAILED = "failed", _("Échec")

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    requested_at = models.DateTimeField(_("demandé le"), default=timezone.now, db_index=True)
    ready_at = models.DateTimeField(_("prêt le"), null=True, blank=True)
    expires_at = models.DateTimeField(_("valable jusqu'au"), null=True, blank=True)
    stored_as = models.CharField(max_length=255, blank=True)  # in private storage; "" once gone
    size = models.PositiveBigIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("export de données personnelles")
        verbose_name_plural = _("exports de données personnelles")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.requested_at:%Y-%m-%d}"

    def downloadable(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status == self.Status.READY
            and bool(self.stored_as)
            and self.expires_at is not None
            and self.expires_at > now
        )
