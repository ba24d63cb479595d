"""Read-side queries on news shared by views, feeds and the homepage."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import F, Prefetch

from wagtail.images import get_image_model

from knowledge.selectors import visible_pages

from .models import NewsPage, NewsPageQuerySet

if TYPE_CHECKING:
    from social.people.models import User

HOMEPAGE_PINNED = 3
HOMEPAGE_LATEST = 6


def news_for_cards() -> NewsPageQuerySet:
    """Live news, newest first, with what a card shows (no rule on who reads them: callers
    filter, or pass ids already filtered)."""
    return (
        NewsPage.objects.live()
        .select_related("service", "main_image")
        .prefetch_related(
            "themes",
            Prefetch(
                "main_image__renditions",
                queryset=get_image_model().get_rendition_model().objects.all(),
            ),
        )
        .defer_streamfields()
        .order_by(F("date").desc(nulls_last=True), "-pk")
    )


def news_visible_to(
    user: User, *, service_id: int | None = None, theme_id: int | None = None
) -> NewsPageQuerySet:
    """Live news the user's audience may see, newest first, ready for cards (bounded queries)."""
    news = visible_pages(user, news_for_cards().visible_to(user))
    if service_id is not None:
        news = news.filter(service_id=service_id)
    if theme_id is not None:
        news = news.filter(themes__id=theme_id)
    return news


def homepage_pinned_news(*, user: User) -> NewsPageQuerySet:
    """The first pinned news items, for the top of the homepage."""
    return news_visible_to(user).filter(pinned=True)[:HOMEPAGE_PINNED]


def homepage_latest_news(*, user: User) -> NewsPageQuerySet:
    """The latest news not already shown as pinned (pinned ones beyond the first few fall back
    here)."""
    pinned = homepage_pinned_news(user=user)
    return news_visible_to(user).exclude(pk__in=pinned.values("pk"))[:HOMEPAGE_LATEST]
