"""Reactions (« J'aime », « Merci », « Bravo », « Intéressant ») on pages, comments and posts."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Reaction(models.Model):
    class Kind(models.TextChoices):
        LIKE = "like", _("J'aime")
        THANKS = "thanks", _("Merci")
        BRAVO = "bravo", _("Bravo")
        INTERESTING = "interesting", _("Intéressant")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions"
    )
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    kind = models.CharField(_("réaction"), max_length=12, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("réaction")
        verbose_name_plural = _("réactions")
        constraints = [
            # One reaction of each kind per person and thing, whatever the clicks and requests.
            models.UniqueConstraint(
                fields=["target_type", "target_id", "user", "kind"],
                name="reactions_one_of_each_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["like", "thanks", "bravo", "interesting"]),
                name="reactions_known_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_kind_display()}"
