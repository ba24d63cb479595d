"""Themes: the cross-service taxonomy (logement, urbanisme, culture...) that the knowledge base
owns and that news, articles and documents point to."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.search import index


class Theme(index.Indexed, models.Model):
    name = models.CharField(_("nom"), max_length=100, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
