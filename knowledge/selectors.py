"""Read-side queries of the knowledge base, restricted pages taken into account everywhere."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wagtail.models import PageViewRestriction

from home.cache import content_generation
from social.people.audience import per_user_cached

if TYPE_CHECKING:
    from social.people.models import User

    from .models import ArticleFeedback, ArticlePage


def denied_paths(user: User) -> tuple[str, ...]:
    """Tree paths of the restricted sections `user` may not see (their whole subtree is hidden).

    A section restricted to some groups is seen by their members and by superusers; Parvis has
    no shared-password restriction (disabled in settings), so such a page is hidden from all.
    """
    if user.is_superuser:
        return ()
    return per_user_cached(
        user, "denied-paths", _compute_denied_paths, vary_on=(content_generation(),)
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


def visible_pages(user: User, pages):
    """`pages` without those inside a section restricted from `user`."""
    for path in denied_paths(user):
        pages = pages.exclude(path__startswith=path)
    return pages


def page_is_visible(user: User, page) -> bool:
    return not any(page.path.startswith(path) for path in denied_paths(user))


def articles_visible_to(user: User):
    """Live articles `user` may see, ready for lists (owner service and themes prefetched)."""
    from .models import ArticlePage

    articles = (
        ArticlePage.objects.live()
        .select_related("service")
        .prefetch_related("themes")
        .defer_streamfields()
        .order_by("title")
    )
    return visible_pages(user, articles)


def feedback_of(*, user: User, article: ArticlePage) -> ArticleFeedback | None:
    from .models import ArticleFeedback

    if not user.is_authenticated:
        return None
    return ArticleFeedback.objects.filter(user=user, article=article).first()
