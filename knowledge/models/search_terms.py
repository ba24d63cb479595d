from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchTermDay(models.Model):
    """How often a query was searched on one day, and how often it found nothing: the editors'
    report of top queries and queries without results. No reader is recorded."""

    term = models.CharField(_("recherche"), max_length=200)
    day = models.DateField(_("jour"))
    searches = models.PositiveIntegerField(_("recherches"), default=0)
    without_results = models.PositiveIntegerField(_("recherches sans résultat"), default=0)

    class Meta:
        verbose_name = _("recherche du jour")
        verbose_name_plural = _("recherches par jour")
        constraints = [
            models.UniqueConstraint(fields=["term", "day"], name="knowledge_one_term_per_day")
        ]
        indexes = [models.Index(fields=["day", "term"])]

    def __str__(self) -> str:
        return f"{self.term} ({self.day})"
