"""Secrets in personal URLs (the news feed, the calendar subscription): a reader that cannot
sign in (a feed reader, a phone's calendar) reads what its owner may see, as long as the token
is not revoked. Only the secret's SHA-256 is stored; the URL is shown once, when it is made."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_ACTIVE_TOKENS = 5
# last_used_at is written at most this often (a calendar polls every few minutes).
LAST_USED_PRECISION = timedelta(hours=1)


class TooManyTokens(Exception):
    pass


class SecretTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True)

    def create_for(self, *, user, name: str = ""):
        """A new token of `user`'s; returns it with its secret, never stored nor shown again."""
        if self.active().filter(user=user).count() >= MAX_ACTIVE_TOKENS:
            raise TooManyTokens
        secret = self.model.new_secret()
        token = self.create(user=user, name=name[:80], digest=self.model.digest_of(secret))
        return token, secret

    def revoke(self, *, user, token_id: int) -> bool:
        """Revoke one of `user`'s own tokens; False when there was no such active token."""
        return bool(
            self.filter(pk=token_id, user=user, revoked_at__isnull=True).update(
                revoked_at=timezone.now()
            )
        )

    def revoke_people(self, person_ids) -> int:
        """Revoke every token of these people (their departure, social/privacy/)."""
        return self.filter(user_id__in=person_ids, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )

    def export_rows(self, person):
        """A person's tokens for their « Mes données » export, without any secret."""
        for token in self.filter(user=person):
            yield {
                "name": token.name,
                "created": token.created_at,
                "last_used": token.last_used_at,
                "revoked": token.revoked_at,
            }

    def holder(self, secret: str):
        """The active token of this secret (its use noted), or None."""
        token = self.active().select_related("user").filter(digest=self.model.digest_of(secret))
        token = token.first()
        if token is None:
            return None
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
            self.filter(pk=token.pk).update(last_used_at=now)
        return token


class SecretToken(models.Model):
    """A subclass adds `user`, the person whose rights the URL carries."""

    name = models.CharField(_("nom"), max_length=80, blank=True)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)

    objects = SecretTokenQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name or str(self.created_at)

    @staticmethod
    def digest_of(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()

    @classmethod
    def new_secret(cls) -> str:
        return secrets.token_urlsafe(32)
