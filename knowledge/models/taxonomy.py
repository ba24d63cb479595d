"""Themes: the cross-service taxonomy (logement, urbanisme, culture...) that the knowledge base
owns and that news, articles and documents point to."""

import time

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


_THEME_NAMES: dict[int, str] = {}
_THEME_NAMES_READ_AT = [0.0]
THEME_NAMES_MAX_AGE = 60  # seconds: a renamed theme reaches what is indexed after that


def theme_names(theme_ids) -> list[str]:
    """The names of these themes (ids or their texts). Rebuilding 100,000 rows asks for them
    100,000 times, so they are kept in the process, read again when one is unknown or after
    THEME_NAMES_MAX_AGE (a worker lives for days: a renamed theme must not keep its old name in
    every entry it writes). Entries written before a rename are written again by
    `theme_entries_reindex`, queued when the theme is renamed or deleted."""
    theme_ids = [int(pk) for pk in theme_ids]
    now = time.monotonic()
    stale = now - _THEME_NAMES_READ_AT[0] > THEME_NAMES_MAX_AGE
    if stale or any(pk not in _THEME_NAMES for pk in theme_ids):
        _THEME_NAMES.clear()
        _THEME_NAMES.update(Theme.objects.values_list("pk", "name"))
        _THEME_NAMES_READ_AT[0] = now
    return [_THEME_NAMES[pk] for pk in theme_ids if pk in _THEME_NAMES]


def forget_theme_names() -> None:
    """Read the themes' names again at the next `theme_names` (one was renamed or deleted)."""
    _THEME_NAMES.clear()
    _THEME_NAMES_READ_AT[0] = 0.0
