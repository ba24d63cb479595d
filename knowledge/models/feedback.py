from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ArticleFeedback(models.Model):
    """« Cette page vous a-t-elle été utile ? »: one answer per person and article."""

    article = models.ForeignKey(
        "knowledge.ArticlePage",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        on_delete=models.CASCADE,
        related_name="article_feedback",
    )
    useful = models.BooleanField(_("utile"))
    comment = models.TextField(_("commentaire"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("donné le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("avis sur un article")
        verbose_name_plural = _("avis sur les articles")
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "user"], name="knowledge_one_feedback_per_person"
            )
        ]

    def __str__(self) -> str:
        verdict = _("utile") if self.useful else _("pas utile")
        return f"{self.article} — {verdict}"
