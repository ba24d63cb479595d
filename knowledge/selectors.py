"""Read-side queries of the knowledge base: the restricted sections a reader may not enter
(their part of the reader scope) and the services and themes offered as filters."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.cache import caches

from wagtail.models import PageViewRestriction

from cms.core import generations
from social.people.audience import per_user_cached
from social.people.models import Service

from .models import Theme

CONTENT_GENERATION_KEY = generations.CONTENT

if TYPE_CHECKING:
    from social.people.models import User


def denied_paths(user: User) -> tuple[str, ...]:
    """Tree paths of the restricted sections `user` may not see (their whole subtree is hidden).

    A section restricted to some groups is seen by their members and by superusers; Parvis has
    no shared-password restriction (disabled in settings), so such a page is hidden from all.
    """
    if user.is_superuser:
        return ()
    return per_user_cached(
        user, "denied-paths", _compute_denied_paths, generations=(CONTENT_GENERATION_KEY,)
    )


def _compute_denied_paths(user: User) -> tuple[str, ...]:
    group_ids = set(user.groups.values_list("pk", flat=True))
    paths = []
    restrictions = PageViewRestriction.objects.select_related("page").prefetch_related("groups")
    for restriction in restrictions:
        if restriction.restriction_type == PageViewRestriction.LOGIN:
            allowed = user.is_authenticated
        elif restriction.restriction_type == PageViewRestriction.GROUPS:
            allowed = bool(group_ids & {group.pk for group in restriction.groups.all()})
        else:
            allowed = False
        if not allowed:
            paths.append(restriction.page.path)
    return tuple(sorted(paths))


FILTER_CHOICES_TIMEOUT = 3600


def filter_choices(generation: int) -> dict[str, dict[str, dict]]:
    """Services and themes offered as filters (news, search), by slug; cached per content
    generation."""

    key = f"filter-choices:{generation}"
    choices = caches["fragments"].get(key)
    if choices is None:
        choices = {
            "services": {
                slug: {"id": pk, "slug": slug, "name": name}
                for pk, slug, name in Service.objects.values_list("pk", "slug", "name")
            },
            "themes": {
                slug: {"id": pk, "slug": slug, "name": name}
                for pk, slug, name in Theme.objects.values_list("pk", "slug", "name")
            },
        }
        caches["fragments"].set(key, choices, FILTER_CHOICES_TIMEOUT)
    return choices
